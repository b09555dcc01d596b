"""Text people type reaches the PDFs as text: WeasyPrint gets it escaped, so markup and script
are printed literally, never laid out as HTML, and no PDF carries JavaScript or actions.

Renders for real (about a second each), once per document.
"""

from io import BytesIO

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, TextStringObject

from inspections.exports import render_year_summary_pdf
from inspections.models import Criterion, Finding, Inspection, Notice, NoticeItem, NoticeRecipient
from inspections.pdf import render_notice_pdf
from units.models import Unit

pytestmark = [pytest.mark.django_db, pytest.mark.real_pdf]

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
# Keys that make a PDF run something: JavaScript, launch or submit actions, automatic actions.
ACTIVE_KEYS = {
    "/JS",
    "/JavaScript",
    "/AA",
    "/OpenAction",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/RichMedia",
}


def flat(text: str) -> str:
    """Compare without line breaks and case (the title prints in capitals, lines wrap)."""
    return "".join(text.split()).casefold()


def pdf_text(data: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages))


def active_keys(data: bytes) -> set[str]:
    """Every dictionary key (and action type) reachable from the trailer that could run code,
    including objects kept inside compressed object streams, where a byte search cannot look."""
    reader = PdfReader(BytesIO(data))
    found, seen, stack = set(), set(), [reader.trailer]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            found |= set(obj.keys()) & ACTIVE_KEYS
            if obj.get("/S") in ACTIVE_KEYS:
                found.add(str(obj["/S"]))
            stack.extend(value for name, value in obj.items() if name != "/Parent")
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return found


def assert_printed_as_text(data: bytes, *texts: str) -> None:
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for typed in texts:
        assert flat(typed) in text, f"{typed!r} is not printed literally"
    assert b"/JavaScript" not in data and b"/JS " not in data and b"/JS(" not in data
    assert not active_keys(data), "the PDF holds JavaScript or an action"


def test_markup_typed_into_a_notice_is_printed_literally(world):
    notice = world.notices["draft"]
    Notice.objects.filter(pk=notice.pk).update(
        title=f"kết quả kiểm tra {SCRIPT}",
        opening=f"Căn cứ {IMAGE} đoạn mở đầu.",
        closing=f"Yêu cầu {SCRIPT} khắc phục./.",
    )
    NoticeItem.objects.filter(notice=notice, position=1).update(text=f"Mục có {IMAGE} trong văn bản.")
    NoticeRecipient.objects.create(notice=notice, position=2, text=f"Phòng {SCRIPT};")
    notice.refresh_from_db()

    data = render_notice_pdf(notice)

    assert_printed_as_text(
        data,
        f"KẾT QUẢ KIỂM TRA {SCRIPT}",
        f"Căn cứ {IMAGE} đoạn mở đầu.",
        f"Yêu cầu {SCRIPT} khắc phục./.",
        f"Mục có {IMAGE} trong văn bản.",
        f"Phòng {SCRIPT};",
    )


def test_markup_typed_into_records_is_printed_literally_in_the_year_summary(world):
    shortcoming = world.shortcoming
    Unit.objects.filter(pk=shortcoming.unit_check.unit_id).update(name=f"Phòng {IMAGE}")
    Criterion.objects.filter(pk=shortcoming.criterion_id).update(name=f"Niêm yết {SCRIPT}")
    Inspection.objects.filter(pk=world.inspection.pk).update(title=f"Đợt kiểm tra {IMAGE}")
    Finding.objects.filter(pk=shortcoming.pk).update(observation=f"Chưa niêm yết {SCRIPT} tại trụ sở.")

    data = render_year_summary_pdf(2023, world.organization)

    assert_printed_as_text(
        data,
        f"Phòng {IMAGE}",
        f"Niêm yết {SCRIPT}",
        f"Đợt kiểm tra {IMAGE}",
        f"Chưa niêm yết {SCRIPT} tại trụ sở.",
    )


def test_the_checker_finds_a_javascript_action():
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    writer.compress_identical_objects()
    output = BytesIO()
    writer.write(output)
    assert {"/OpenAction", "/JS", "/JavaScript"} <= active_keys(output.getvalue())
