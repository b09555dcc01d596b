"""Each kind of the round's documents, drafted from the demo's 2023 records, has its Decree 30 form
in its PDF (Nghị định 30/2020/NĐ-CP, Phụ lục I and III): the type name above the title, "Số:"
with the kind's symbol, the body numbered as the kind is (I., II. for a plan or report; "Điều 1."
after "QUYẾT ĐỊNH:" for a decision; 1., 2. for a notice or biên bản), the "./." ending, Nơi nhận
(none on a biên bản, which the inspected unit's representative signs beside the team leader).

The issued PDF is read with pdftotext (poppler), as a reader's copy would be.
"""

import io
import re
from dataclasses import dataclass
from datetime import date

import docx
import pytest
from django.urls import reverse
from pdf_inspect import assert_in_order, body_text

from inspections.docx_export import notice_docx
from inspections.pdf import render_notice_pdf

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Form:
    type_name: str
    symbol: str
    number: int
    issued_on: date
    date_line: str
    parts: list[str]  # the labels of the numbered parts, in order
    recipients: bool = True


# Numbers and dates of 2023 as the board numbers them (810/KH of 02/3, 2335/TB of 02/5, 2880/TB
# of 14/6); the decision, biên bản and report carry numbers of the same series in between.
FORMS = {
    "plan": Form(
        "KẾ HOẠCH", "KH-BQL", 810, date(2023, 3, 2), "Hải Phòng, ngày 02 tháng 3 năm 2023",
        ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG KIỂM TRA", "III. ĐỐI TƯỢNG, THỜI GIAN KIỂM TRA",
         "IV. THÀNH PHẦN ĐOÀN KIỂM TRA", "V. TỔ CHỨC THỰC HIỆN"],
    ),
    "decision": Form(
        "QUYẾT ĐỊNH", "QĐ-BQL", 905, date(2023, 3, 20), "Hải Phòng, ngày 20 tháng 3 năm 2023",
        ["Điều 1. Thành lập Đoàn kiểm tra", "Điều 2. Đoàn kiểm tra có nhiệm vụ",
         "Điều 3. Quyết định này có hiệu lực kể từ ngày ký"],
    ),
    "schedule": Form(
        "THÔNG BÁO", "TB-BQL", 2335, date(2023, 5, 2), "Hải Phòng, ngày 02 tháng 5 năm 2023",
        ["1. Thời gian, đơn vị được kiểm tra", "2. Thành phần Đoàn kiểm tra", "3. Nội dung kiểm tra", "4. "],
    ),
    "minutes": Form(
        "BIÊN BẢN", "BB-BQL", 2790, date(2023, 6, 6), "Hải Phòng, ngày 06 tháng 6 năm 2023",
        ["1. Kỷ luật, kỷ cương công vụ", "2. Công tác chỉ đạo, điều hành", "3. Chức năng, nhiệm vụ",
         "4. Kiểm soát thủ tục hành chính", "5. Niêm yết Bản cam kết"],
        recipients=False,
    ),
    "results": Form(
        "THÔNG BÁO", "TB-BQL", 2880, date(2023, 6, 14), "Hải Phòng, ngày 14 tháng 6 năm 2023",
        ["1. Các phòng chuyên môn đã", "2. Các phòng chuyên môn đã", "3. Các phòng chuyên môn đã",
         "4. Các phòng chuyên môn đã", "5. Các phòng chuyên môn đã"],
    ),
    "report": Form(
        "BÁO CÁO", "BC-BQL", 3490, date(2023, 12, 15), "Hải Phòng, ngày 15 tháng 12 năm 2023",
        ["I. CÔNG TÁC TỔ CHỨC KIỂM TRA", "II. KẾT QUẢ KIỂM TRA", "III. KẾT QUẢ KHẮC PHỤC SAU KIỂM TRA",
         "IV. ĐÁNH GIÁ CHUNG VÀ KIẾN NGHỊ"],
    ),
}  # fmt: skip
BOARD = "BAN QUẢN LÝ KHU KINH TẾ HẢI PHÒNG"
NATION = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


