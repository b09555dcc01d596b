"""What a Decree 30 document shows, and where, shared by the PDF and the Word export.

Nghị định 30/2020/NĐ-CP, Phụ lục I: A4, margins 20/20/30/15 mm; a two-row header (the
issuing body | Quốc hiệu and Tiêu ngữ, then "Số: …" | place and date); the kind of document
and its title, bold and centred, over a short rule 1/3–1/2 as long as the title's line;
the body; then Nơi nhận beside the signing block.

`document_header()`, `title_block()` and `signing_block()` build those parts for any kind
of document (notice, plan, decision, minutes, report); `notice_document()` assembles a
notice from them. The PDF template (templates/inspections/pdf/) and inspections/docx_export.py
lay out the same dictionary with the sizes below, so the two read and look alike.
"""

import re

from django.utils import timezone

from inspections import fonts, snapshot
from inspections.composer import notice_signing
from inspections.text import nfc, with_end_mark
from inspections.vn import vn_date

MM = 72 / 25.4  # points per millimetre
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]  # 165 mm
# Header columns: the issuing body on the left, the Quốc hiệu on the right (wide enough
# for "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" on one line at 12 pt bold).
AGENCY_SHARE = 0.42
AGENCY_WIDTH_MM = TEXT_WIDTH_MM * AGENCY_SHARE  # 69.3 mm
NATION_WIDTH_MM = TEXT_WIDTH_MM - AGENCY_WIDTH_MM  # 95.7 mm
# The title is set between side insets of 6 % of the text width, as in the 2023 notices.
TITLE_INSET_MM = TEXT_WIDTH_MM * 0.06
# Font sizes (pt) of each part, from Phụ lục I's table of fonts.
SIZE = {
    "agency": 13,
    "nation": 12,
    "motto": 13,
    "reference": 13,
    "date": 14,
    "kind": 14,
    "title": 14,
    "body": 14,
    "recipients_heading": 12,
    "recipients": 11,
    "signing": 14,
    "page_number": 14,
}
# Rules under the issuing body and the title: 2/5 of the line they stand under, inside
# the decree's "from 1/3 to 1/2".
RULE_SHARE = 0.4
BLANK = "\u00a0" * 6


def _paragraphs(text: str) -> list[str]:
    return [" ".join(line.split()) for line in nfc(text).splitlines() if line.strip()]


def rule_width_pt(text: str, width_mm: float, size: float, *, bold: bool = True) -> float:
    """The length of a rule under `text` set in a column `width_mm` wide: RULE_SHARE of its first line."""
    first = (fonts.lines(text, width_mm * MM, size, bold=bold) or [""])[0]
    return round(fonts.text_width(first, size, bold=bold) * RULE_SHARE, 1)


def place_date(place: str, day=None, *, year: int | None = None) -> str:
    """'Hải Phòng, ngày 14 tháng 6 năm 2023', or blank day and month (of `year`) while undated."""
    if day is None:
        return f"{place}, ngày{BLANK}tháng{BLANK}năm {year or timezone.localdate().year}"
    return f"{place}, {vn_date(day)}"


def document_header(organization, *, reference: str | None, place_date: str) -> dict:
    """The two-row header: issuing body | Quốc hiệu, Tiêu ngữ; then Số | place and date."""
    name = nfc(organization.name).upper()
    return {
        "parent_name": nfc(organization.parent_name).upper(),
        "organization_name": name,
        "agency_rule": rule_width_pt(name, AGENCY_WIDTH_MM, SIZE["agency"]),
        "reference": nfc(reference) if reference else "",
        "place_date": nfc(place_date),
    }


def title_block(kind: str, title: str) -> dict:
    """The kind of document in capitals, the title under it and the rule under the title."""
    title = nfc(title)
    width = TEXT_WIDTH_MM - 2 * TITLE_INSET_MM
    return {"kind": kind, "title": title, "title_rule": rule_width_pt(title, width, SIZE["title"])}


def signing_block(*, authority: str, authority_title: str, signer_title: str, signer_name: str) -> dict:
    """ "KT. TRƯỞNG BAN" / "PHÓ TRƯỞNG BAN" over the signer's name (never typed: copied from records)."""
    titles = []
    if authority:
        titles.append(f"{authority} {authority_title}")
    if signer_title:
        titles.append(signer_title)
    return {"signing_titles": [nfc(t).upper() for t in titles], "signer_name": nfc(signer_name)}


def _recipients(notice, organization) -> list[str]:
    texts = [nfc(text).strip().lstrip("-–• ").rstrip(" ;.") for text in snapshot.recipient_texts(notice)]
    texts = [text for text in texts if text]
    if not texts or not texts[-1].startswith("Lưu"):
        texts.append(f"Lưu: {organization.archive_code}")
    return [f"- {text};" for text in texts[:-1]] + [f"- {texts[-1]}."]


def signer_name(notice) -> str:
    """The signer's full name: the snapshot taken at issue, or the chosen signer's for a draft."""
    return nfc(notice_signing(notice)["signer_name"])


