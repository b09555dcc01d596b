"""Word out and back in: the .docx keeps the Decree 30 layout and imports to the same record."""

import io

import docx
import pytest
from django.db import transaction
from django.urls import reverse

from inspections.docx_export import notice_docx
from inspections.importing import ImportRefused, read_notice
from inspections.models import Notice
from inspections.services.importing import fingerprint_of_notice

pytestmark = pytest.mark.django_db


def snapshot(notice: Notice) -> dict:
    return fingerprint_of_notice(notice) | {
        "reference": notice.reference,
        "year": notice.year,
        "signer": notice.signer_id,
        "inspection": notice.inspection_id,
    }


@pytest.mark.parametrize("seed", ["seed_000", "seed_001"])
def test_notice_to_docx_to_import_gives_the_same_record(board, import_file, seed, request):
    with transaction.atomic():  # import, export, then forget the notice (a savepoint)
        original = import_file(request.getfixturevalue(seed)).notice
        expected = snapshot(original)
        data = notice_docx(original)
        transaction.set_rollback(True)
    assert not Notice.objects.exists()
    result = import_file(data, "thong-bao.docx")
    assert result.created
    assert snapshot(result.notice) == expected
    assert result.notice.source_file.name.endswith(".docx")
    assert [p for p in result.problems if p.level != "note"] == []


def test_reimporting_the_exported_docx_of_an_existing_notice_says_it_is_there(board, import_file, seed_000):
    notice = import_file(seed_000).notice
    again = import_file(notice_docx(notice), "2880.docx")
    assert not again.created and again.notice == notice


def test_docx_layout_follows_decree_30(board, import_file, seed_000):
    document = docx.Document(io.BytesIO(notice_docx(import_file(seed_000).notice)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
    assert document.styles["Normal"].font.name == "Times New Roman"
    header, signing = document.tables
    left, right = header.rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == [
        "UBND THÀNH PHỐ HẢI PHÒNG",
        "BAN QUẢN LÝ KHU KINH TẾ HẢI PHÒNG",
        "Số: 2880/TB-BQL",
    ]
    date_line = [p for p in right.paragraphs if p.text][-1]
    assert date_line.text == "Hải Phòng, ngày 14 tháng 6 năm 2023" and date_line.runs[0].italic
    body = [p for p in document.paragraphs if p.text.startswith("Căn cứ")][0]
    assert body.paragraph_format.first_line_indent.cm == pytest.approx(1.27, abs=0.01)
    assert body.runs[0].font.size.pt == 14
    body_texts = [p.text for p in document.paragraphs if p.text]
    assert body_texts[-1].endswith("tăng cường công tác kiểm soát thủ tục hành chính./.")
    recipients, signer = (cell.paragraphs for cell in signing.rows[0].cells)
    assert [p.text for p in recipients] == [
        "Nơi nhận:",
        "- Lãnh đạo Ban (để báo cáo);",
        "- Văn phòng, các phòng chuyên môn BQL;",
        "- Lưu: VP/BQL.",
    ]
    assert [p.text for p in signer if p.text] == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Bùi Ngọc Hải"]


def test_a_draft_exports_without_number_and_cannot_be_imported(board, inspector):
    draft = Notice.objects.create(
        inspection=board.departments_round,
        organization=board.organization,
        place="Hải Phòng",
        title="Kết quả kiểm tra",
        opening="Căn cứ Kế hoạch số 810/KH-BQL ngày 02/3/2023 về việc kiểm tra.",
        closing="Yêu cầu các phòng tiếp tục.",
        created_by=inspector,
    )
    data = notice_docx(draft)
    assert "Số: …/TB-BQL" in [
        p.text for p in docx.Document(io.BytesIO(data)).tables[0].rows[0].cells[0].paragraphs
    ]
    with pytest.raises(ImportRefused, match="chưa có số"):
        read_notice(data, "du-thao.docx")


def test_a_broken_docx_is_refused():
    with pytest.raises(ImportRefused, match="bị hỏng"):
        read_notice(b"PK\x03\x04 not really a zip", "x.docx")


def test_docx_download_for_readers_only(client, board, import_file, seed_001, leader, outsider):
    notice = import_file(seed_001).notice
    url = reverse("inspections:notice-docx", args=[notice.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(leader)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="2819-TB-BQL-2023.docx"'
    assert read_notice(response.content, "x.docx").reference == "2819/TB-BQL"
