"""Notice PDFs in the layout of Nghị định 30/2020/NĐ-CP, Phụ lục I.

- render_notice_pdf(notice) -> bytes: the layout on demand; a notice without a number is a
  draft and carries "DỰ THẢO" on every page.
- render_issued_pdf(notice) -> bytes: PDF/A-2b with the visible signature block, QR code and
  verification code, then signed (PAdES) with the organisation's certificate. Called once,
  by the issue service, after number, date and verification code are set.

WeasyPrint costs ~0.9 s to import and its font set-up is the larger part of a render, so the
import, one FontConfiguration and the parsed print stylesheet are kept per process. Fonts
come only from static/fonts (inspections/fonts.py points fontconfig there before the import).
What a document shows is built by inspections/layout.py, shared with the Word export.
"""

import atexit
import datetime
import threading
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from inspections import fonts, signing
from inspections.layout import notice_document, signer_name
from inspections.text import nfc

STATIC_DIR = Path(settings.BASE_DIR) / "static"
PRINT_CSS = STATIC_DIR / "css" / "print.css"
NOTICE_TEMPLATE = "inspections/pdf/notice.html"
PDF_VARIANT = "pdf/a-2b"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
SIGNATURE_ID = "signature"
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
    return f"{settings.SITE_URL.rstrip('/')}/verify/{code}/"


def _qr_data_uri(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_data_uri(border=0, scale=4)


def _signature_box(rendered) -> tuple[int, tuple[int, int, int, int]]:
    """Find the page and PDF rectangle (points, origin bottom-left) of the visible signature."""
    for index, page in enumerate(rendered.pages):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None or element.get("id") != SIGNATURE_ID:
                continue
            left, top = box.border_box_x(), box.border_box_y()
            right, bottom = left + box.border_width(), top + box.border_height()
            height = page.height * PX_TO_PT
            return index, (
                round(left * PX_TO_PT),
                round(height - bottom * PX_TO_PT),
                round(right * PX_TO_PT),
                round(height - top * PX_TO_PT),
            )
    raise RuntimeError("The print template has no signature block.")


def render_issued_pdf(notice, *, signed_at: datetime.datetime | None = None) -> bytes:
    """Render the issued notice once as PDF/A and sign it; these bytes are stored and served forever.

    Raises signing.SigningError (a Vietnamese message) when the certificate cannot be used;
    the caller then issues nothing.
    """
    ensure_dev_certificate(notice.organization.name)
    signer = signing.load_signer()  # fail on a wrong password before spending a render
    signed_at = timezone.localtime(signed_at or timezone.now(), VIETNAM).replace(microsecond=0)
    name = signer_name(notice)
    signature = {
        "signer": name,
        "title": nfc(notice.signer_title or (notice.signer.title if notice.signer else "")),
        "organization": nfc(notice.organization.name),
        "time": signed_at.isoformat(),
    }
    verification = None
    if notice.verification_code:
        url = verification_url(notice.verification_code)
        verification = {"code": notice.verification_code, "url": url, "qr": _qr_data_uri(url)}
    document = notice_document(notice, signature=signature, verification=verification)
    with _render_lock:
        rendered = _layout(NOTICE_TEMPLATE, {"doc": document}, pdf_variant=PDF_VARIANT)
        page, box = _signature_box(rendered)
        data = rendered.write_pdf(pdf_variant=PDF_VARIANT)
    return signing.sign_pdf(
        data,
        page=page,
        box=box,
        name=name or signing.signer_subject(signer),
        location=nfc(notice.place or notice.organization.place),
        reason=f"Ban hành {notice.reference}",
    )


def ensure_dev_certificate(organization_name: str) -> bool:
    """Create the self-signed development certificate when DEBUG is on and none exists.

    Never in production (DEBUG off): there a missing certificate is an error, so that no
    notice is ever signed with a certificate nobody issued.
    """
    if not settings.DEBUG or Path(settings.SIGNING_P12).exists():
        return False
    return signing.make_signing_cert(settings.SIGNING_P12, settings.SIGNING_P12_PASSWORD, organization_name)


def merge_stored_pdfs(files) -> bytes:
    """Concatenate stored PDF files (Django File objects) into one document for printing.

    Reads the stored bytes and never renders. The merged file is for the printer: its pages
    are those of the issued notices, but it carries none of their signatures.
    """
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for stored in files:
        with stored.open("rb") as handle:
            writer.append(PdfReader(BytesIO(handle.read())), import_outline=False)
    output = BytesIO()
    writer.write(output)
    return output.getvalue()
