"""Word out and back in: the .docx keeps the Decree 30 layout and imports to the same record."""

import datetime
import io
import zipfile

import docx
import pytest
from django.db import transaction
from django.urls import reverse
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml.ns import qn

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


def grid_and_cells(table) -> list[tuple[list[int], list[int]]]:
    """Per row, the grid column widths and the cell widths, in twips."""
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    rows = []
    for row in table.rows:
        cells = [int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for tc in row._tr.tc_lst]
        rows.append((grid, cells))
    return rows


def test_docx_layout_follows_decree_30(board, import_file, seed_000):
    notice = import_file(seed_000).notice
    document = docx.Document(io.BytesIO(notice_docx(notice)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert 'w:lang w:val="vi-VN"' in document.styles.element.xml
    assert 'w:val="en-US"' not in document.styles.element.xml

    # The header: two rows whose grid and cells agree (42 % | 58 % of the 165 mm text width).
    header, signing = document.tables
    assert header._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    for grid, cells in grid_and_cells(header):
        assert grid == cells == [3929, 5426]
    (agency, nation), (number, date) = (row.cells for row in header.rows)
    assert [p.text for p in agency.paragraphs if p.text] == [
        "UBND THÀNH PHỐ HẢI PHÒNG",
        "BAN QUẢN LÝ KHU KINH TẾ HẢI PHÒNG",
    ]
    assert [p.text for p in nation.paragraphs] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert nation.paragraphs[1].runs[0].underline
    assert number.text == "Số: 2880/TB-BQL"
    assert date.text == "Hải Phòng, ngày 14 tháng 6 năm 2023" and date.paragraphs[0].runs[0].italic
    assert number.vertical_alignment == date.vertical_alignment == WD_CELL_VERTICAL_ALIGNMENT.BOTTOM

    # Page numbers from page 2: a PAGE field in the header of every page but the first.
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header.paragraphs[0]._p.xml
    assert "PAGE" not in section.first_page_header._element.xml
    assert "DỰ THẢO" not in section.header._element.xml + section.first_page_header._element.xml

    body = [p for p in document.paragraphs if p.text.startswith("Căn cứ")][0]
    assert body.paragraph_format.first_line_indent.cm == pytest.approx(1.27, abs=0.01)
    assert body.runs[0].font.size.pt == 14
    body_texts = [p.text for p in document.paragraphs if p.text]
    assert body_texts[-1].endswith("tăng cường công tác kiểm soát thủ tục hành chính./.")
    for grid, cells in grid_and_cells(signing):
        assert grid == cells
    recipients, signer = (cell.paragraphs for cell in signing.rows[0].cells)
    assert [p.text for p in recipients] == [
        "Nơi nhận:",
        "- Lãnh đạo Ban (để báo cáo);",
        "- Văn phòng, các phòng chuyên môn BQL;",
        "- Lưu: VP/BQL.",
    ]
    assert [p.text for p in signer if p.text] == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Bùi Ngọc Hải"]


def test_docx_properties_describe_the_notice_not_the_template(board, import_file, seed_000):
    notice = import_file(seed_000).notice
    data = notice_docx(notice)
    properties = docx.Document(io.BytesIO(data)).core_properties
    assert properties.title.startswith("Thông báo 2880/TB-BQL: Kết quả kiểm tra công tác cải cách hành chính")
    assert properties.author == properties.last_modified_by == "Ban Quản lý Khu kinh tế Hải Phòng"
    assert properties.language == "vi-VN" and properties.category == "Thông báo"
    created = notice.created_at.astimezone(datetime.UTC).replace(microsecond=0)
    assert properties.created == created and properties.modified >= created
    assert properties.comments == "" and "python-docx" not in properties.author
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert not [name for name in package.namelist() if "thumbnail" in name]
        application = package.read("docProps/app.xml").decode()
    assert "<Company>Ban Quản lý Khu kinh tế Hải Phòng</Company>" in application
    assert "Microsoft" not in application


def test_a_draft_exports_without_number_marked_draft_and_cannot_be_imported(board, inspector):
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
    document = docx.Document(io.BytesIO(data))
    assert document.tables[0].rows[1].cells[0].text == "Số: …/TB-BQL"
    section = document.sections[0]
    for header in (section.first_page_header, section.header):  # every page
        assert 'string="DỰ THẢO"' in header._element.xml
    assert document.core_properties.title == "Dự thảo thông báo: Kết quả kiểm tra"
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
