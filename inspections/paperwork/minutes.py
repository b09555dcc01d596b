"""The minutes of one visit (Biên bản kiểm tra, Phụ lục III Mẫu 1.9) from its findings.

Time and place, who attended on both sides (the team with its roles, the unit's people), the
content per criterion with its result, the conclusion and requests, "kết thúc vào hồi … giờ …
ngày …", and two signatures: the unit's head (on paper, on site) and the team leader. Hours not
recorded yet are left as blanks to fill in by hand, so the draft prints for the visit itself.
"""

from inspections.models import Finding, Notice, UnitCheck
from inspections.paperwork.compose import (
    ComposedDocument,
    _lower_first,
    _sentence,
    decision_record,
    hour,
    team_leader,
    team_of,
)
from inspections.paperwork.kinds import symbol_of
from inspections.vn import vn_date, vn_short_date


def _finding_text(finding: Finding) -> str:
    text = (
        f"{finding.criterion.name}: {finding.get_result_display().lower()}. {_sentence(finding.observation)}."
    )
    if finding.recommendation.strip():
        text += f" Kiến nghị: {_lower_first(_sentence(finding.recommendation))}"
        text += f" (hạn khắc phục: {vn_short_date(finding.due_on)})." if finding.due_on else "."
    return text


def compose(visit: UnitCheck) -> ComposedDocument:
    inspection = visit.inspection
    plan = inspection.plan
    organization = plan.organization
    unit = visit.unit
    decision = decision_record(plan)
    formed = f" được thành lập theo {decision.citation().split(' về việc ')[0]}" if decision else ""
    team = team_of([inspection])
    day = vn_date(visit.checked_on)
    opening = [
        f"Hôm nay, vào hồi {hour(visit.starts_at)}, {day}, tại {unit.name}, {organization.name}, "
        f"Đoàn kiểm tra công tác cải cách hành chính{formed} tiến hành kiểm tra công tác cải cách hành chính "
        f"tại {unit.name}.",
        "Thành phần Đoàn kiểm tra: " + ("; ".join(member.line for member in team) or "……") + ".",
        f"Đại diện {unit.name}: {_sentence(visit.attendees) or '……'}.",
        "Nội dung và kết quả kiểm tra:",
    ]
    findings = list(
        Finding.objects.filter(unit_check=visit)
        .select_related("criterion")
        .order_by("criterion__position", "pk")
    )
    shortcomings = [f for f in findings if f.result == Finding.Result.SHORTCOMING]
    if not findings:
        conclusion = "Kết luận: ……"
    elif shortcomings:
        names = "; ".join(_lower_first(f.criterion.name) for f in shortcomings)
        conclusion = (
            f"Kết luận: {unit.name} đã thực hiện các nội dung kiểm tra; còn tồn tại, hạn chế về: {names}. "
            f"Đoàn kiểm tra đề nghị {unit.name} khắc phục theo các kiến nghị trên và báo cáo kết quả khắc "
            "phục về Văn phòng."
        )
    else:
        conclusion = f"Kết luận: {unit.name} đã thực hiện tốt các nội dung kiểm tra."
    end_day = vn_date(visit.checked_on) if visit.ends_at else "ngày …… tháng …… năm ……"
    ending = (
        f"Biên bản kết thúc vào hồi {hour(visit.ends_at)}, {end_day}; đã được đọc lại cho các thành phần "
        "tham dự cùng nghe, thống nhất nội dung và ký tên. Biên bản được lập thành 02 bản, Đoàn kiểm tra "
        "giữ 01 bản, đơn vị được kiểm tra giữ 01 bản./."
    )
    return ComposedDocument(
        title=f"Kiểm tra công tác cải cách hành chính tại {unit.name}",
        opening="\n".join(opening),
        items=[_finding_text(finding) for finding in findings],
        closing=f"{conclusion}\n{ending}",
        recipients=[],
        legal_bases=[decision] if decision else [],
        symbol=symbol_of(Notice.Kind.MINUTES, organization),
        place=organization.place,
        # The Trưởng đoàn signs as such; with none recorded the drafter chooses (never someone
        # outside the team the biên bản lists, such as the board's default signer).
        signer=team_leader([inspection]),
        authority=Notice.Authority.NONE,
    )
