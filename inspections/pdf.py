"""Notice PDFs in the layout of Nghị định 30/2020/NĐ-CP, Phụ lục I.

- render_notice_pdf(notice) -> bytes: the layout on demand; a notice without a number is a
  draft and carries "DỰ THẢO" on every page.
- render_to_sign(notice) -> bytes: the final PDF/A-2b with the QR code and verification code,
  everything but the number and date, which are empty form fields; the signer's empty
  signature field sits between their title and name. The leader signs it at approval and
  the board seals it at issue (inspections.signing.pipeline, services.signing).
- render_paper_copy(notice) -> bytes: an imported notice, signed on paper, printed "(Đã ký)".

WeasyPrint costs ~0.9 s to import and its font set-up is the larger part of a render, so the
import, one FontConfiguration and the parsed print stylesheet are kept per process. Fonts
come only from static/fonts (inspections/fonts.py points fontconfig there before the import).
What a document shows is built by inspections/layout.py, shared with the Word export.
"""

import atexit
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from inspections import fonts
from inspections.layout import BLANK, notice_document, place_date
from inspections.signing import pipeline
from inspections.signing.fields import TextSpot
from inspections.siteurl import site_url
from inspections.text import nfc

STATIC_DIR = Path(settings.BASE_DIR) / "static"
PRINT_CSS = STATIC_DIR / "css" / "print.css"
NOTICE_TEMPLATE = "inspections/pdf/notice.html"
PDF_VARIANT = "pdf/a-2b"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels (1/96 in); PDF user space is 1/72 in.

# One render at a time per process: the shared font configuration is not thread-safe.
_render_lock = threading.Lock()


@cache
def _weasyprint():
    """Import WeasyPrint and prepare the fonts and the print stylesheet, once per process."""
    fonts.use_shipped_fonts()  # before fontconfig starts: it reads FONTCONFIG_FILE once
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    stylesheet = CSS(filename=str(PRINT_CSS), font_config=font_config)
    # Release the fonts while the interpreter is still whole (not during its teardown).
    atexit.register(_weasyprint.cache_clear)
    return HTML, stylesheet, font_config


def _layout(template: str, context: dict, **options):
    html_class, stylesheet, font_config = _weasyprint()
    html = render_to_string(template, context)
    page_set = html_class(string=html, base_url=str(STATIC_DIR) + "/")
    return page_set.render(stylesheets=[stylesheet], font_config=font_config, **options)


def render_template_pdf(template: str, context: dict) -> bytes:
    """Render a print template (one that extends inspections/pdf/document.html) to PDF bytes."""
    with _render_lock:
        return _layout(template, context).write_pdf()


def render_notice_pdf(notice) -> bytes:
    """Render `notice` to PDF bytes with WeasyPrint (a draft when it has no number yet)."""
    return render_template_pdf(NOTICE_TEMPLATE, {"doc": notice_document(notice)})


def verification_url(code: str) -> str:
    """The public address a notice's QR code points to."""
    return f"{site_url()}/verify/{code}/"