def _runs(text: str, size: int) -> tuple[str, str]:
    return text[:size], text[size:]


def _counterpart(notice) -> dict | None:
    """A biên bản's second signatory: the inspected unit's head, who signs on paper."""
    if not notice.spec.counterpart:
        return None
    unit = notice.unit_check.unit.name if notice.unit_check_id else ""
    titles = [f"ĐẠI DIỆN {unit}".strip(), notice.counterpart_title]
    # The head signs on paper, on site: a name not recorded is written there by hand.
    name = nfc(notice.counterpart_name) or "(ký, ghi rõ họ tên)"
    return {"titles": [nfc(t).upper() for t in titles if t], "name": name}


def _authority_line(notice, organization) -> str:
    """A decision's issuing authority above its legal bases: 'TRƯỞNG BAN BAN QUẢN LÝ KHU KINH TẾ …'."""
    if not notice.spec.decides:
        return ""
    return nfc(f"{organization.head_title} {organization.name}").upper()


def notice_document(
    notice,
    *,
    fields: bool = False,
    verification: dict | None = None,
    paper_signed: bool = False,
    items: list[str] | None = None,
    on_site: bool = False,
) -> dict:
    """Everything a document of the round shows, as NFC text (the templates escape it).

    Shared by every kind; the kind gives the type name above the title, how the numbered parts
    are labelled (1., I., Điều 1.), a decision's authority line and "QUYẾT ĐỊNH:", a biên bản's
    second signatory in place of Nơi nhận (inspections/paperwork/kinds.py).
    With `fields` (the PDF a signer signs), the number and date lines are left to the form
    fields filled at issue; `paper_signed` prints "(Đã ký)" where a paper original was signed.
    `on_site`: a biên bản printed at the visit for wet signatures (no "DỰ THẢO", dated the visit
    day, the number left blank); `items` the texts of a document composed but not stored.
    """
    from inspections.paperwork.kinds import item_label

    spec = notice.spec
    organization = snapshot.organization_of(notice)  # as at issue, once issued
    paragraphs = _paragraphs(notice.opening)
    opening_count = len(paragraphs)
    # How much of each paragraph is bold (Phụ lục I: "Điều 1." and a section's heading line).
    bold = [0] * opening_count
    texts = items if items is not None else [item.text for item in notice.items.all()]
    for number, text in enumerate(texts, start=1):
        text = re.sub(r"^\s*(Điều\s+\d+|\d+|[IVX]+)\s*[.:)]\s*", "", text)
        lines = _paragraphs(text) or [""]
        label = item_label(spec, number)
        first = f"{label} {lines[0]}"
        paragraphs += [first, *lines[1:]]
        if spec.numbering == "article":
            bold += [len(label), *[0] * (len(lines) - 1)]
        elif spec.numbering == "roman" and len(lines) > 1:  # "I. MỤC ĐÍCH, YÊU CẦU" over its text
            bold += [len(first), *[0] * (len(lines) - 1)]
        else:
            bold += [0] * len(lines)
    paragraphs += _paragraphs(notice.closing)
    bold += [0] * (len(paragraphs) - len(bold))
    draft = notice.number is None and not fields and not on_site
    place = nfc(notice.place or organization.place)
    day = notice.issued_on if notice.number is not None else None
    if on_site and day is None and notice.unit_check_id:
        day = notice.unit_check.checked_on
    counterpart = _counterpart(notice)
    return {
        "draft": draft,
        "fields": fields,
        "paper_signed": paper_signed,
        "kind_code": notice.kind,
        **document_header(
            organization,
            reference=notice.reference,
            place_date=place_date(place, day, year=notice.issued_on.year if notice.issued_on else None),
        ),
        **title_block(spec.type_name, notice.title),
        "authority_line": _authority_line(notice, organization),
        # A decision: its legal bases (italic) come before "QUYẾT ĐỊNH:", then its articles.
        "decides_after": opening_count if spec.decides else None,
        "paragraphs": paragraphs[:-1],
        "last_paragraph": with_end_mark(paragraphs[-1]) if paragraphs else "",
        # Each paragraph as (bold lead, the rest), the last one included, for the PDF and Word.
        "runs": [(text[:size], text[size:]) for text, size in zip(paragraphs[:-1], bold, strict=False)],
        "last_runs": _runs(with_end_mark(paragraphs[-1]), bold[-1]) if paragraphs else ("", ""),
        "recipients": _recipients(notice, organization) if spec.recipients and not on_site else [],
        "counterpart": counterpart,
        **signing_block(**notice_signing(notice)),
        "verification": verification,
    }


def report_document(organization, *, title: str, day) -> dict:
    """The frame of a report (BÁO CÁO) the app composes from its records, dated `day`, unnumbered."""
    return {
        "draft": False,
        **document_header(organization, reference=None, place_date=place_date(nfc(organization.place), day)),
        **title_block("BÁO CÁO", title),
    }
