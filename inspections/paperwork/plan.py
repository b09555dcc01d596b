"""The inspection plan (Kế hoạch kiểm tra, e.g. 810/KH-BQL) from the year's plan record.

Its parts as the board's plans lay them out (DOMAIN.md §3.3): purpose and requirements, what
is inspected (the criteria), whom and when (the units and the rounds), the team and how it
works, and who does what; citing the plan's legal bases.
"""

from inspections.models import InspectionPlan, Notice
from inspections.paperwork.compose import (
    ComposedDocument,
    _join,
    archive_line,
    basis_chain,
    capitalized,
    default_signer,
    plan_bases,
    subject_of,
    team_of,
    units_wording,
)
from inspections.paperwork.kinds import symbol_of
from inspections.vn import vn_date_range
from units.models import Unit


def _scope_lines(plan: InspectionPlan) -> list[str]:
    organization = plan.organization
    units = list(organization.units.active().order_by("kind", "order", "name"))
    departments = [u for u in units if u.kind == Unit.Kind.DEPARTMENT]
    services = [u for u in units if u.kind == Unit.Kind.SERVICE_UNIT]
    lines = []
    if departments:
        lines.append(f"- {len(departments):02d} phòng chuyên môn: {_join([u.name for u in departments])};")
    if services:
        lines.append(
            f"- {len(services):02d} đơn vị sự nghiệp trực thuộc: {_join([u.name for u in services])}."
        )
    return lines


def _time_lines(plan: InspectionPlan) -> list[str]:
    rounds = list(plan.inspections.order_by("starts_on", "pk"))
    if not rounds:
        return [
            f"Trong năm {plan.year}; lịch kiểm tra cụ thể tại từng đơn vị được thông báo trước khi kiểm tra."
        ]
    lines = [f"- {capitalized(r.title)}: {vn_date_range(r.starts_on, r.ends_on)};" for r in rounds]
    lines[-1] = lines[-1][:-1] + "."
    lines.append("Lịch kiểm tra cụ thể tại từng đơn vị được thông báo trước khi kiểm tra.")
    return lines


def compose(plan: InspectionPlan) -> ComposedDocument:
    organization = plan.organization
    subject = subject_of(plan)
    bases = plan_bases(plan)
    chain = basis_chain(bases)
    does = f"{organization.name} ban hành Kế hoạch {subject} như sau:"
    opening = f"{chain}, {does}" if chain else does
    criteria = list(plan.criteria.order_by("position", "pk"))
    units = list(organization.units.active())
    where = units_wording(units)
    team = team_of(list(plan.inspections.all()))
    team_text = (
        "Đoàn kiểm tra do Trưởng ban quyết định thành lập, gồm: "
        + "; ".join(member.line for member in team)
        + "."
        if team
        else "Đoàn kiểm tra do Trưởng ban quyết định thành lập, gồm lãnh đạo Ban, lãnh đạo và công chức "
        "Văn phòng "
        "và các phòng chuyên môn có liên quan."
    )
    items = [
        "\n".join(
            [
                "MỤC ĐÍCH, YÊU CẦU",
                "1. Mục đích: đánh giá khách quan, đúng thực chất kết quả triển khai công tác cải cách hành "
                f"chính, kỷ luật, kỷ cương công vụ tại {where}; kịp thời phát hiện những tồn tại, hạn chế để "
                "chấn chỉnh, khắc phục; biểu dương những đơn vị thực hiện tốt.",
                "2. Yêu cầu: việc kiểm tra bảo đảm khách quan, công khai, đúng quy định, không gây cản trở "
                "hoạt động bình thường của đơn vị; kết quả kiểm tra được thông báo bằng văn bản đến các "
                "đơn vị được kiểm tra để khắc phục và báo cáo kết quả khắc phục.",
            ]
        ),
        "\n".join(
            ["NỘI DUNG KIỂM TRA"]
            + [
                f"{n}. {criterion.name}{_scope_note(criterion)}."
                for n, criterion in enumerate(criteria, start=1)
            ]
        ),
        "\n".join(
            ["ĐỐI TƯỢNG, THỜI GIAN KIỂM TRA", "1. Đối tượng:", *_scope_lines(plan), "2. Thời gian:"]
            + _time_lines(plan)
        ),
        "\n".join(
            [
                "THÀNH PHẦN ĐOÀN KIỂM TRA VÀ PHƯƠNG THỨC KIỂM TRA",
                f"1. Thành phần: {team_text}",
                "2. Phương thức: các đơn vị tự kiểm tra và báo cáo bằng văn bản kết quả thực hiện các nội "
                "dung kiểm tra; Đoàn kiểm tra làm việc trực tiếp tại đơn vị, kiểm tra hồ sơ, tài liệu, việc "
                "chấp hành kỷ luật, kỷ cương tại nơi làm việc và lập biên bản kiểm tra tại từng đơn vị.",
            ]
        ),
        "\n".join(
            [
                "TỔ CHỨC THỰC HIỆN",
                "1. Văn phòng là đầu mối tham mưu thành lập Đoàn kiểm tra, thông báo lịch kiểm tra, tổng hợp "
                "kết quả, dự thảo thông báo kết quả kiểm tra và theo dõi việc khắc phục sau kiểm tra.",
                f"2. {capitalized(where)} chuẩn bị báo cáo tự kiểm tra, hồ sơ, tài liệu liên quan; "
                "bố trí lãnh "
                "đạo và công chức, viên chức làm việc với Đoàn kiểm tra; khắc phục những tồn tại, hạn chế "
                "sau kiểm tra và báo cáo kết quả khắc phục.",
            ]
        ),
    ]
    closing = (
        f"Trên đây là Kế hoạch {subject} của {organization.name}; yêu cầu {where} "
        "nghiêm túc triển khai thực hiện./."
    )
    recipients = ["Lãnh đạo Ban (để chỉ đạo)", f"{capitalized(where)}", archive_line(organization)]
    return ComposedDocument(
        title=capitalized(subject),
        opening=opening,
        items=items,
        closing=closing,
        recipients=recipients,
        legal_bases=bases,
        symbol=symbol_of(Notice.Kind.PLAN, organization),
        place=organization.place,
        signer=default_signer(),
    )


def _scope_note(criterion) -> str:
    if criterion.applies_to == criterion.Scope.DEPARTMENT:
        return " (các phòng chuyên môn)"
    if criterion.applies_to == criterion.Scope.SERVICE_UNIT:
        return " (các đơn vị sự nghiệp)"
    return ""
