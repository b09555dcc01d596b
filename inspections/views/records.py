"""Pages for inspection records: plans, rounds with their grid, visits, and the search."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from inspections.audit import action_label
from inspections.chain import round_chain
from inspections.forms.records import InspectionForm, MinutesScanForm, ScheduleVisitsForm, UnitCheckForm
from inspections.models import (
    AuditEvent,
    Criterion,
    Finding,
    Inspection,
    InspectionPlan,
    Notice,
    PlanLegalBasis,
    UnitCheck,
)
from inspections.services.records import (
    fill_remaining_compliant,
    save_inspection,
    save_unit_check,
    schedule_unit_checks,
)
from inspections.services.reference import start_next_year_plan
from inspections.services.scans import minutes_scans
from inspections.text import fold
from inspections.views.paperwork import documents_of
from inspections.views.records_findings import row_context
from inspections.vn import vn_short_date
from units.models import Unit

PER_PAGE = 20


def paginate(request, queryset, per_page: int = PER_PAGE, param: str = "page"):
    return Paginator(queryset, per_page).get_page(request.GET.get(param))


def history(*targets, extra: Q | None = None) -> list[AuditEvent]:
    """The audit lines about `targets` (and `extra`), newest first, labelled for people."""
    query = Q(pk__in=[])
    for obj in targets:
        query |= Q(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    if extra is not None:
        query |= extra
    events = list(AuditEvent.objects.filter(query).select_related("actor").order_by("-at", "-pk")[:200])
    for event in events:
        event.label = action_label(event.action)
        event.lines = [(field, *values) for field, values in event.data.items() if isinstance(values, list)]
    return events


RESULT_MARKS = {"compliant": "✓", "shortcoming": "!", "noted": "•"}


def grid_cell(applies: bool, finding: Finding | None) -> dict:
    """What one cell of a round's grid shows, worked out once here instead of in the template
    (a year's round has a few hundred cells)."""
    if not applies:
        return {"css": "na", "label": "— Không áp dụng", "applies": False}
    if finding is None:
        return {"css": "missing", "label": "? Chưa nhập", "applies": True}
    note = ""
    if finding.result == Finding.Result.SHORTCOMING and finding.closed:
        note = "Đã khắc phục"
    elif finding.result == Finding.Result.SHORTCOMING and finding.due_on:
        note = f"Hạn {vn_short_date(finding.due_on)}"
    return {
        "css": finding.result,
        "label": f"{RESULT_MARKS[finding.result]} {finding.get_result_display()}",
        "title": Truncator(finding.observation).chars(200),
        "note": note,
        "applies": True,
        "finding": finding,
    }


def criteria_for(plan_id: int, kinds: set[str]) -> list[Criterion]:
    criteria = Criterion.objects.filter(plan_id=plan_id).order_by("position", "pk")
    return [c for c in criteria if any(c.applies_to_kind(kind) for kind in kinds)]


def progress_text(done: int, total: int, kinds: set[str]) -> str:
    noun = "phòng" if kinds == {Unit.Kind.DEPARTMENT} else "đơn vị"
    return f"Đã kiểm tra {done}/{total} {noun}"


# Plans -----------------------------------------------------------------------


@permission_required("inspections.view_inspectionplan", raise_exception=True)
def plan_list(request):
    plans = (
        InspectionPlan.objects.select_related("document")
        .annotate(
            criteria_count=Count("criteria", distinct=True),
            inspection_count=Count("inspections", distinct=True),
        )
        .order_by("-year", "title", "pk")
    )
    return render(request, "inspections/plan_list.html", {"page": paginate(request, plans)})


@require_POST
@permission_required("inspections.add_inspectionplan", raise_exception=True)
def plan_next_year(request, pk):
    plan = get_object_or_404(InspectionPlan, pk=pk)
    new = start_next_year_plan(plan, by=request.user)
    messages.warning(
        request,
        f"Đã lập Kế hoạch năm {new.year} từ kế hoạch năm {plan.year}: đã chép "
        f"{new.criteria.count()} nội dung kiểm tra và các văn bản căn cứ. Hãy xác nhận từng căn cứ "
        "còn hiệu lực, thêm văn bản kế hoạch năm mới và sửa nội dung kiểm tra (trang quản trị) "
        "trước khi lập đợt kiểm tra.",
    )
    return redirect(new)


@permission_required("inspections.view_inspectionplan", raise_exception=True)
def plan_detail(request, pk):
    plan = get_object_or_404(InspectionPlan.objects.select_related("document", "organization"), pk=pk)
    bases = list(PlanLegalBasis.objects.filter(plan=plan).select_related("document"))
    criteria = list(plan.criteria.order_by("position", "pk"))
    # The plan's own lines, and those of its criteria and legal bases (changed in the admin).
    parts = Q(
        content_type=ContentType.objects.get_for_model(Criterion), object_id__in=[c.pk for c in criteria]
    )
    parts |= Q(
        content_type=ContentType.objects.get_for_model(PlanLegalBasis), object_id__in=[b.pk for b in bases]
    )
    context = {
        "plan": plan,
        "bases": bases,
        "criteria": criteria,
        "inspections": plan.inspections.order_by("starts_on", "pk"),
        "events": history(plan, extra=parts),
        "paperwork": documents_of("plan", plan),
    }
    return render(request, "inspections/plan_detail.html", context)


# Rounds ------------------------------------------------------------------------


@permission_required("inspections.view_inspection", raise_exception=True)
def inspection_list(request):
    inspections = (
        Inspection.objects.for_list().select_related("plan__document").order_by("-starts_on", "title", "pk")
    )
    return render(request, "inspections/inspection_list.html", {"page": paginate(request, inspections)})


@permission_required("inspections.view_inspection", raise_exception=True)
def inspection_detail(request, pk):
    inspection = get_object_or_404(Inspection.objects.select_related("plan__document", "announcement"), pk=pk)
    units = list(inspection.units.order_by("kind", "order", "name"))
    kinds = {unit.kind for unit in units}
    unit_checks = {unit_check.unit_id: unit_check for unit_check in inspection.unit_checks.all()}
    criteria = criteria_for(inspection.plan_id, kinds)
    findings = {
        (finding.unit_check.unit_id, finding.criterion_id): finding
        for finding in Finding.objects.filter(unit_check__inspection=inspection).select_related("unit_check")
    }
    rows = []
    for unit in units:
        cells = [grid_cell(c.applies_to_kind(unit.kind), findings.get((unit.pk, c.pk))) for c in criteria]
        rows.append({"unit": unit, "unit_check": unit_checks.get(unit.pk), "cells": cells})
    done = sum(
        1 for unit in units if unit.pk in unit_checks and unit_checks[unit.pk].status == UnitCheck.Status.DONE
    )
    applicable = sum(1 for row in rows for cell in row["cells"] if cell["applies"])
    documents = list(inspection.notices.select_related("signer").order_by("-created_at"))
    notices = [document for document in documents if document.kind == Notice.Kind.RESULTS]
    team = list(inspection.team.all())
    missing = [unit for unit in units if unit.pk not in unit_checks]
    context = {
        "inspection": inspection,
        "criteria": criteria,
        "rows": rows,
        "team": team,
        "chain": round_chain(
            inspection, documents=documents, unit_checks=unit_checks, units=units, team=team
        ),
        "paperwork": documents_of("round", inspection),
        "progress": progress_text(done, len(units), kinds),
        "findings_progress": f"Đã nhập {len(findings)}/{applicable} kết quả",
        "missing_unit_checks": missing,
        # Scheduling every visit not made yet, in one form (issue 19).
        "schedule_form": (
            ScheduleVisitsForm(inspection=inspection, units=missing)
            if missing and request.user.has_perm("inspections.add_unitcheck")
            else None
        ),
        "events": history(inspection),
        "notices": notices,
        "has_printable": any(notice.is_issued and notice.pdf for notice in notices),
    }
    return render(request, "inspections/inspection_detail.html", context)


def inspection_form(request, pk=None):
    if not request.user.has_perm("inspections.change_inspection" if pk else "inspections.add_inspection"):
        raise PermissionDenied
    inspection = get_object_or_404(Inspection, pk=pk) if pk else Inspection()
    initial = {} if pk else {"plan": request.GET.get("plan")}
    form = InspectionForm(request.POST or None, instance=inspection, initial=initial)
    if form.is_valid():
        inspection = save_inspection(form, by=request.user)
        messages.success(request, f"Đã lưu đợt kiểm tra “{inspection}”.")
        return redirect(inspection)
    return render(request, "inspections/inspection_form.html", {"form": form, "inspection": inspection})


# Visits ------------------------------------------------------------------------


def _unit_check_form(request, inspection, unit_check):
    form = UnitCheckForm(request.POST or None, instance=unit_check, inspection=inspection)
    if form.is_valid():
        unit_check = save_unit_check(form, by=request.user)
        messages.success(request, f"Đã lưu buổi kiểm tra {unit_check}.")
        return redirect(unit_check)
    context = {"form": form, "inspection": inspection, "unit_check": unit_check}
    return render(request, "inspections/unitcheck_form.html", context)


@permission_required("inspections.add_unitcheck", raise_exception=True)
def unitcheck_create(request, inspection_pk):
    inspection = get_object_or_404(Inspection, pk=inspection_pk)
    unit_check = UnitCheck(checked_on=inspection.starts_on)
    if request.method == "GET" and request.GET.get("unit"):
        unit_check.unit = inspection.units.filter(pk=request.GET["unit"]).first()
    return _unit_check_form(request, inspection, unit_check)


@permission_required("inspections.add_unitcheck", raise_exception=True)
def unitcheck_schedule(request, inspection_pk):
    """Plan the visits of every unit of the round without one, a day each, in one form."""
    inspection = get_object_or_404(Inspection, pk=inspection_pk)
    missing = inspection.units.exclude(checks__inspection=inspection).order_by("kind", "order", "name")
    form = ScheduleVisitsForm(request.POST or None, inspection=inspection, units=missing)
    if form.is_valid():
        created, skipped = schedule_unit_checks(inspection, by=request.user, days=form.planned())
        messages.success(request, f"Đã lên lịch {len(created)} buổi kiểm tra.")
        if skipped:
            names = ", ".join(unit.name for unit in skipped)
            messages.warning(request, f"Không lên lịch lại {names}: vừa có người tạo buổi kiểm tra.")
        return redirect(inspection)
    status = 400 if request.method == "POST" else 200
    context = {"inspection": inspection, "schedule_form": form}
    return render(request, "inspections/unitcheck_schedule.html", context, status=status)


@permission_required("inspections.change_unitcheck", raise_exception=True)
def unitcheck_edit(request, inspection_pk, pk):
    unit_check = get_object_or_404(
        UnitCheck.objects.select_related("inspection"), pk=pk, inspection_id=inspection_pk
    )
    return _unit_check_form(request, unit_check.inspection, unit_check)


def unit_check_rows(unit_check: UnitCheck) -> list[dict]:
    """One row per criterion that applies to the visited unit, with its finding if any."""
    criteria = criteria_for(unit_check.inspection.plan_id, {unit_check.unit.kind})
    findings = {
        finding.criterion_id: finding
        for finding in unit_check.findings.select_related("followup")
        .prefetch_related("evidence")
        .order_by("pk")
    }
    rows = []
    for criterion in criteria:
        finding = findings.get(criterion.pk)
        rows.append({"criterion": criterion, "finding": finding, **row_context(finding)})
    return rows


@require_POST
@permission_required("inspections.add_finding", raise_exception=True)
def unitcheck_fill_compliant(request, pk):
    unit_check = get_object_or_404(UnitCheck, pk=pk)
    created = fill_remaining_compliant(unit_check, by=request.user)
    if created:
        messages.success(request, f"Đã ghi “Đạt” cho {len(created)} nội dung kiểm tra còn lại.")
    else:
        messages.info(request, "Mọi nội dung kiểm tra của buổi này đã có kết quả.")
    return redirect(unit_check)


@permission_required("inspections.view_unitcheck", raise_exception=True)
def unitcheck_detail(request, pk):
    unit_check = get_object_or_404(
        UnitCheck.objects.select_related("unit", "inspection__plan", "inspection__announcement"), pk=pk
    )
    return unitcheck_page(request, unit_check)


def unitcheck_page(request, unit_check, *, scan_form=None, status=200):
    """The visit page; `scan_form` is a refused minutes scan upload shown with its errors."""
    rows = unit_check_rows(unit_check)
    finding_ids = [row["finding"].pk for row in rows if row["finding"]]
    extra = Q(content_type=ContentType.objects.get_for_model(Finding), object_id__in=finding_ids)
    context = {
        "unit_check": unit_check,
        "inspection": unit_check.inspection,
        "rows": rows,
        "entered": len(finding_ids),
        "events": history(unit_check, extra=extra),
        "paperwork": documents_of("visit", unit_check),
        "scans": minutes_scans(unit_check),
        "scan_form": scan_form or MinutesScanForm(),
    }
    return render(request, "inspections/unitcheck_detail.html", context, status=status)


# Search --------------------------------------------------------------------------


def _matching_ids(objects, query_terms: list[str], name) -> dict[str, set[int]]:
    """For each folded term, the ids of `objects` whose folded name contains it (small tables)."""
    folded = [(obj.pk, fold(name(obj))) for obj in objects]
    return {term: {pk for pk, text in folded if term in text} for term in query_terms}


@permission_required("inspections.view_finding", raise_exception=True)
def search(request):
    """One box over findings and notices, ignoring case and Vietnamese diacritics.

    Filters on the stored folded `search_text` columns with the folded query, so SQLite and
    PostgreSQL give the same answers. Unit and criterion names (two small tables) are folded
    here and matched by id. Every word must appear somewhere.
    """
    query = request.GET.get("q", "").strip()[:200]
    terms = fold(query).split()[:10]
    context = {"query": query, "terms": terms}
    if terms:
        units = _matching_ids(
            Unit.objects.only("pk", "name", "short_name"), terms, lambda u: f"{u.name} {u.short_name}"
        )
        criteria = _matching_ids(Criterion.objects.only("pk", "name"), terms, lambda c: c.name)
        finding_filter = Q()
        notice_filter = Q()
        for term in terms:
            finding_filter &= (
                Q(search_text__contains=term)
                | Q(unit_check__unit__in=units[term])
                | Q(criterion__in=criteria[term])
            )
            notice_filter &= Q(search_text__contains=term)
        findings = (
            Finding.objects.filter(finding_filter)
            .select_related("criterion", "unit_check__unit", "unit_check__inspection")
            .order_by(
                "-unit_check__checked_on",
                "unit_check__unit__kind",
                "unit_check__unit__order",
                "criterion__position",
                "pk",
            )
        )
        context["findings"] = paginate(request, findings)
        if request.user.has_perm("inspections.view_notice"):
            notices = Notice.objects.filter(notice_filter).order_by("-created_at", "-pk")
            context["notices"] = paginate(request, notices, param="npage")
    return render(request, "inspections/search.html", context)
