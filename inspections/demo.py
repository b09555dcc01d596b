"""The board's real 2023 inspection records (from the two seed notices) as demo data.

The plan 810/KH-BQL with its legal bases and criteria, the two rounds (9 departments on
06–07/6/2023, 2 public service units on 08/6/2023), every visit and a finding per
criterion that applies, worded as the notices 2880/TB-BQL and 2819/TB-BQL word them.
Idempotent: rows are matched on natural keys and created only when missing.
"""

from datetime import date

from django.db import transaction

from inspections.models import (
    Criterion,
    Finding,
    Inspection,
    InspectionPlan,
    PlanLegalBasis,
    ReferenceDocument,
    UnitCheck,
)
from units.models import Organization, Unit, User

Kind = ReferenceDocument.Kind

DOCUMENTS = {
    "city_plan": (
        Kind.PLAN,
        "4647/QĐ-UBND",
        date(2022, 12, 30),
        "UBND thành phố",
        "Ban hành Kế hoạch Cải cách hành chính nhà nước thành phố Hải Phòng năm 2023",
    ),
    "board_plan": (
        Kind.PLAN,
        "146/KH-BQL",
        date(2023, 1, 12),
        "",
        "triển khai thực hiện cải cách hành chính của Ban Quản lý Khu kinh tế Hải Phòng năm 2023",
    ),
    "inspection_plan": (
        Kind.PLAN,
        "810/KH-BQL",
        date(2023, 3, 2),
        "",
        "kiểm tra công tác cải cách hành chính, kỷ luật, kỷ cương công vụ tại các phòng, "
        "đơn vị sự nghiệp trực thuộc Ban Quản lý năm 2023",
    ),
    "departments_schedule": (
        Kind.NOTICE,
        "2335/TB-BQL",
        date(2023, 5, 2),
        "",
        "kiểm tra công tác cải cách hành chính tại các phòng, đơn vị sự nghiệp trực thuộc năm 2023",
    ),
    "service_units_schedule": (
        Kind.NOTICE,
        "2535/TB-BQL",
        date(2023, 5, 22),
        "",
        "kiểm tra công tác cải cách hành chính tại các phòng, đơn vị sự nghiệp trực thuộc năm 2023",
    ),
    "functions_decision": (
        Kind.DECISION,
        "09/2018/QĐ-UBND",
        date(2018, 1, 5),
        "Ủy ban nhân dân thành phố",
        "quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Ban Quản lý Khu kinh tế Hải Phòng",
    ),
    "decree_35": (
        Kind.DECREE,
        "35/2022/NĐ-CP",
        date(2022, 5, 28),
        "Chính phủ",
        "quy định về quản lý khu công nghiệp và khu kinh tế",
    ),
    "decree_04": (
        Kind.DECREE,
        "04/2015/NĐ-CP",
        date(2015, 1, 9),
        "Chính phủ",
        "thực hiện dân chủ trong hoạt động của cơ quan hành chính nhà nước và đơn vị sự nghiệp công lập",
    ),
}

Scope = Criterion.Scope

# name, applies to, the sentence after "Các phòng chuyên môn đã …" (from the seeds)
CRITERIA = [
    (
        "Kỷ luật, kỷ cương công vụ, quy chế làm việc",
        Scope.BOTH,
        "nghiêm chỉnh chấp hành thời gian làm việc theo đúng quy định, có mặt đầy đủ tại phòng làm việc, "
        "thực hiện đúng quy chế làm việc của cơ quan",
    ),
    (
        "Công tác chỉ đạo, điều hành cải cách hành chính",
        Scope.BOTH,
        "chuẩn bị nội dung báo cáo đầy đủ, theo đúng yêu cầu của Đoàn kiểm tra, thể hiện chỉ đạo, "
        "điều hành của lãnh đạo đơn vị đối với công tác cải cách hành chính",
    ),
    (
        "Chức năng, nhiệm vụ, tổ chức bộ máy, phân công công việc",
        Scope.BOTH,
        "thực hiện đúng các quy định về chức năng nhiệm vụ, quyền hạn, cơ cấu tổ chức bộ máy, "
        "sự phân công công việc trong tập thể phòng",
    ),  # the service units' wording of this criterion is in SERVICE_UNIT_WORDING
    (
        "Kiểm soát thủ tục hành chính và áp dụng ISO 9001:2015",
        Scope.DEPARTMENT,
        "thực hiện các thủ tục hành chính theo đúng quy trình tiêu chuẩn chất lượng ISO 9001:2015; "
        "giải quyết thủ tục theo đúng thời hạn quy định",
    ),
    (
        "Niêm yết Bản cam kết chống phiền hà sách nhiễu",
        Scope.DEPARTMENT,
        "triển khai niêm yết Bản cam kết chống phiền hà sách nhiễu tại nơi làm việc",
    ),
    (
        "Thực hiện dân chủ trong hoạt động của cơ quan (Nghị định số 04/2015/NĐ-CP)",
        Scope.SERVICE_UNIT,
        "triển khai thực hiện Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ về thực hiện "
        "dân chủ trong hoạt động của cơ quan hành chính nhà nước và đơn vị sự nghiệp công lập",
    ),
    (
        "Biên chế, tuyển dụng, sử dụng lao động, bổ nhiệm cán bộ",
        Scope.SERVICE_UNIT,
        "thực hiện đúng quy định về biên chế, tuyển dụng, sử dụng lao động, quy trình bổ nhiệm cán bộ "
        "thuộc thẩm quyền",
    ),
    (
        "Đào tạo, bồi dưỡng đội ngũ cán bộ, viên chức",
        Scope.SERVICE_UNIT,
        "quan tâm công tác đào tạo, bồi dưỡng đội ngũ cán bộ viên chức, nhân viên",
    ),
]

