"""Decree 30 documents as Word files (.docx) that keep their layout in Word and LibreOffice.

The Word file lays out the same dictionary as the PDF (inspections/layout.py) with the same
sizes: A4, margins 20/20/30/15 mm, Times New Roman (Liberation Serif, the PDF's font, has the
same metrics), language vi-VN.

- The header is a two-row table, the issuing body | Quốc hiệu and Tiêu ngữ, then
  "Số: …" | place and date, with a fixed layout, no cell margins and grid columns equal to
  its cell widths (42 % | 58 % of the text width, as in the PDF). Readers that follow the
  grid (LibreOffice) and those that follow the cells (Word) then agree, the Quốc hiệu stays
  on one line and "Số:" sits on the date's baseline (the second row is bottom-aligned).
- Rules: the Tiêu ngữ is underlined (as long as its text); the rules under the issuing body
  and the title are paragraph borders as long as the PDF's (layout.RULE_SHARE of the line).
- Page numbers from page 2: a PAGE field centred in the page header; page 1 has its own
  header without it. A draft carries "DỰ THẢO" across every page, as Word's own watermark.
- Core properties tell the truth: title, the organisation as author, the record's dates.

The importer (inspections/importing/parse_docx.py) reads this file back into the same record.
"""

import datetime
import io
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, Twips

