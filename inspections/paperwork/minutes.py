"""The minutes of one visit (Biên bản kiểm tra, Phụ lục III Mẫu 1.9) from its records.

As the form lays it out: Thời gian bắt đầu, Địa điểm, Thành phần tham dự (the team with its
roles, the unit's people), Chủ trì, Thư ký, Nội dung (one item per criterion that applies to the
unit, with its result), the conclusion, "Biên bản kết thúc vào hồi … giờ … ngày …", and two
signatures: the unit's head (on paper, on site) and the team leader. What the records do not
hold yet (the hours, a criterion not entered, who chaired) prints as dotted lines to fill in
by hand, so the draft prints for the visit itself (views/minutes.py).
"""

from inspections.models import Finding, Notice, UnitCheck
from inspections.paperwork.compose import (
    ComposedDocument,
    decision_record,
    hour,
    plan_record,
    team_leader,
    team_of,
)
from inspections.paperwork.kinds import symbol_of
from inspections.text import nfc
from inspections.vn import vn_short_date

DOTS = "…" * 8
RESULT = dict(Finding.Result.choices)


def _unit_lines(visit: UnitCheck) -> list[str]:
    typed = [" ".join(line.split()) for line in nfc(visit.attendees).splitlines() if line.strip()]
    lines = [line if line.startswith(("-", "–")) else f"- {line}" for line in typed]
    return lines or [f"- {DOTS}", f"- {DOTS}"]


def _item(criterion, finding: Finding | None) -> str:
    if finding is None:
        return f"{nfc(criterion.name)}: {DOTS}"
    observation = " ".join(finding.observation.split())
    text = f"{nfc(criterion.name)}: {RESULT[finding.result]}. {observation}"
    if finding.recommendation.strip():
        text += f" Kiến nghị: {' '.join(finding.recommendation.split())}"
    if finding.due_on:
        text += f" Thời hạn khắc phục: trước ngày {vn_short_date(finding.due_on)}."
    return nfc(text)


def _conclusion(unit_name: str, rows: list[tuple]) -> str:
    findings = [finding for _, finding in rows if finding]
    if len(findings) < len(rows) or not rows:
        return f"Kết luận: {DOTS}{DOTS}"
    count = {result: sum(1 for f in findings if f.result == result) for result in Finding.Result.values}
    text = f"Kết luận: {unit_name} đạt {count['compliant']:02d}/{len(rows):02d} nội dung kiểm tra"
    if count["noted"]:
        text += f", {count['noted']:02d} nội dung ghi nhận"
    if count["shortcoming"]:
        tail = "nội dung có tồn tại, hạn chế phải khắc phục theo thời hạn nêu trên."
        return f"{text}; còn {count['shortcoming']:02d} {tail}"
    return f"{text}; không có tồn tại, hạn chế phải khắc phục."


def rows_of(visit: UnitCheck) -> list[tuple]:
    """(criterion, finding or None) for every criterion of the plan that applies to the unit."""
    findings = {f.criterion_id: f for f in Finding.objects.filter(unit_check=visit).order_by("pk")}
    criteria = visit.inspection.plan.criteria.order_by("position", "pk")
    return [(c, findings.get(c.pk)) for c in criteria if c.applies_to_kind(visit.unit.kind)]


def compose(visit: UnitCheck) -> ComposedDocument:
    inspection = visit.inspection
    organization = inspection.plan.organization
    unit = nfc(visit.unit.name)
    decision = decision_record(inspection.plan)
    # The team as formed by its decision, else as called for by the plan.
    formed_by = decision or plan_record(inspection.plan)
    basis = f" theo {formed_by.citation().split(' về việc ')[0]}" if formed_by else ""
    team = team_of([inspection])
    leader = next((m for m in team if m.role == "Trưởng đoàn"), None)
    secretary = next((m for m in team if m.role == "Thư ký"), None)
    day = vn_short_date(visit.checked_on)
    rows = rows_of(visit)
    opening = [
        f"Thời gian bắt đầu: vào hồi {hour(visit.starts_at)} ngày {day}.",
        f"Địa điểm: tại {unit}, {nfc(organization.name)}.",
        "Thành phần tham dự:",
        f"1. Đoàn kiểm tra của {nfc(organization.name)}{basis}:",
        *([f"- {member.line};" for member in team] or [f"- {DOTS}", f"- {DOTS}"]),
        f"2. {unit}:",
        *_unit_lines(visit),
        f"Chủ trì: {leader.user.display_name + ', Trưởng đoàn kiểm tra' if leader else DOTS + DOTS}",
        f"Thư ký: {secretary.user.display_name if secretary else DOTS + DOTS}",
        f"Nội dung: Đoàn kiểm tra đã kiểm tra công tác cải cách hành chính tại {unit} theo các nội dung sau:",
    ]
    ending = (
        f"Biên bản kết thúc vào hồi {hour(visit.ends_at)} ngày {day}, được lập thành 02 bản có giá trị "
        f"như nhau, Đoàn kiểm tra giữ 01 bản, {unit} giữ 01 bản; đã đọc lại cho những người tham dự "
        "cùng nghe và nhất trí ký tên./."
    )
    return ComposedDocument(
        title=f"Kiểm tra công tác cải cách hành chính tại {unit}",
        opening="\n".join(opening),
        items=[_item(criterion, finding) for criterion, finding in rows],
        closing=f"{_conclusion(unit, rows)}\n{ending}",
        recipients=[],
        legal_bases=[decision] if decision else [],
        symbol=symbol_of(Notice.Kind.MINUTES, organization),
        place=organization.place,
        # The Trưởng đoàn signs as such; with none recorded the drafter chooses (never someone
        # outside the team the biên bản lists, such as the board's default signer).
        signer=team_leader([inspection]),
        authority=Notice.Authority.NONE,
    )