# The same criterion as seed 2819 words it for the public service units.
SERVICE_UNIT_WORDING = {
    "Chức năng, nhiệm vụ, tổ chức bộ máy, phân công công việc": (
        "thực hiện đúng các quy định về chức năng nhiệm vụ, quyền hạn, cơ cấu tổ chức bộ máy, "
        "Quy chế làm việc, phân công công việc trong tập thể lãnh đạo đơn vị"
    ),
}

ROUNDS = [
    {
        "title": "Kiểm tra công tác cải cách hành chính tại các phòng chuyên môn năm 2023",
        "announcement": "departments_schedule",
        "kind": Unit.Kind.DEPARTMENT,
        "starts_on": date(2023, 6, 6),
        "ends_on": date(2023, 6, 7),
    },
    {
        "title": "Kiểm tra công tác cải cách hành chính tại các đơn vị sự nghiệp trực thuộc năm 2023",
        "announcement": "service_units_schedule",
        "kind": Unit.Kind.SERVICE_UNIT,
        "starts_on": date(2023, 6, 8),
        "ends_on": date(2023, 6, 8),
    },
]


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _document(key: str) -> ReferenceDocument:
    kind, number_symbol, issued_on, issuer, summary = DOCUMENTS[key]
    document, _ = ReferenceDocument.objects.get_or_create(
        number_symbol=number_symbol,
        issued_on=issued_on,
        defaults={"kind": kind, "issuer": issuer, "summary": summary},
    )
    if not document.search_text:
        document.refresh_search_text()
        document.save(update_fields=["search_text"])
    return document


@transaction.atomic
def load(organization: Organization) -> InspectionPlan:
    """Create the 2023 plan, criteria, rounds, visits and findings where they are missing."""
    documents = {key: _document(key) for key in DOCUMENTS}
    plan, _ = InspectionPlan.objects.get_or_create(
        organization=organization,
        year=2023,
        document=documents["inspection_plan"],
        defaults={
            "title": "Kế hoạch kiểm tra công tác cải cách hành chính, kỷ luật, kỷ cương công vụ "
            "tại các phòng, đơn vị sự nghiệp trực thuộc Ban Quản lý năm 2023"
        },
    )
    for position, key in enumerate(["city_plan", "board_plan"], start=1):
        PlanLegalBasis.objects.get_or_create(
            plan=plan, document=documents[key], defaults={"position": position}
        )
    criteria = []
    for position, (name, scope, text) in enumerate(CRITERIA, start=1):
        criterion, _ = Criterion.objects.get_or_create(
            plan=plan, name=name, defaults={"position": position, "applies_to": scope, "compliant_text": text}
        )
        if name in SERVICE_UNIT_WORDING and not criterion.compliant_text_service_unit:
            criterion.compliant_text_service_unit = SERVICE_UNIT_WORDING[name]
            criterion.save(update_fields=["compliant_text_service_unit"])
        criteria.append(criterion)

    team = list(User.objects.filter(username__in=["kiemtra", "lanhdao"]))
    for spec in ROUNDS:
        inspection, created = Inspection.objects.get_or_create(
            plan=plan,
            title=spec["title"],
            defaults={
                "announcement": documents[spec["announcement"]],
                "starts_on": spec["starts_on"],
                "ends_on": spec["ends_on"],
            },
        )
        units = list(organization.units.active().filter(kind=spec["kind"]).order_by("order"))
        if created:
            inspection.units.set(units)
            inspection.team.set(team)
        for index, unit in enumerate(units):
            # Departments: the first five on the first day, the rest on the second.
            day = spec["starts_on"] if index < 5 else spec["ends_on"]
            check, _ = UnitCheck.objects.get_or_create(
                inspection=inspection,
                unit=unit,
                defaults={
                    "checked_on": day,
                    "status": UnitCheck.Status.DONE,
                    "attendees": f"Lãnh đạo và công chức, viên chức {unit.name}; Đoàn kiểm tra",
                },
            )
            for criterion in criteria:
                if not criterion.applies_to_kind(unit.kind):
                    continue
                finding, made = Finding.objects.get_or_create(
                    unit_check=check,
                    criterion=criterion,
                    defaults={
                        "result": Finding.Result.COMPLIANT,
                        "observation": _capitalized(criterion.compliant_wording({unit.kind})) + ".",
                    },
                )
                if made:
                    finding.refresh_search_text()
                    finding.save(update_fields=["search_text"])
    return plan
