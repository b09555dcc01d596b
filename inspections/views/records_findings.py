"""Inline editing of findings on the visit page (htmx, one row at a time) and evidence files.

Every URL names the round, the visit and the criterion; a visit that is not in that round,
or a criterion that is not in the round's plan, is a 404, so a forged form changes nothing.
A GET returns the form partial, a valid POST the row partial; an invalid POST returns the
form again with the errors and what was typed (status 200, so htmx swaps it in).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from config.uploads import upload_limit
from inspections.forms.records import EvidenceForm, FindingForm
from inspections.models import Criterion, Evidence, Finding, TransitionError, UnitCheck
from inspections.services.evidence import add_evidence, delete_evidence
from inspections.services.lifecycle import deletion_refusal, followup_of
from inspections.services.records import StaleFinding, delete_finding, save_finding
from inspections.views.files import private_attachment


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _row_objects(inspection_pk, unit_check_pk, criterion_pk):
    unit_check = get_object_or_404(
        UnitCheck.objects.select_related("unit", "inspection"), pk=unit_check_pk, inspection_id=inspection_pk
    )
    criterion = get_object_or_404(Criterion, pk=criterion_pk, plan_id=unit_check.inspection.plan_id)
    finding = _with_row_data(Finding.objects.filter(unit_check=unit_check, criterion=criterion)).first()
    return unit_check, criterion, finding


def _with_row_data(findings):
    return findings.select_related("followup").prefetch_related("evidence")


def row_context(finding) -> dict:
    """What a finding's row shows besides the finding: its follow-up and whether it may be deleted."""
    if finding is None:
        return {"followup": None, "delete_refusal": None}
    followup = followup_of(finding)
    shown = followup if followup.pk or finding.result == Finding.Result.SHORTCOMING else None
    return {"followup": shown, "delete_refusal": deletion_refusal(finding)}


def _row(request, unit_check, criterion, finding, **extra):
    if not _is_htmx(request) and request.method == "POST":
        if extra.get("row_error"):
            messages.error(request, extra["row_error"])
        return redirect(unit_check)
    context = {
        "unit_check": unit_check,
        "criterion": criterion,
        "finding": finding,
        **row_context(finding),
        **extra,
    }
    if request.method == "POST":
        # The page's "Đã nhập x/y" follows the save or delete (issue 19), out of band.
        kind = unit_check.unit.kind
        criteria = unit_check.inspection.plan.criteria.all()
        context["progress"] = {
            "entered": unit_check.findings.count(),
            "total": sum(1 for c in criteria if c.applies_to_kind(kind)),
        }
    return render(request, "inspections/_finding_row.html", context)


@permission_required("inspections.view_finding", raise_exception=True)
def finding_row(request, inspection_pk, unit_check_pk, criterion_pk):
    """The row as saved (the form's Cancel button)."""
    unit_check, criterion, finding = _row_objects(inspection_pk, unit_check_pk, criterion_pk)
    return _row(request, unit_check, criterion, finding)


@permission_required("inspections.view_finding", raise_exception=True)
def finding_form(request, inspection_pk, unit_check_pk, criterion_pk):
    """Enter (no finding yet) or edit (with the version seen) one criterion's finding."""
    unit_check, criterion, finding = _row_objects(inspection_pk, unit_check_pk, criterion_pk)
    # A POST without a version is a new finding, even if one exists meanwhile: the form then
    # refuses the duplicate instead of overwriting it.
    editing = finding is not None and (request.method == "GET" or request.POST.get("version"))
    if not request.user.has_perm("inspections.change_finding" if editing else "inspections.add_finding"):
        raise PermissionDenied
    instance = finding if editing else Finding()
    form = FindingForm(request.POST or None, instance=instance, unit_check=unit_check, criterion=criterion)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_finding(form, by=request.user, version=form.cleaned_data["version"])
        except StaleFinding as error:
            stale = error
            data = request.POST.copy()
            data["version"] = str(error.current.version)  # a second, deliberate save may proceed
            form = FindingForm(data, instance=finding, unit_check=unit_check, criterion=criterion)
        except IntegrityError:
            form.add_error(
                None, f"Nội dung “{criterion}” đã có kết quả tại {unit_check.unit}; hãy tải lại trang."
            )
        except TransitionError as error:  # the follow-up moved on since the form was checked
            form.add_error("result", str(error))
        else:
            return _row(request, unit_check, criterion, _with_row_data(Finding.objects).get(pk=saved.pk))
    context = {
        "unit_check": unit_check,
        "criterion": criterion,
        "finding": finding,
        "form": form,
        "stale": stale,
    }
    return render(request, "inspections/_finding_form.html", context)


@require_POST
@permission_required("inspections.delete_finding", raise_exception=True)
def finding_delete(request, inspection_pk, unit_check_pk, criterion_pk):
    unit_check, criterion, finding = _row_objects(inspection_pk, unit_check_pk, criterion_pk)
    if finding is None:
        return _row(request, unit_check, criterion, None)
    try:
        delete_finding(finding, by=request.user)
    except TransitionError as error:  # a shortcoming the unit reported on is kept
        return _row(request, unit_check, criterion, finding, row_error=str(error))
    return _row(request, unit_check, criterion, None)


@require_POST
@permission_required("inspections.add_evidence", raise_exception=True)
@upload_limit(lambda: settings.EVIDENCE_MAX_BYTES)
def evidence_add(request, inspection_pk, unit_check_pk, criterion_pk):
    unit_check, criterion, finding = _row_objects(inspection_pk, unit_check_pk, criterion_pk)
    if finding is None:
        error = "Hãy nhập kết quả trước khi đính kèm tệp."
        return _row(request, unit_check, criterion, None, evidence_error=error)
    form = EvidenceForm(request.POST, request.FILES)
    error = None
    if form.is_valid():
        try:
            add_evidence(finding, form.cleaned_data["file"], by=request.user)
        except ValidationError as invalid:
            error = " ".join(invalid.messages)
    else:
        error = " ".join(form.errors.get("file", ["Tệp không hợp lệ."]))
    finding = _with_row_data(Finding.objects).get(pk=finding.pk)
    if error and not _is_htmx(request):
        messages.error(request, error)
    return _row(request, unit_check, criterion, finding, evidence_error=error)


@require_POST
@permission_required("inspections.delete_evidence", raise_exception=True)
def evidence_delete(request, inspection_pk, unit_check_pk, criterion_pk, pk):
    unit_check, criterion, finding = _row_objects(inspection_pk, unit_check_pk, criterion_pk)
    evidence = get_object_or_404(Evidence, pk=pk, finding=finding)
    delete_evidence(evidence, by=request.user)
    finding = _with_row_data(Finding.objects).get(pk=finding.pk)
    return _row(request, unit_check, criterion, finding)


@permission_required("inspections.view_evidence", raise_exception=True)
def evidence_download(request, pk):
    """Serve an evidence file as an attachment under its original name (never from MEDIA_URL)."""
    evidence = get_object_or_404(Evidence, pk=pk)
    return private_attachment(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )
