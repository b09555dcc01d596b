"""A notice as a Word file (.docx) in the Decree 30 layout, for clerks who finish a text in Word.

A4, margins 20/20/30/15 mm, Times New Roman; a two-column borderless header table (bodies
left, Quốc hiệu and Tiêu ngữ right, "Số:" and the italic place and date under them);
THÔNG BÁO, the title and a short rule; body 14 pt justified with a 1.27 cm first-line
indent; a borderless table with Nơi nhận on the left and the signing block on the right.
The importer reads this file back into the same record.
"""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from inspections.composer import signing_block
from inspections.text import with_end_mark
from inspections.vn import vn_date

FONT = "Times New Roman"


def _set_font(style_or_run, size: float | None = None) -> None:
    font = style_or_run.font
    font.name = FONT
    if size:
        font.size = Pt(size)
    fonts = style_or_run.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _paragraph(container, text="", *, size=14, bold=False, italic=False, align="center", after=0):
    paragraph = container.add_paragraph()
    paragraph.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(after)
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        _set_font(run, size)
    return paragraph


def _rule(container, width_cm: float, cell_width_cm: float) -> None:
    """A short centred solid rule: an empty paragraph with a bottom border, indented on both sides."""
    paragraph = _paragraph(container, size=6)
    indent = max((cell_width_cm - width_cm) / 2, 0)
    paragraph.paragraph_format.left_indent = Cm(indent)
    paragraph.paragraph_format.right_indent = Cm(indent)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    paragraph.paragraph_format.space_after = Pt(6)


def _table(document, widths_cm: tuple[float, float]):
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, width in zip(table.rows[0].cells, widths_cm, strict=True):
        cell.width = Cm(width)
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)  # start empty
    return table.rows[0].cells


def _body(document, text: str) -> None:
    paragraph = _paragraph(document, text, align="justify", after=6)
    paragraph.paragraph_format.first_line_indent = Cm(1.27)
    paragraph.paragraph_format.line_spacing = 1.15


def notice_docx(notice) -> bytes:
    """Return `notice` as .docx bytes in the Decree 30 layout (a draft shows “Số: …/TB-BQL”)."""
    organization = notice.organization
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    _set_font(document.styles["Normal"], 14)
    document.core_properties.title = f"{notice.reference} – {notice.title}"[:250]
    document.core_properties.author = organization.name

    left, right = _table(document, (6.8, 9.7))
    if organization.parent_name:
        _paragraph(left, organization.parent_name.upper(), size=13)
    _paragraph(left, organization.name.upper(), size=13, bold=True)
    _rule(left, 2.5, 6.8)
    _paragraph(left, f"Số: {notice.reference}", size=13)
    _paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True)
    _paragraph(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True)
    _rule(right, 5.8, 9.7)
    when = vn_date(notice.issued_on) if notice.issued_on else "ngày     tháng     năm"
    _paragraph(right, f"{notice.place or organization.place}, {when}", size=14, italic=True)

    _paragraph(document, "", size=8)
    _paragraph(document, "THÔNG BÁO", bold=True)
    _paragraph(document, notice.title, bold=True)
    _rule(document, 5.0, 16.5)

    for line in notice.opening.splitlines():
        if line.strip():
            _body(document, line.strip())
    for item in notice.items.order_by("position", "pk"):
        lines = [line.strip() for line in item.text.splitlines() if line.strip()]
        for index, line in enumerate(lines):
            _body(document, f"{item.position}. {line}" if index == 0 else line)
    closing = [line.strip() for line in notice.closing.splitlines() if line.strip()]
    if closing:
        closing[-1] = with_end_mark(closing[-1])
    for line in closing:
        _body(document, line)

    _paragraph(document, "", size=8)
    left, right = _table(document, (7.5, 9.0))
    recipients = list(notice.recipients.order_by("position", "pk"))
    _paragraph(left, "Nơi nhận:", size=12, bold=True, italic=True, align="left")
    for index, recipient in enumerate(recipients):
        end = "." if index == len(recipients) - 1 else ";"
        _paragraph(left, f"- {recipient.text}{end}", size=11, align="left")
    titles, signer_name = signing_block(notice)
    for title in titles:
        _paragraph(right, title, bold=True)
    for _ in range(4):
        _paragraph(right, "")
    if signer_name:
        _paragraph(right, signer_name, bold=True)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