def _qr_data_uri(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_data_uri(border=0, scale=4)


@dataclass(frozen=True)
class Placed:
    """Where an element of the print layout landed, and the font its text would have."""

    page: int  # 0-based
    box: tuple[float, float, float, float]  # PDF points, origin bottom-left
    size: float  # font size, points
    face: str  # "regular", "italic" or "bold"


def _element_boxes(rendered, ids: set[str]) -> dict[str, Placed]:
    """Find where each element of `ids` landed, with its computed font size and face."""
    found = {}
    for index, page in enumerate(rendered.pages):
        height = page.height * PX_TO_PT
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None or element.get("id") not in ids or element.get("id") in found:
                continue
            left, top = box.border_box_x(), box.border_box_y()
            right, bottom = left + box.border_width(), top + box.border_height()
            style = box.style
            face = (
                "italic"
                if style["font_style"] == "italic"
                else "bold"
                if style["font_weight"] >= 700
                else "regular"
            )
            found[element.get("id")] = Placed(
                index,
                (left * PX_TO_PT, height - bottom * PX_TO_PT, right * PX_TO_PT, height - top * PX_TO_PT),
                round(style["font_size"] * PX_TO_PT, 2),
                face,
            )
    missing = ids - set(found)
    if missing:
        raise RuntimeError(f"The print template lacks the elements {sorted(missing)}.")
    return found


def number_line(notice) -> str:
    """'Số: 2880/TB-BQL' as the number field shows it once the clerk has given the number."""
    return f"Số: {nfc(notice.reference)}"


def date_line(notice) -> str:
    """'Hải Phòng, ngày 14 tháng 6 năm 2023' as the date field shows it once issued."""
    return place_date(nfc(notice.place or notice.organization.place), notice.issued_on)


def _text_spots(notice, boxes) -> tuple[TextSpot, TextSpot]:
    place = nfc(notice.place or notice.organization.place)
    symbol = nfc(notice.symbol)
    year = (notice.issued_on or timezone.localdate()).year
    digits = frozenset("0123456789")
    number_at, date_at = boxes["number-field"], boxes["date-field"]
    # The fields take the font and size the print stylesheet gives those lines.
    number = TextSpot(
        name=pipeline.NUMBER_FIELD,
        label="Số, ký hiệu",
        page=number_at.page,
        box=number_at.box,
        face=number_at.face,
        size=number_at.size,
        placeholder=f"Số:{BLANK}/{symbol}",
        characters=digits | frozenset(f"Số: /{symbol}"),
    )
    date = TextSpot(
        name=pipeline.DATE_FIELD,
        label="Địa danh, ngày tháng năm ban hành",
        page=date_at.page,
        box=date_at.box,
        face=date_at.face,
        size=date_at.size,
        placeholder=f"{place}, ngày{BLANK}tháng{BLANK}năm {year}",
        characters=digits | frozenset(f"{place}, ngày tháng năm"),
    )
    return number, date


def _verification(notice) -> dict | None:
    if not notice.verification_code:
        return None
    url = verification_url(notice.verification_code)
    return {"code": notice.verification_code, "url": url, "qr": _qr_data_uri(url)}


FIELD_IDS = {"number-field", "date-field", "signature-room"}


def render_to_sign(notice, *, image=None) -> bytes:
    """Render the final PDF/A of `notice` for its signer: everything but the number and date.

    The number and date lines are empty form fields, and the signer's empty signature field
    sits centred between their title and name, sized for `image` (pipeline.PreparedImage).
    These bytes are what the signer signs, here or on their own computer.
    """
    document = notice_document(notice, fields=True, verification=_verification(notice))
    with _render_lock:
        rendered = _layout(NOTICE_TEMPLATE, {"doc": document}, pdf_variant=PDF_VARIANT)
        boxes = _element_boxes(rendered, FIELD_IDS)
        data = rendered.write_pdf(pdf_variant=PDF_VARIANT)
    number, date = _text_spots(notice, boxes)
    room = boxes["signature-room"]
    layout = pipeline.SigningLayout(
        number=number,
        date=date,
        signature_page=room.page,
        signature_box=pipeline.fit_in_room(room.box, image),
    )
    return pipeline.prepare(data, layout)


def render_paper_copy(notice) -> bytes:
    """Render an imported notice, signed on paper, as PDF/A with "(Đã ký)" and no digital signature.

    The copy says what it is: the original was signed by hand; this file carries no
    signature and is never presented as digitally signed.
    """
    document = notice_document(notice, verification=_verification(notice), paper_signed=True)
    with _render_lock:
        rendered = _layout(NOTICE_TEMPLATE, {"doc": document}, pdf_variant=PDF_VARIANT)
        return rendered.write_pdf(pdf_variant=PDF_VARIANT)


UNSIGNED_PRINT_NOTE = (
    "Bản in gộp: không mang chữ ký số. Văn bản có giá trị là tệp PDF đã ký số của từng văn bản "
    "(kiểm tra tại trang xác thực theo mã in trên văn bản)."
)


@cache
def _unsigned_note_page() -> bytes:
    """One A4 page holding only UNSIGNED_PRINT_NOTE at the foot, laid over each merged page."""
    with _render_lock:
        return _layout("inspections/pdf/print_note.html", {"note": UNSIGNED_PRINT_NOTE}).write_pdf()


def _normalised(rectangle) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of a PDF rectangle given by any two opposite corners."""
    a, b, c, d = (float(v) for v in rectangle)
    return min(a, c), min(b, d), max(a, c), max(b, d)


def _flatten_widgets(page) -> None:
    """Draw the page's form-field and signature appearances into its content, then drop them.

    The merged file is for the printer: the number, the date and the signature and seal
    images print as they look in the signed file, but nothing in it poses as a signature.
    """
    from pypdf import PageObject
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    commands, xobjects, kept = [], DictionaryObject(), ArrayObject()
    for index, ref in enumerate(page.get("/Annots", [])):
        annot = ref.get_object()
        if annot.get("/Subtype") != "/Widget":
            kept.append(ref)
            continue
        appearance = annot.get("/AP", {}).get("/N")
        if appearance is None or int(annot.get("/F", 0)) & 2 or "/BBox" not in appearance.get_object():
            continue  # hidden, or no single appearance to draw
        x0, y0, x1, y1 = _normalised(annot["/Rect"])
        bx0, by0, bx1, by1 = _normalised(appearance.get_object()["/BBox"])
        if x1 <= x0 or y1 <= y0 or bx1 <= bx0 or by1 <= by0:
            continue
        sx, sy = (x1 - x0) / (bx1 - bx0), (y1 - y0) / (by1 - by0)
        name = f"/TruongIn{index}"
        xobjects[NameObject(name)] = appearance
        commands.append(f"q {sx:.5f} 0 0 {sy:.5f} {x0 - bx0 * sx:.3f} {y0 - by0 * sy:.3f} cm {name} Do Q")
    if commands:
        overlay = PageObject.create_blank_page(width=page.mediabox.width, height=page.mediabox.height)
        overlay[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
        content = DecodedStreamObject()
        content.set_data(" ".join(commands).encode())
        overlay[NameObject("/Contents")] = content
        page.merge_page(overlay)
    if kept:
        page[NameObject("/Annots")] = kept
    elif "/Annots" in page:
        del page["/Annots"]


def merge_stored_pdfs(files) -> bytes:
    """Concatenate stored PDFs (their bytes, checked by services.integrity) into one document.

    Uses the stored bytes and never renders them again. The merged file is for the printer:
    its pages look like those of the issued notices (fields and signature images drawn in),
    but it carries none of their signatures, and says so at the foot of every page.
    """
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    note = PdfReader(BytesIO(_unsigned_note_page())).pages[0]
    for data in files:
        single = PdfWriter(clone_from=BytesIO(data))
        for page in single.pages:
            _flatten_widgets(page)
            page.merge_page(note)
        flat = BytesIO()
        single.write(flat)
        # Copying the pages again leaves the fields and signature values behind: only what
        # the pages draw comes along.
        writer.append(PdfReader(flat), import_outline=False)
    output = BytesIO()
    writer.write(output)
    return output.getvalue()