from inspections import layout, snapshot
from inspections.layout import SIZE

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
DOCX_APPLICATION = "Kiểm tra cải cách hành chính"
ALIGN = {
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
HEADER_DISTANCE_MM = 7  # the page number sits in the 20 mm top margin, as in the PDF
BODY_LINE_SPACING = 1.05  # × Times New Roman's line (1.15 em) = 1.2 em, the PDF's line height
SEAL_ROOM_MM = 30


def _style_run(run, size: float, *, bold: bool = False, italic: bool = False, underline: bool = False):
    # None inherits (plain): only what differs is written into the run.
    run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    run.font.size = Pt(size)
    return run


def _paragraph(container, text: str = "", *, size: float, bold=False, italic=False, align="center", after=0):
    paragraph = container.add_paragraph()
    paragraph.alignment = ALIGN[align]
    form = paragraph.paragraph_format
    form.space_before, form.space_after = Pt(0), Pt(after)
    form.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if text:
        _style_run(paragraph.add_run(text), size, bold=bold, italic=italic)
    else:  # an empty paragraph still has a line: give it the size of its neighbours
        _mark_size(paragraph, size)
    return paragraph


# Word refuses files whose elements are out of the schema's order: new children are put
# before the first of the elements that must follow them.
AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct")
AFTER_PBDR += ("w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd")
AFTER_PBDR += ("w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents")
AFTER_PBDR += ("w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap")
AFTER_PBDR += ("w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
AFTER_TBLIND = ("w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")


def _child(parent, tag: str, successors=(), **attributes):
    """Give `parent` one child `tag` with exactly `attributes` (w: names), in schema order."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        follower = next(
            (parent.find(qn(name)) for name in successors if parent.find(qn(name)) is not None), None
        )
        if follower is None:
            parent.append(child)
        else:
            follower.addprevious(child)
    else:
        child.attrib.clear()
    for key, value in attributes.items():
        child.set(qn(f"w:{key}"), str(value))
    return child


def _mark_size(paragraph, size: float) -> None:
    """Set the size of an empty paragraph's mark, which decides its line height."""
    marks = _child(paragraph._p.get_or_add_pPr(), "w:rPr", ("w:sectPr", "w:pPrChange"))
    _child(marks, "w:sz", val=round(size * 2))
    _child(marks, "w:szCs", val=round(size * 2))


def _rule(container, *, width_pt: float, column_mm: float, before: float = 2, after: float = 0) -> None:
    """A centred solid rule `width_pt` long: an empty paragraph with a top border, indented both sides."""
    paragraph = _paragraph(container, size=2, after=after)
    indent = max((column_mm * layout.MM - width_pt) / 2, 0)
    form = paragraph.paragraph_format
    form.left_indent = form.right_indent = Pt(indent)
    form.space_before = Pt(before)
    borders = _child(paragraph._p.get_or_add_pPr(), "w:pBdr", AFTER_PBDR)
    _child(borders, "w:top", val="single", sz=4, space=0, color="000000")


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _table(document, widths_mm: tuple[float, ...], rows: int = 1):
    """A borderless fixed-layout table whose grid columns equal its cell widths, without cell margins."""
    table = document.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    properties = table._tbl.tblPr
    _child(
        properties,
        "w:tblW",
        ("w:jc", "w:tblCellSpacing", "w:tblInd", *AFTER_TBLIND),
        w=sum(_twips(width) for width in widths_mm),
        type="dxa",
    )
    _child(properties, "w:tblInd", AFTER_TBLIND, w=0, type="dxa")
    margins = _child(properties, "w:tblCellMar", ("w:tblLook", "w:tblCaption"))
    for side in ("top", "left", "bottom", "right"):
        _child(margins, f"w:{side}", w=0, type="dxa")
    # The grid and every cell get the same widths, rounded once to whole twips.
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Twips(_twips(width))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Twips(_twips(width))
            cell._tc.remove(cell.paragraphs[0]._p)  # start empty
    return table


def _page_number_field(paragraph) -> None:
    """Append a PAGE field (the reader fills in the number)."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = _style_run(paragraph.add_run(), SIZE["page_number"])
        if kind:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            run._r.append(mark)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text


WATERMARK = """<w:r {ns}><w:rPr><w:noProof/></w:rPr><w:pict>
<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
 path="m@7,l@8,m@5,21600l@6,21600e">
<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>
<v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/>
<v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/>
<v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
 o:connectangles="270,180,90,0"/>
<v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>
<v:shape id="{id}" o:spid="_x0000_s{spid}" type="#_x0000_t136" style="{style}"
 o:allowincell="f" fillcolor="#d4d4d4" stroked="f"><v:fill opacity="1"/>
<v:textpath style="font-family:&quot;{font}&quot;;font-size:1pt;font-weight:bold" string="{text}"/>
<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>"""
WATERMARK_STYLE = (
    "position:absolute;margin-left:0;margin-top:0;width:430pt;height:108pt;rotation:315;"
    "z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
    "mso-position-vertical:center;mso-position-vertical-relative:margin"
)
VML_NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word"'
)


def _watermark(paragraph, text: str, number: int) -> None:
    """Lay `text` diagonally, light grey, behind the page: Word's own kind of watermark."""
    xml = WATERMARK.format(
        ns=VML_NAMESPACES,
        style=WATERMARK_STYLE,
        id=f"PowerPlusWaterMarkObject{number}",
        spid=2049 + number,
        font=FONT,
        text=escape(text),
    )
    paragraph._p.append(parse_xml(xml))


def _page_headers(section, *, draft: bool) -> None:
    """Page numbers centred at the top from page 2; on drafts "DỰ THẢO" on every page."""
    section.header_distance = Mm(HEADER_DISTANCE_MM)
    section.different_first_page_header_footer = True
    first = section.first_page_header.paragraphs[0]
    other = section.header.paragraphs[0]
    for paragraph in (first, other):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _mark_size(paragraph, SIZE["page_number"])
    _page_number_field(other)
    if draft:
        _watermark(first, "DỰ THẢO", 1)
        _watermark(other, "DỰ THẢO", 2)


def _defaults(document) -> None:
    """Times New Roman 14 pt, Vietnamese, no spacing: the document's defaults and Normal style."""
    # The template's defaults exist (rFonts, sz, szCs, lang; spacing): they are rewritten in place.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _child(run_defaults, "w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT)
    _child(run_defaults, "w:sz", val=SIZE["body"] * 2)
    _child(run_defaults, "w:szCs", val=SIZE["body"] * 2)
    _child(run_defaults, "w:lang", val=LANGUAGE, eastAsia=LANGUAGE, bidi="ar-SA")
    paragraph_defaults = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    _child(paragraph_defaults, "w:spacing", after=0, line=240, lineRule="auto")
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(SIZE["body"])
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), FONT)
    _child(document.settings.element, "w:themeFontLang", val=LANGUAGE)


