"""The minutes of a check at one unit (Biên bản kiểm tra, Decree 30 Phụ lục III Mẫu 1.9), composed
from the visit's records and printed on site for wet signatures: time and place, who took part on
both sides, the content per criterion, the conclusion, "kết thúc vào … giờ … ngày …", and the
signatures of the head of the team and of the unit.

What the records do not hold (the hours, who chaired, the unit's people when none were typed)
is left as dotted lines to fill in by hand, as on a paper form.
"""

from inspections import layout
from inspections.models import Finding, UnitCheck
from inspections.text import nfc
from inspections.vn import vn_short_date

DOTS = "…" * 8
SHORT_DOTS = "…" * 4
RESULT = dict(Finding.Result.choices)


def _team_lines(inspection) -> list[str]:
    people = [p for p in inspection.team.all()]
    lines = [f"- {nfc(p.display_name)}{', ' + nfc(p.title) if p.title else ''};" for p in people]
    return lines or [f"- {DOTS}", f"- {DOTS}"]


def _unit_lines(unit_check: UnitCheck) -> list[str]:
    typed = [" ".join(line.split()) for line in nfc(unit_check.attendees).splitlines() if line.strip()]
    lines = [line if line.startswith(("-", "–")) else f"- {line}" for line in typed]
    return lines or [f"- {DOTS}", f"- {DOTS}"]


def _content(rows: list[dict]) -> list[str]:
    paragraphs = []
    for number, row in enumerate(rows, start=1):
        criterion, finding = row["criterion"], row["finding"]
        if finding is None:
            paragraphs.append(f"{number}. {nfc(criterion.name)}: {DOTS}")
            continue
        observation = " ".join(finding.observation.split())
        text = f"{number}. {nfc(criterion.name)}: {RESULT[finding.result]}. {observation}"
        if finding.recommendation.strip():
            text += f" Kiến nghị: {' '.join(finding.recommendation.split())}"
        if finding.due_on:
            text += f" Thời hạn khắc phục: trước ngày {vn_short_date(finding.due_on)}."
        paragraphs.append(nfc(text))
    return paragraphs


def _conclusion(unit_name: str, rows: list[dict]) -> str:
    findings = [row["finding"] for row in rows if row["finding"]]
    if len(findings) < len(rows):
        return f"Kết luận: {DOTS}{DOTS}"
    count = {result: sum(1 for f in findings if f.result == result) for result in Finding.Result.values}
    text = f"Kết luận: {unit_name} đạt {count['compliant']:02d}/{len(rows):02d} nội dung kiểm tra"
    if count["noted"]:
        text += f", {count['noted']:02d} nội dung ghi nhận"
    if count["shortcoming"]:
        tail = "nội dung có tồn tại, hạn chế phải khắc phục theo thời hạn nêu trên."
        return f"{text}; còn {count['shortcoming']:02d} {tail}"
    return f"{text}; không có tồn tại, hạn chế phải khắc phục."


def minutes_document(unit_check: UnitCheck, rows: list[dict]) -> dict:
    """Everything the minutes show, as NFC text; `rows` as the visit page lists them."""
    inspection = unit_check.inspection
    organization = inspection.plan.organization
    unit = nfc(unit_check.unit.name)
    plan_document = inspection.plan.document
    basis = (
        f" theo Kế hoạch số {plan_document.number_symbol} ngày {vn_short_date(plan_document.issued_on)}"
        if plan_document
        else ""
    )
    day = vn_short_date(unit_check.checked_on)
    paragraphs = [
        f"Thời gian bắt đầu: vào hồi {SHORT_DOTS} giờ {SHORT_DOTS} ngày {day}.",
        f"Địa điểm: tại {unit}, {nfc(organization.name)}.",
        "Thành phần tham dự:",
        f"1. Đoàn kiểm tra của {nfc(organization.name)}{basis}:",
        *_team_lines(inspection),
        f"2. {unit}:",
        *_unit_lines(unit_check),
        f"Chủ trì: {DOTS}{DOTS}",
        f"Thư ký: {DOTS}{DOTS}",
        f"Nội dung: Đoàn kiểm tra đã kiểm tra công tác cải cách hành chính tại {unit} theo các nội dung sau:",
        *_content(rows),
        _conclusion(unit, rows),
    ]
    closing = (
        f"Biên bản kết thúc vào hồi {SHORT_DOTS} giờ {SHORT_DOTS} ngày {day}, được lập thành 02 bản có giá "
        f"trị như nhau, Đoàn kiểm tra giữ 01 bản, {unit} giữ 01 bản; đã đọc lại cho những người "
        "tham dự cùng nghe và nhất trí ký tên."
    )
    return {
        "draft": False,
        **layout.document_header(
            organization,
            reference=f"{layout.BLANK}/BB-{organization.abbreviation}",
            place_date=layout.place_date(nfc(organization.place), unit_check.checked_on),
        ),
        **layout.title_block("BIÊN BẢN", f"Kiểm tra công tác cải cách hành chính tại {unit}"),
        "paragraphs": paragraphs,
        "last_paragraph": closing,
        "unit_side": f"ĐẠI DIỆN {unit.upper()}",
        "team_side": "TRƯỞNG ĐOÀN KIỂM TRA",
    }


def render_minutes_pdf(unit_check: UnitCheck, rows: list[dict]) -> bytes:
    from inspections import pdf

    return pdf.render_template_pdf(
        "inspections/pdf/minutes.html", {"doc": minutes_document(unit_check, rows)}
    )
