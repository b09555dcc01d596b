"""The year's report of the inspections (Báo cáo kết quả kiểm tra) from every round of the plan.

How the inspections were organised (rounds, units, the notices of results), what they found
(per criterion, the shortcomings by unit) and what became of the shortcomings (the follow-up:
remedied, open, overdue), then an assessment; addressed to the city.
"""

from django.db.models import Count, Q
from django.utils import timezone

from inspections.models import Finding, FollowUp, InspectionPlan, Notice, UnitCheck
from inspections.paperwork.compose import (
    ComposedDocument,
    _sentence,
    archive_line,
    basis_chain,
    capitalized,
    default_signer,
    issued_document,
    plan_bases,
    plan_record,
    subject_of,
    unique,
)
from inspections.paperwork.kinds import symbol_of
from inspections.vn import vn_date_range, vn_short_date


def _rounds_lines(plan: InspectionPlan) -> list[str]:
    lines = []
    for inspection in plan.inspections.order_by("starts_on", "pk"):
        units = inspection.units.count()
        done = UnitCheck.objects.filter(inspection=inspection, status=UnitCheck.Status.DONE).count()
        notice = issued_document(Notice.Kind.RESULTS, inspection=inspection)
        told = (
            f"; kết quả được thông báo tại Thông báo số {notice.reference} "
            f"ngày {vn_short_date(notice.issued_on)}"
            if notice
            else "; chưa ban hành thông báo kết quả"
        )
        lines.append(
            f"- {capitalized(inspection.title)}: {vn_date_range(inspection.starts_on, inspection.ends_on)}, "
            f"đã kiểm tra {done:02d}/{units:02d} đơn vị{told}."
        )
    return lines or ["- Chưa tổ chức đợt kiểm tra nào."]


def _findings_lines(plan: InspectionPlan) -> list[str]:
    findings = Finding.objects.filter(
        unit_check__inspection__plan=plan, unit_check__status=UnitCheck.Status.DONE
    )
    totals = findings.aggregate(
        all=Count("pk"),
        good=Count("pk", filter=Q(result=Finding.Result.COMPLIANT)),
        bad=Count("pk", filter=Q(result=Finding.Result.SHORTCOMING)),
    )
    lines = [
        f"Đã ghi nhận {totals['all']} kết quả kiểm tra theo các nội dung kiểm tra, trong đó {totals['good']} "
        f"nội dung đạt yêu cầu, {totals['bad']} nội dung còn tồn tại, hạn chế."
    ]
    shortcomings = findings.filter(result=Finding.Result.SHORTCOMING).select_related(
        "unit_check__unit", "criterion"
    )
    for finding in shortcomings.order_by("unit_check__unit__kind", "unit_check__unit__order", "pk"):
        lines.append(
            f"- {finding.unit_check.unit.name} ({finding.criterion.name}): {_sentence(finding.observation)}."
        )
    return lines


def _followup_lines(plan: InspectionPlan) -> list[str]:
    followups = FollowUp.objects.filter(finding__unit_check__inspection__plan=plan).exclude(
        status=FollowUp.Status.WITHDRAWN
    )
    today = timezone.localdate()
    closed = followups.filter(status=FollowUp.Status.CLOSED).count()
    open_ = followups.exclude(status=FollowUp.Status.CLOSED)
    overdue = open_.filter(finding__due_on__lt=today).count()
    total = followups.count()
    if not total:
        return ["Không có tồn tại, hạn chế phải khắc phục sau kiểm tra."]
    lines = [
        f"Có {total} tồn tại, hạn chế phải khắc phục: {closed} đã khắc phục xong, {total - closed} đang "
        f"khắc phục (trong đó {overdue} quá hạn)."
    ]
    for followup in open_.select_related("finding__unit_check__unit", "finding__criterion").order_by("pk"):
        finding = followup.finding
        due = f", hạn {vn_short_date(finding.due_on)}" if finding.due_on else ""
        lines.append(f"- {finding.unit_check.unit.name}: {finding.criterion.name}{due}.")
    return lines


def compose(plan: InspectionPlan) -> ComposedDocument:
    organization = plan.organization
    subject = subject_of(plan)
    # The plan's subject mostly starts with "kiểm tra" already: never "Việc kiểm tra kiểm tra …".
    inspected = subject if subject.startswith("kiểm tra ") else f"kiểm tra {subject}"
    bases = unique([*plan_bases(plan), plan_record(plan)])
    chain = basis_chain(bases)
    does = (
        f"{organization.name} báo cáo kết quả kiểm tra công tác cải cách hành chính năm {plan.year} như sau:"
    )
    items = [
        "\n".join(["CÔNG TÁC TỔ CHỨC KIỂM TRA", *_rounds_lines(plan)]),
        "\n".join(["KẾT QUẢ KIỂM TRA", *_findings_lines(plan)]),
        "\n".join(["KẾT QUẢ KHẮC PHỤC SAU KIỂM TRA", *_followup_lines(plan)]),
        "\n".join(
            [
                "ĐÁNH GIÁ CHUNG VÀ KIẾN NGHỊ",
                f"Việc {inspected} được triển khai theo kế hoạch; các đơn vị được kiểm tra "
                "đã chuẩn bị "
                "báo cáo và làm việc với Đoàn kiểm tra theo yêu cầu. Những tồn tại, hạn chế đã được chỉ rõ "
                "và tiếp tục được theo dõi khắc phục.",
            ]
        ),
    ]
    return ComposedDocument(
        title=f"Kết quả kiểm tra công tác cải cách hành chính năm {plan.year}",
        opening=f"{chain}, {does}" if chain else does,
        items=items,
        closing=f"Trên đây là báo cáo kết quả kiểm tra công tác cải cách hành chính năm {plan.year} của "
        f"{organization.name}./.",
        recipients=[
            "Ủy ban nhân dân thành phố (để báo cáo)",
            "Sở Nội vụ",
            "Lãnh đạo Ban",
            archive_line(organization),
        ],
        legal_bases=bases,
        symbol=symbol_of(Notice.Kind.REPORT, organization),
        place=organization.place,
        signer=default_signer(),
    )