def _utc(moment: datetime.datetime) -> datetime.datetime:
    # python-docx writes the time as given with a "Z": hand it UTC without a zone.
    return moment.astimezone(datetime.UTC).replace(tzinfo=None, microsecond=0)


def _properties(document, *, title: str, subject: str, author: str, category: str, created, modified) -> None:
    """Core and application properties that describe this document (not the template's)."""
    core = document.core_properties
    core.title, core.subject, core.category = title[:255], subject[:255], category
    core.author = core.last_modified_by = author
    core.comments = ""  # the template's says "generated by python-docx"
    core.language = LANGUAGE
    core.revision = 1
    core.created, core.modified = _utc(created), _utc(modified)
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # the template's preview picture, not this document
            del package.rels[rel_id]
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                f"<Application>{escape(DOCX_APPLICATION)}</Application><DocSecurity>0</DocSecurity>"
                f"<Company>{escape(author)}</Company></Properties>"
            ).encode()


def new_document(*, draft: bool):
    """An empty A4 Word document with the Decree 30 margins, fonts, language and page headers."""
    document = Document()
    _defaults(document)
    section = document.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(layout.PAGE_WIDTH_MM), Mm(layout.PAGE_HEIGHT_MM)
    margins = layout.MARGINS_MM
    section.top_margin, section.bottom_margin = Mm(margins["top"]), Mm(margins["bottom"])
    section.left_margin, section.right_margin = Mm(margins["left"]), Mm(margins["right"])
    _page_headers(section, draft=draft)
    return document


def add_header(document, doc: dict) -> None:
    """The two-row header table of layout.document_header()."""
    widths = (layout.AGENCY_WIDTH_MM, layout.NATION_WIDTH_MM)
    table = _table(document, widths, rows=2)
    (agency, nation), (number, date) = (row.cells for row in table.rows)
    if doc["parent_name"]:
        _paragraph(agency, doc["parent_name"], size=SIZE["agency"])
    _paragraph(agency, doc["organization_name"], size=SIZE["agency"], bold=True)
    _rule(agency, width_pt=doc["agency_rule"], column_mm=widths[0])
    _paragraph(nation, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=SIZE["nation"], bold=True)
    motto = _paragraph(nation, size=SIZE["motto"])
    _style_run(motto.add_run("Độc lập - Tự do - Hạnh phúc"), SIZE["motto"], bold=True, underline=True)
    reference = f"Số: {doc['reference']}" if doc["reference"] else ""
    _paragraph(number, reference, size=SIZE["reference"]).paragraph_format.space_before = Pt(7)
    _paragraph(date, doc["place_date"], size=SIZE["date"], italic=True).paragraph_format.space_before = Pt(7)
    for cell in (number, date):
        # Bottom-aligned: "Số:" (13 pt) and the date (14 pt) share a baseline.
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM


def add_title(document, doc: dict) -> None:
    """The kind of document, its title and the rule under it (layout.title_block())."""
    _paragraph(document, doc["kind"], size=SIZE["kind"], bold=True).paragraph_format.space_before = Pt(20)
    title = _paragraph(document, doc["title"], size=SIZE["title"], bold=True)
    inset = Mm(layout.TITLE_INSET_MM)
    title.paragraph_format.left_indent = title.paragraph_format.right_indent = inset
    _rule(document, width_pt=doc["title_rule"], column_mm=layout.TEXT_WIDTH_MM, before=4, after=14)


def add_body(document, paragraphs: list, *, keep_last_with_next: bool = False) -> None:
    """Body paragraphs: 14 pt, justified, first line indented 1.27 cm, 6 pt after; a paragraph
    given as (bold lead, rest) sets its lead in bold ("Điều 1.", a section's heading)."""
    for index, text in enumerate(paragraphs):
        lead, rest = text if isinstance(text, tuple) else ("", text)
        paragraph = _paragraph(
            document, rest if not lead else "", size=SIZE["body"], align="justify", after=6
        )
        if lead:
            _style_run(paragraph.add_run(lead), SIZE["body"], bold=True)
            if rest:
                _style_run(paragraph.add_run(rest), SIZE["body"])
        form = paragraph.paragraph_format
        form.first_line_indent = Cm(1.27)
        form.line_spacing = BODY_LINE_SPACING
        form.widow_control = True
        if keep_last_with_next and index == len(paragraphs) - 1:
            form.keep_with_next = True  # never the signing block alone on a page


