"""The minutes of a check at one unit, printed on site for wet signatures."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from inspections.minutes import render_minutes_pdf
from inspections.models import UnitCheck
from inspections.text import fold
from inspections.views.records import unit_check_rows


@permission_required("inspections.view_unitcheck", raise_exception=True)
def unitcheck_minutes_pdf(request, pk):
    unit_check = get_object_or_404(
        UnitCheck.objects.select_related(
            "unit", "inspection__plan__organization", "inspection__plan__document"
        ),
        pk=pk,
    )
    data = render_minutes_pdf(unit_check, unit_check_rows(unit_check))
    stem = "-".join(fold(unit_check.unit.short_name or unit_check.unit.name).split())
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-ban-{stem}-{unit_check.checked_on:%Y%m%d}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
