"""The biên bản of a visit printed on site for wet signatures (Phụ lục III Mẫu 1.9).

It prints the visit's biên bản as drafted in the app (the newest one not issued), or, before
one is drafted, as the composer would draft it now from the visit's records; either way without
"DỰ THẢO", dated the visit day, its number left blank for the register. Once a biên bản is
issued, its stored, signed PDF is the one to print (notice-pdf).
"""

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect

from inspections import pdf
from inspections.layout import notice_document
from inspections.models import Notice, UnitCheck
from inspections.paperwork import minutes
from inspections.services.notices import unsaved_document
from inspections.text import fold


def _unsaved_minutes(visit: UnitCheck) -> tuple[Notice, list[str]]:
    """The biên bản the composer would draft now, not stored: the notice and its items."""
    composed = minutes.compose(visit)
    return unsaved_document(Notice.Kind.MINUTES, visit, composed), composed.items


@permission_required("inspections.view_unitcheck", raise_exception=True)
def unitcheck_minutes_pdf(request, pk):
    visit = get_object_or_404(
        UnitCheck.objects.select_related("unit", "inspection__plan__organization"), pk=pk
    )
    documents = Notice.objects.filter(unit_check=visit, kind=Notice.Kind.MINUTES, replaced_by__isnull=True)
    issued = documents.filter(status=Notice.Status.ISSUED).order_by("-issued_on", "-pk").first()
    if issued is not None and issued.pdf:
        return redirect("inspections:notice-pdf", pk=issued.pk)
    current = documents.exclude(status=Notice.Status.ISSUED).order_by("-pk").first()
    if current is not None:
        document = notice_document(current, on_site=True)
    else:
        notice, items = _unsaved_minutes(visit)
        document = notice_document(notice, items=items, on_site=True)
    data = pdf.render_template_pdf(pdf.NOTICE_TEMPLATE, {"doc": document})
    stem = "-".join(fold(visit.unit.short_name or visit.unit.name).split())
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-ban-{stem}-{visit.checked_on:%Y%m%d}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
