"""Follow-up of shortcomings: the list, one item's page with its history, and its actions;
the carry-over page of a round and starting the next round from it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from config.uploads import upload_limit
from inspections import dashboard
from inspections.forms.followup import (
    CloseForm,
    FollowUpReportForm,
    NextRoundForm,
    ReopenForm,
    ShortcomingFilterForm,
    WithdrawForm,
)
from inspections.models import AuditEvent, Finding, FollowUp, FollowUpReport, Inspection, TransitionError
from inspections.services import followup as services
from inspections.services.lifecycle import FOLLOWUP, followup_of
from inspections.views.files import private_attachment


def visible_shortcomings(user):
    """All shortcomings for people who read findings; only their own unit's for unit members."""
    findings = dashboard.open_shortcomings()
    if user.has_perm("inspections.view_finding"):
        return findings
    if user.unit_id:
        return findings.filter(unit_check__unit_id=user.unit_id)
    raise PermissionDenied


def followup_list(request):
    findings = visible_shortcomings(request.user)
    form = ShortcomingFilterForm(request.GET or None)
    findings = findings.annotate(state=Coalesce("followup__status", Value(FollowUp.Status.OPEN)))
    page = Paginator(form.apply(findings), 50).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page, "today": timezone.localdate()}
    return render(request, "inspections/followup_list.html", context)


def _finding(request, pk) -> Finding:
    # A withdrawn shortcoming is no longer one, but its follow-up page (reports, files) stays.
    followed = Q(result=Finding.Result.SHORTCOMING) | Q(followup__isnull=False)
    finding = get_object_or_404(
        Finding.objects.filter(followed).select_related(
            "criterion", "unit_check__unit", "unit_check__inspection__plan", "followup__closed_by"
        ),
        pk=pk,
    )
    if not services.can_view(request.user, finding):
        raise PermissionDenied
    return finding


def followup_report_file(request, pk, report_pk):
    """Serve a follow-up report's evidence file to people who may see the follow-up."""
    finding = _finding(request, pk)
    report = get_object_or_404(
        FollowUpReport.objects.exclude(file=""), pk=report_pk, followup__finding=finding
    )
    return private_attachment(report.file, filename=report.original_name, content_type=report.content_type)


def _detail(request, finding, *, status=200, **forms):
    followup = followup_of(finding)
    actions = FOLLOWUP.decisions(followup, request.user, ["report", "close", "reopen", "withdraw"])
    context = {
        "finding": finding,
        "followup": followup,
        "reports": followup.reports.select_related("reported_by") if followup.pk else [],
        "history": AuditEvent.objects.about(finding).select_related("actor"),
        "actions": actions,
        "report_form": forms.get("report_form") or FollowUpReportForm(),
        "close_form": forms.get("close_form") or CloseForm(),
        "reopen_form": forms.get("reopen_form") or ReopenForm(),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
    }
    return render(request, "inspections/followup_detail.html", context, status=status)


def followup_detail(request, pk):
    return _detail(request, _finding(request, pk))


@require_POST
@upload_limit(lambda: settings.EVIDENCE_MAX_BYTES)
def followup_report(request, pk):
    finding = _finding(request, pk)
    if not FOLLOWUP.permitted(followup_of(finding), "report", request.user):
        raise PermissionDenied  # before the form, so a refused person gets 403 whatever they post
    form = FollowUpReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.report_followup(
                finding, by=request.user, text=form.cleaned_data["text"], upload=form.cleaned_data["file"]
            )
        except TransitionError as error:
            messages.error(request, str(error))
        except ValidationError as error:
            # check_upload's refusals (type, extension, too big, empty) belong next to the file.
            form.add_error(None if hasattr(error, "error_dict") else "file", error)
        else:
            messages.success(request, "Đã ghi nhận báo cáo khắc phục.")
            return redirect("inspections:followup-detail", pk=finding.pk)
    return _detail(request, finding, status=400, report_form=form)


@require_POST
def followup_close(request, pk):
    finding = _finding(request, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.close_followup(finding, by=request.user, comment=form.cleaned_data["comment"])
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Đã xác nhận đơn vị khắc phục xong tồn tại này.")
    return redirect("inspections:followup-detail", pk=finding.pk)


@require_POST
def followup_reopen(request, pk):
    finding = _finding(request, pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.reopen_followup(finding, by=request.user, comment=form.cleaned_data["comment"])
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Đã mở lại, yêu cầu đơn vị khắc phục tiếp.")
            return redirect("inspections:followup-detail", pk=finding.pk)
    if not FOLLOWUP.permitted(followup_of(finding), "reopen", request.user):
        raise PermissionDenied
    return _detail(request, finding, status=400, reopen_form=form)


@require_POST
def followup_withdraw(request, pk):
    finding = _finding(request, pk)
    if not FOLLOWUP.permitted(followup_of(finding), "withdraw", request.user):
        raise PermissionDenied
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw_followup(finding, by=request.user, **form.cleaned_data)
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Đã rút lại tồn tại; báo cáo của đơn vị được giữ cùng lý do rút lại.")
            return redirect("inspections:followup-detail", pk=finding.pk)
    return _detail(request, finding, status=400, withdraw_form=form)


CARRYOVER_PER_PAGE = 50


def carried_over(inspection: Inspection):
    """Open shortcomings found at this round's units in earlier rounds."""
    return dashboard.open_shortcomings().filter(
        unit_check__unit__in=inspection.units.all(),
        unit_check__inspection__starts_on__lt=inspection.starts_on,
    )


@permission_required("inspections.view_finding", raise_exception=True)
def inspection_carryover(request, pk):
    inspection = get_object_or_404(Inspection.objects.for_list(), pk=pk)
    page = Paginator(carried_over(inspection), CARRYOVER_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "inspection": inspection,
        "page": page,
        "findings": page.object_list,
        "units": inspection.units.order_by("kind", "order", "name"),
        "team": inspection.team.all(),
    }
    return render(request, "inspections/followup_carryover.html", context)


def _next_title(title: str, year: int) -> str:
    return title.replace(str(year), str(year + 1)) if str(year) in title else title


@permission_required("inspections.add_inspection", raise_exception=True)
def inspection_start_next(request, pk):
    previous = get_object_or_404(Inspection.objects.select_related("plan"), pk=pk)
    initial = {"title": _next_title(previous.title, previous.plan.year), "plan": previous.plan_id}
    form = NextRoundForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            inspection = services.start_next_inspection(previous, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Đã tạo đợt kiểm tra mới với phạm vi và đoàn kiểm tra của đợt trước.")
            return redirect("inspections:inspection-carryover", pk=inspection.pk)
    return render(request, "inspections/followup_next_inspection.html", {"form": form, "previous": previous})