def add_signing(document, doc: dict) -> None:
    """Nơi nhận beside the signing block (layout.signing_block()), on one page."""
    half = layout.TEXT_WIDTH_MM / 2
    table = _table(document, (half, half))
    _child(
        table.rows[0]._tr.get_or_add_trPr(), "w:cantSplit", ("w:trHeight", "w:tblHeader", "w:jc", "w:hidden")
    )
    recipients, signing = table.rows[0].cells
    if doc.get("counterpart"):  # a biên bản: the inspected unit's head signs here, on paper
        for line in doc["counterpart"]["titles"]:
            _paragraph(recipients, line, size=SIZE["signing"], bold=True)
        _paragraph(recipients, size=SIZE["signing"]).paragraph_format.space_before = Mm(SEAL_ROOM_MM)
        _paragraph(recipients, doc["counterpart"]["name"], size=SIZE["signing"], bold=True)
    elif doc.get("recipients"):
        heading = _paragraph(
            recipients, "Nơi nhận:", size=SIZE["recipients_heading"], bold=True, italic=True, align="left"
        )
        heading.paragraph_format.space_before = Pt(2)
        for line in doc["recipients"]:
            _paragraph(recipients, line, size=SIZE["recipients"], align="left")
    else:
        _paragraph(recipients, size=SIZE["recipients"])
    for line in doc["signing_titles"]:
        _paragraph(signing, line, size=SIZE["signing"], bold=True)
    room = _paragraph(signing, size=SIZE["signing"])
    room.paragraph_format.space_before = Mm(SEAL_ROOM_MM)
    if doc["signer_name"]:
        _paragraph(signing, doc["signer_name"], size=SIZE["signing"], bold=True)


UNSIGNED_NOTE = (
    "Bản Word để xem và tham khảo: không mang chữ ký số. Văn bản có giá trị là tệp PDF đã ký số "
    "(kiểm tra tại trang xác thực)."
)


def add_unsigned_note(document) -> None:
    """Say at the foot of every page that this Word file carries no signature (issue 12)."""
    section = document.sections[0]
    for footer in (section.first_page_footer, section.footer):
        _paragraph(footer, UNSIGNED_NOTE, size=9, italic=True)


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def notice_docx(notice) -> bytes:
    """Return `notice` as .docx bytes in the Decree 30 layout (a draft shows “Số: …/TB-BQL” and DỰ THẢO)."""
    doc = layout.notice_document(notice)
    document = new_document(draft=doc["draft"])
    noun = notice.spec.noun
    name = f"Dự thảo {noun}" if doc["draft"] else f"{noun.capitalize()} {doc['reference']}"
    _properties(
        document,
        title=f"{name}: {doc['title']}",
        subject=doc["title"],
        author=snapshot.organization_of(notice).name,
        category=notice.spec.type_name.capitalize(),
        created=notice.created_at,
        modified=notice.updated_at,
    )
    add_header(document, doc)
    add_title(document, doc)
    if doc["authority_line"]:
        _paragraph(document, doc["authority_line"], size=SIZE["body"], bold=True, after=10)
    last = [doc["last_runs"]] if doc["last_paragraph"] else []
    paragraphs = doc["runs"] + last
    decides = doc["decides_after"]
    if decides is None:
        add_body(document, paragraphs, keep_last_with_next=True)
    else:  # a decision: legal bases, "QUYẾT ĐỊNH:", its articles
        add_body(document, paragraphs[:decides])
        _paragraph(document, "QUYẾT ĐỊNH:", size=SIZE["body"], bold=True, after=6)
        add_body(document, paragraphs[decides:], keep_last_with_next=True)
    add_signing(document, doc)
    add_unsigned_note(document)
    return to_bytes(document)
