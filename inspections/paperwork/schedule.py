"""The notice of the schedule (Thông báo lịch kiểm tra, e.g. 2335/TB-BQL) from a round's visits.

Which unit is visited on which day and at what hour, who comes (the team, by the decision
forming it), what is checked and what each unit prepares; citing the plan and the decision.
Its trích yếu is the one both 2023 schedule notices carry ("về việc kiểm tra công tác cải cách
hành chính tại các phòng, đơn vị sự nghiệp trực thuộc năm 2023").
"""

from datetime import timedelta

from inspections.composer import _recipients
from inspections.models import Inspection, Notice, UnitCheck
from inspections.paperwork.compose import (
    ComposedDocument,
    _join,
    basis_chain,
    capitalized,
    decision_record,
    default_signer,
    hour,
    plan_record,
    team_of,
    unique,
    units_wording,
)
from inspections.paperwork.kinds import symbol_of
from inspections.vn import vn_short_date


def _visit_lines(inspection: Inspection) -> list[str]:
    visits = list(UnitCheck.objects.filter(inspection=inspection).in_order().select_related("unit"))
    lines, by_day = [], {}
    for visit in visits:
        by_day.setdefault(visit.checked_on, []).append(visit)
    for day, day_visits in by_day.items():
        names = [f"{v.unit.name} ({hour(v.starts_at)})" if v.starts_at else v.unit.name for v in day_visits]
        lines.append(f"- Ngày {vn_short_date(day)}: {_join(names)};")
    if lines:
        lines[-1] = lines[-1][:-1] + "."
    return lines


def compose(inspection: Inspection) -> ComposedDocument:
    plan = inspection.plan
    organization = plan.organization
    units = list(inspection.units.order_by("kind", "order"))
    where = units_wording(units)
    decision = decision_record(plan)
    bases = unique([plan_record(plan), decision])
    chain = basis_chain(bases, lead="Căn cứ")
    does = f"{organization.name} thông báo lịch kiểm tra công tác cải cách hành chính tại {where} như sau:"
    team = team_of([inspection])
    if decision is not None:
        team_text = f"theo {decision.citation().split(' về việc ')[0]}"
    else:
        team_text = "; ".join(member.line for member in team) or "theo quyết định thành lập Đoàn kiểm tra"
    criteria = [
        c.name[:1].lower() + c.name[1:]
        for c in plan.criteria.order_by("position", "pk")
        if any(c.applies_to_kind(unit.kind) for unit in units)
    ]
    first_day = inspection.starts_on
    report_by = first_day - timedelta(days=3)
    items = [
        "\n".join(["Thời gian, đơn vị được kiểm tra:", *_visit_lines(inspection)])
        if inspection.unit_checks.exists()
        else f"Thời gian: {vn_short_date(inspection.starts_on)} đến {vn_short_date(inspection.ends_on)}.",
        f"Thành phần Đoàn kiểm tra: {team_text}.",
        f"Nội dung kiểm tra: {_join(criteria)}."
        if criteria
        else "Nội dung kiểm tra: theo Kế hoạch kiểm tra.",
        f"{capitalized(where)} chuẩn bị báo cáo tự kiểm tra kết quả thực hiện các nội dung trên, gửi về Văn "
        f"phòng trước ngày {vn_short_date(report_by)}; chuẩn bị hồ sơ, tài liệu liên quan; bố trí lãnh đạo "
        "đơn vị và công chức, viên chức có liên quan làm việc với Đoàn kiểm tra theo lịch trên.",
    ]
    return ComposedDocument(
        title="Về việc kiểm tra công tác cải cách hành chính tại các phòng, đơn vị sự nghiệp trực thuộc "
        f"năm {plan.year}",
        opening=f"{chain}, {does}" if chain else does,
        items=items,
        closing=f"{organization.name} đề nghị {where} chuẩn bị đầy đủ nội dung, bố trí thời gian làm việc "
        "với "
        "Đoàn kiểm tra theo lịch trên./.",
        recipients=[
            *_recipients(organization, units)[:-1],
            "Thành viên Đoàn kiểm tra",
            _recipients(organization, units)[-1],
        ],
        legal_bases=bases,
        symbol=symbol_of(Notice.Kind.SCHEDULE, organization),
        place=organization.place,
        signer=default_signer(),
    )
