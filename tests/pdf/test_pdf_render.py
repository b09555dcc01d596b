"""Real WeasyPrint renders of the two seed notices and of hostile input (the slow tests)."""

import subprocess
import unicodedata
from collections import Counter
from io import BytesIO

import pytest
from pdf_inspect import MM, assert_in_order, body_text, phrase_box, runs, word_boxes
from pdf_seed_notices import seed_sentences
from pypdf import PdfReader

from inspections.models import Notice, NoticeItem, NoticeRecipient
from inspections.pdf import render_notice_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.real_pdf]

A4 = (210 * MM, 297 * MM)


def marked_pages(data):
    """For each page, whether it carries the large "DỰ THẢO" mark."""
    count = len(PdfReader(BytesIO(data)).pages)
    return [any(r.text == "DỰ THẢO" and r.size > 40 for r in runs(data, page)) for page in range(count)]


def find(page_runs, prefix):
    return next(run for run in page_runs if run.text.startswith(prefix))


@pytest.mark.parametrize("number", [2880, 2819])
def test_issued_seed_contains_every_sentence_in_order(number, issue_seed):
    _, data = issue_seed(number)

    text = body_text(data)
    assert_in_order(text, ["UBND THÀNH PHỐ HẢI PHÒNG", f"Số: {number}/TB-BQL", "THÔNG BÁO"])
    assert_in_order(text, ["Hải Phòng, ngày 14 tháng 6 năm 2023"])
    assert_in_order(text, seed_sentences(number))
    assert marked_pages(data) == [False, False]


@pytest.mark.parametrize("number", [2880, 2819])
def test_seed_layout_follows_decree_30(number, issue_seed):
    _, data = issue_seed(number)
    reader = PdfReader(BytesIO(data))
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(A4[0], abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(A4[1], abs=0.5)

    first = runs(data, 0)
    body = [run for run in first if run.top > 60 * MM]
    assert min(run.x for run in body) / MM == pytest.approx(30, abs=1)
    sizes = Counter(run.size for run in first for _ in run.text)
    assert sizes.most_common(1)[0][0] == pytest.approx(14, abs=0.05)
    assert all("Liberation-Serif" in run.font for run in first)

    # Header: agency in the left column, Quốc hiệu in the right, in the same top band.
    boxes = word_boxes(data, 0)
    agency = phrase_box(boxes, "UBND THÀNH PHỐ HẢI PHÒNG")
    nation = phrase_box(boxes, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert agency[2] < nation[0]  # side by side, agency on the left
    assert agency[1] < 25 * MM and abs(agency[1] - nation[1]) < 3  # same top band
    number_line = phrase_box(boxes, f"Số: {number}/TB-BQL")
    date_line = phrase_box(boxes, "Hải Phòng, ngày 14 tháng 6 năm 2023")
    assert (number_line[0] + number_line[2]) / 2 < (agency[0] + agency[2]) / 2 + 5
    assert number_line[2] < date_line[0] and abs(number_line[1] - date_line[1]) < 2
    agency = find(first, "UBND THÀNH PHỐ")
    assert "Bold" in find(first, "BAN QUẢN LÝ").font and "Bold" not in agency.font
    # The number and date were written after the leader signed, in form fields: upright and
    # italic faces of the shipped serif, embedded (pdffonts lists every font as embedded).
    fonts = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "LiberationSerif-Italic" in fonts and "+LiberationSerif " in fonts
    assert all(row.split()[-5] == "yes" for row in fonts.splitlines()[2:])

    # Page numbers: none on page 1, "2" centred in the top margin of page 2.
    assert not [run for run in first if run.top < 20 * MM]
    top_of_second = [run for run in runs(data, 1) if run.top < 20 * MM]
    assert [run.text for run in top_of_second] == ["2"]
    assert top_of_second[0].x == pytest.approx((30 * MM + A4[0] - 15 * MM) / 2, abs=8)


def test_issued_pdf_is_pdfa_with_two_valid_signatures(issue_seed, tmp_path):
    _, data = issue_seed(2880)

    xmp = PdfReader(BytesIO(data)).xmp_metadata.stream.get_data().decode()
    assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="B"' in xmp

    path = tmp_path / "2880.pdf"
    path.write_bytes(data)
    pdfsig = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=True).stdout
    assert pdfsig.count("Signature is Valid.") == 2
    assert "Total document signed" in pdfsig


def test_issued_pdf_shows_the_verification_code_and_no_signature_text_box(issue_seed, settings):
    settings.SITE_URL = "https://kiemtra.example.gov.vn"
    _, data = issue_seed(2819)
    text = body_text(data)
    assert "SEED2819" in text
    assert "https://kiemtra.example.gov.vn/verify/SEED2819/" in text
    assert "Ký số bởi" not in text and "Thời gian ký" not in text  # the signatures show as images


@pytest.mark.parametrize("number", [2880, 2819])
def test_draft_seed_is_marked_on_every_page_and_has_no_number(number, seed_notice):
    data = render_notice_pdf(seed_notice(number, numbered=False))
    assert marked_pages(data) == [True, True]
    text = body_text(data)
    assert "Số: …/TB-BQL" in text
    assert_in_order(" ".join(text.split()), ["Hải Phòng, ngày tháng năm 20"])
    assert "Bùi Ngọc Hải" in text and "PHÓ TRƯỞNG BAN" in text
    assert "Ký số bởi" not in text


def test_hostile_input_is_printed_as_text_wrapped_paginated_and_composed(
    organization, leader, inspector, make_unit
):
    from inspections.models import Inspection, InspectionPlan

    plan = InspectionPlan.objects.create(organization=organization, year=2023, title="KH")
    inspection = Inspection.objects.create(
        plan=plan, title="Đợt", starts_on="2023-06-06", ends_on="2023-06-07"
    )
    long_word = "Khôngcókhoảngtrắng" * 20
    decomposed = unicodedata.normalize("NFD", "Kiểm tra việc niêm yết")
    notice = Notice.objects.create(
        inspection=inspection,
        organization=organization,
        place="Hải Phòng",
        title="<script>alert('x')</script> tại các phòng",
        opening=f"<b>in đậm?</b> & {long_word}\n{decomposed} 😀 xong.",
        closing="Kết thúc./.",
        signer=leader,
        created_by=inspector,
    )
    for position in range(1, 51):
        NoticeItem.objects.create(
            notice=notice, position=position, text=f"Mục thứ {position} <i>nghiêng</i>."
        )
    for position in range(1, 41):
        NoticeRecipient.objects.create(notice=notice, position=position, text=f"Phòng số {position}")

    data = render_notice_pdf(notice)

    text = body_text(data)
    assert "<script>alert('x')</script> tại các phòng" in text
    assert "<b>in đậm?</b> &" in text
    assert "50. Mục thứ 50 <i>nghiêng</i>." in text
    assert "- Phòng số 1;" in text and "- Phòng số 40;" in text and "- Lưu: VT, VP." in text
    assert "Kiểm tra việc niêm yết" in text and decomposed not in text
    assert "xong." in text
    marks = marked_pages(data)
    assert len(marks) >= 3 and all(marks)
    right_edge = A4[0] - 15 * MM
    assert all(x_max <= right_edge + 1 for _, _, _, x_max in word_boxes(data))
    assert "".join(box[0] for box in word_boxes(data)).count("Khôngcókhoảngtrắng") == 20
