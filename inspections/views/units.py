"""A unit's history across years: every visit, finding and shortcoming, newest first."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from inspections.models import Finding, UnitCheck
from inspections.unit_readers import issued_for_unit
from units.models import Unit

VISITS_PER_PAGE = 10
OPEN_SHOWN = 20  # the rest are on the follow-up list, filtered to the unit


def unit_history(request, pk):
    """Ten visits a page with their findings; the unit's open shortcomings above them.

    A constant number of queries and a bounded page whatever the years of records.
    """
    unit = get_object_or_404(Unit, pk=pk)
    if not (request.user.has_perm("inspections.view_finding") or request.user.unit_id == unit.pk):
        raise PermissionDenied
    checks = (
        UnitCheck.objects.filter(unit=unit).select_related("inspection__plan").order_by("-checked_on", "-pk")
    )
    page = Paginator(checks, VISITS_PER_PAGE).get_page(request.GET.get("page"))
    findings = (
        Finding.objects.filter(unit_check__in=[check.pk for check in page])
        .select_related("criterion", "followup")
        .order_by("criterion__position", "pk")
    )
    by_check = {check.pk: [] for check in page}
    for finding in findings:
        by_check[finding.unit_check_id].append(finding)
    for check in page:
        check.finding_list = by_check[check.pk]
        check.shortcoming_count = sum(f.result == Finding.Result.SHORTCOMING for f in check.finding_list)
    open_shortcomings = (
        Finding.objects.open_shortcomings()
        .filter(unit_check__unit=unit)
        .select_related("criterion", "followup")
        .order_by("-unit_check__checked_on", "criterion__position", "pk")
    )
    context = {
        "unit": unit,
        "page": page,
        "checks": page.object_list,
        "open_shortcomings": open_shortcomings[:OPEN_SHOWN],
        "open_count": open_shortcomings.count(),
        "notices": issued_for_unit(unit),
    }
    return render(request, "inspections/unit_history.html", context)
