"""The decision forming the inspection team (Quyết định thành lập Đoàn kiểm tra).

Drafted from the plan's rounds and their team (Trưởng đoàn, thành viên, thư ký), citing the
plan that calls for it. Its body is in articles (Điều 1., Điều 2., Điều 3.), after the legal
bases and "QUYẾT ĐỊNH:" (the layout adds the authority line and that word).
"""

from inspections.models import InspectionPlan, Notice
from inspections.paperwork.compose import (
    ComposedDocument,
    _join,
    archive_line,
    capitalized,
    default_signer,
    plan_bases,
    plan_record,
    subject_of,
    team_of,
    unique,
)
from inspections.paperwork.kinds import symbol_of


def compose(plan: InspectionPlan) -> ComposedDocument:
    organization = plan.organization
    subject = subject_of(plan)
    team_subject = subject.removeprefix("kiểm tra ").strip()
    plan_document = plan_record(plan)
    bases = unique([*plan_bases(plan), plan_document])
    opening_lines = [f"Căn cứ {document.citation()};" for document in bases]
    opening_lines.append("Theo đề nghị của Chánh Văn phòng.")
    team = team_of(list(plan.inspections.all()))
    members = [f"{n}. {member.line};" for n, member in enumerate(team, start=1)]
    if members:
        members[-1] = members[-1][:-1] + "."
    criteria = [
        criterion.name[:1].lower() + criterion.name[1:] for criterion in plan.criteria.order_by("position")
    ]
    cite = (
        f"theo {plan_document.citation().split(' về việc ')[0]}"
        if plan_document
        else "theo Kế hoạch kiểm tra"
    )
    items = [
        "\n".join(
            [
                f"Thành lập Đoàn kiểm tra {team_subject} (sau đây gọi là Đoàn kiểm tra), gồm các ông (bà) "
                "có tên sau:",
                *members,
            ]
        ),
        f"Đoàn kiểm tra có nhiệm vụ kiểm tra {_join(criteria) or 'các nội dung'} tại các phòng, đơn vị "
        f"{cite}; lập biên bản kiểm tra tại từng đơn vị; tổng hợp kết quả, báo cáo Trưởng ban và dự thảo "
        "thông báo kết quả kiểm tra. Trưởng đoàn phân công nhiệm vụ cho các thành viên; Đoàn kiểm tra tự "
        "giải thể sau khi hoàn thành nhiệm vụ.",
        "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Trưởng các phòng chuyên môn, Thủ "
        "trưởng các đơn vị sự nghiệp trực thuộc và các ông (bà) có tên tại Điều 1 chịu trách nhiệm thi "
        "hành Quyết định này./.",
    ]
    return ComposedDocument(
        title=capitalized(f"về việc thành lập Đoàn kiểm tra {team_subject}"),
        opening="\n".join(opening_lines),
        items=items,
        closing="",
        recipients=["Như Điều 3", "Lãnh đạo Ban", archive_line(organization)],
        legal_bases=bases,
        symbol=symbol_of(Notice.Kind.DECISION, organization),
        place=organization.place,
        signer=default_signer(),
    )
