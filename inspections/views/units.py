"""A unit's history across years: every visit, finding and shortcoming, newest first."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from inspections.models import Finding, UnitCheck
from units.models import Unit


def unit_history(request, pk):
    unit = get_object_or_404(Unit, pk=pk)
    if not (request.user.has_perm("inspections.view_finding") or request.user.unit_id == unit.pk):
        raise PermissionDenied
    checks = list(
        UnitCheck.objects.filter(unit=unit).select_related("inspection__plan").order_by("-checked_on", "-pk")
    )
    findings = (
        Finding.objects.filter(unit_check__unit=unit)
        .select_related("criterion", "followup")
        .order_by("criterion__position", "pk")
    )
    by_check = {check.pk: [] for check in checks}
    for finding in findings:
        by_check[finding.unit_check_id].append(finding)
    for check in checks:
        check.finding_list = by_check[check.pk]
        check.shortcoming_count = sum(f.result == Finding.Result.SHORTCOMING for f in check.finding_list)
    open_shortcomings = [
        f
        for check in checks
        for f in check.finding_list
        if f.result == Finding.Result.SHORTCOMING and not f.closed
    ]
    context = {"unit": unit, "checks": checks, "open_shortcomings": open_shortcomings}
    return render(request, "inspections/unit_history.html", context)