def collapsed(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def issued_pdf(make_document):
    """issued_pdf(kind) -> (notice, the text of its stored, signed and sealed PDF)."""

    def issue(kind):
        form = FORMS[kind]
        notice = make_document(kind, "issued", number=form.number, issued_on=form.issued_on)
        with notice.pdf.open("rb") as handle:
            return notice, body_text(handle.read())

    return issue


@pytest.mark.real_pdf
@pytest.mark.parametrize("kind", list(FORMS))
def test_the_issued_pdf_of_each_kind_has_its_decree_30_form(issued_pdf, kind):
    form = FORMS[kind]
    notice, text = issued_pdf(kind)
    # Header: issuing body and Quốc hiệu; "Số: 810/KH-BQL"; place and date.
    assert f"UBND THÀNH PHỐ HẢI PHÒNG {BOARD}" in text
    assert all(line in text for line in NATION)
    assert f"Số: {form.number}/{form.symbol}" in text
    assert form.date_line in text
    # The type name right above the title (trích yếu), as drafted from the records.
    assert f"{form.type_name} {collapsed(notice.title)}" in text
    # The body, numbered as the kind is, in order, and ending with "./.".
    assert_in_order(text, form.parts)
    assert re.search(r"\./\. (Nơi nhận:|ĐẠI DIỆN|KT\. TRƯỞNG BAN)", text), "the body does not end with ./."
    if form.recipients:
        assert "Nơi nhận:" in text and "- Lưu: VT, VP." in text
    else:
        assert "Nơi nhận" not in text


@pytest.mark.real_pdf
def test_a_decision_states_its_authority_then_its_bases_then_decides_in_articles(issued_pdf):
    notice, text = issued_pdf("decision")
    assert_in_order(
        text,
        [
            f"QUYẾT ĐỊNH {collapsed(notice.title)}",
            f"TRƯỞNG BAN {BOARD}",
            "Căn cứ Kế hoạch số 4647/QĐ-UBND ngày 30/12/2022 của UBND thành phố",
            "Căn cứ Kế hoạch số 810/KH-BQL ngày 02/3/2023",
            "Theo đề nghị của Chánh Văn phòng.",
            "QUYẾT ĐỊNH: Điều 1.",
            "Điều 2.",
            "Điều 3.",
            "chịu trách nhiệm thi hành Quyết định này./.",
        ],
    )
    # The articles are numbered once: "Điều 1." is not followed by another label.
    assert not re.search(r"Điều \d+\. (Điều \d+|\d+|[IVX]+)\.", text)


@pytest.mark.real_pdf
def test_a_bien_ban_is_signed_by_the_unit_s_representative_and_the_team_leader(issued_pdf, leader):
    notice, text = issued_pdf("minutes")
    assert notice.counterpart_name == "Đỗ Thị Lan"
    # Two signatories side by side: the inspected unit's (left) and the team leader (right).
    assert "ĐẠI DIỆN VĂN PHÒNG" in text and "CHÁNH VĂN PHÒNG" in text and "Đỗ Thị Lan" in text
    assert "TRƯỞNG ĐOÀN KIỂM TRA" in text and leader.display_name in text
    assert "KT. TRƯỞNG BAN" not in text  # a biên bản is not signed for the head of the board
    # What the visit's minutes record: time and place, both sides, content and the end.
    assert_in_order(
        text,
        [
            "Thời gian bắt đầu: vào hồi",
            "ngày 06/6/2023",
            "Địa điểm: tại Văn phòng",
            "Thành phần tham dự:",
            "1. Đoàn kiểm tra của Ban Quản lý Khu kinh tế Hải Phòng",
            "2. Văn phòng:",
            "Chủ trì:",
            "Thư ký:",
            "Nội dung: Đoàn kiểm tra đã kiểm tra",
            "Kết luận:",
            "Biên bản kết thúc vào hồi",
        ],
    )


@pytest.mark.real_pdf
@pytest.mark.parametrize("kind", ["plan", "decision", "schedule", "results", "report"])
def test_documents_for_the_head_are_signed_for_the_head(issued_pdf, kind, leader):
    _, text = issued_pdf(kind)
    assert_in_order(text, ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"])
    assert leader.display_name in text
    assert "ĐẠI DIỆN" not in text


@pytest.mark.parametrize("kind", list(FORMS))
def test_a_draft_pdf_shows_the_kind_and_symbol_without_a_number(make_document, kind):
    form = FORMS[kind]
    draft = make_document(kind)
    text = body_text(render_notice_pdf(draft))
    assert f"Số: …/{form.symbol}" in text
    assert form.type_name in text
    # No day and month before the number is given (Decree 30: filled in at issue).
    assert not re.search(r"Hải Phòng, ngày \d", text)


@pytest.mark.parametrize("kind", list(FORMS))
def test_no_word_is_doubled_in_what_the_composer_drafts(make_document, kind):
    """A composer chains the plan's subject into its sentences; 'kiểm tra kiểm tra' is a typo
    the board would have to correct by hand in every draft."""
    draft = make_document(kind)
    texts = [draft.title, draft.opening, *draft.items.values_list("text", flat=True), draft.closing]
    for text in texts:
        doubled = re.search(r"\b(\w+ \w+) \1\b", text)
        assert doubled is None, f"doubled words {doubled.group(0)!r} in {text[:200]!r}"


def docx_lines(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        lines += [paragraph.text for row in table.rows for cell in row.cells for paragraph in cell.paragraphs]
    return [line for line in lines if line.strip()]


@pytest.mark.parametrize("kind", list(FORMS))
def test_the_word_export_of_each_kind_has_the_same_form(make_document, kind):
    form = FORMS[kind]
    issued = make_document(kind, "issued", number=form.number, issued_on=form.issued_on)
    lines = docx_lines(notice_docx(issued))
    text = " ".join(lines)
    assert lines[:2] == [form.type_name, issued.title]
    assert f"Số: {form.number}/{form.symbol}" in lines and form.date_line in lines
    assert_in_order(text, form.parts)
    assert ("Nơi nhận:" in lines) == form.recipients
    if kind == "decision":
        assert_in_order(text, [f"TRƯỞNG BAN {BOARD}", "Căn cứ", "QUYẾT ĐỊNH:", "Điều 1."])
    if kind == "minutes":
        assert {"ĐẠI DIỆN VĂN PHÒNG", "CHÁNH VĂN PHÒNG", "Đỗ Thị Lan", "TRƯỞNG ĐOÀN KIỂM TRA"} <= set(lines)
    ending = [line for line in lines if line.endswith("./.")]
    assert len(ending) == 1, ending  # "./." ends the body once


NAMED = {
    "plan": "Kế hoạch",
    "decision": "Quyết định",
    "schedule": "Thông báo",
    "minutes": "Biên bản",
    "results": "Thông báo",
    "report": "Báo cáo",
}


@pytest.mark.parametrize("kind", list(FORMS))
def test_its_page_and_the_public_verification_page_name_the_document_by_its_kind(
    client, make_document, clerk, kind
):
    issued = make_document(kind, "issued")
    name = NAMED[kind]
    others = {other for other in NAMED.values() if other != name}
    verify = client.get(reverse("inspections:verify", args=[issued.verification_code]))
    assert verify.status_code == 200
    trich_yeu = verify.content.decode().split("Trích yếu</th><td>")[1].split("</td>")[0]
    assert trich_yeu == f"{name}: {issued.title}"
    client.force_login(clerk)
    page = client.get(issued.get_absolute_url()).content.decode()
    heading = page.split("<h1>")[1].split("<span")[0].strip()
    assert heading == f"{name} số {issued.reference}"
    assert not any(heading.startswith(other) for other in others)
