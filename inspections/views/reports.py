"""Excel exports and the year summary PDF."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from inspections import exports
from inspections.forms.followup import ShortcomingFilterForm
from inspections.models import Inspection
from inspections.views.followup import visible_shortcomings
from units.models import Organization


@permission_required("inspections.view_finding", raise_exception=True)
def inspection_findings_xlsx(request, pk):
    inspection = get_object_or_404(Inspection.objects.select_related("plan"), pk=pk)
    workbook = exports.new_workbook()
    exports.write_findings_grid(workbook, inspection)
    return exports.xlsx_response(workbook, f"ket-qua-kiem-tra-dot-{inspection.pk}.xlsx")


def shortcomings_xlsx(request):
    findings = ShortcomingFilterForm(request.GET or None).apply(visible_shortcomings(request.user))
    workbook = exports.new_workbook()
    exports.write_shortcomings(workbook, findings)
    return exports.xlsx_response(workbook, "ton-tai-chua-khac-phuc.xlsx")


@permission_required("inspections.view_finding", raise_exception=True)
def year_summary_pdf(request, year):
    organization = Organization.objects.default()
    data = exports.render_year_summary_pdf(year, organization)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bao-cao-kiem-tra-cchc-{year}.pdf"'
    return response
