"""The signed scan of a visit's biên bản: upload on the visit page, download checked by hash."""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from config.uploads import upload_limit
from inspections.forms.records import MinutesScanForm
from inspections.models import MinutesScan, UnitCheck
from inspections.services.integrity import FileIntegrityError, verified_scan
from inspections.services.scans import attach_minutes_scan, minutes_scans
from inspections.views.records import unitcheck_page


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


@require_POST
@permission_required("inspections.add_minutesscan", raise_exception=True)
@upload_limit(lambda: settings.EVIDENCE_MAX_BYTES)
def minutes_scan_upload(request, pk):
    """Keep the uploaded scan as the visit's newest; a refused file changes nothing."""
    unit_check = get_object_or_404(
        UnitCheck.objects.select_related("unit", "inspection__plan", "inspection__announcement"), pk=pk
    )
    form = MinutesScanForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            scan = attach_minutes_scan(
                unit_check, form.cleaned_data["file"], by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if not _is_htmx(request):
                messages.success(request, f"Đã lưu bản quét biên bản đã ký “{scan.original_name}”.")
                return redirect(f"{unit_check.get_absolute_url()}#bien-ban-da-ky")
            form = MinutesScanForm()
    if _is_htmx(request):  # the partial, swapped in place (200, so htmx swaps an error too)
        context = {"unit_check": unit_check, "scans": minutes_scans(unit_check), "scan_form": form}
        return render(request, "inspections/_minutes_scan.html", context)
    return unitcheck_page(request, unit_check, scan_form=form, status=400)


@permission_required("inspections.view_unitcheck", raise_exception=True)
def minutes_scan_download(request, pk):
    """Serve a scan under its original name, only if its bytes are the ones uploaded."""
    scan = get_object_or_404(MinutesScan, pk=pk)
    try:
        data = verified_scan(scan)
    except FileIntegrityError as error:
        context = {"problems": [str(error)]}
        return render(request, "inspections/minutes_scan_integrity.html", context, status=409)
    response = FileResponse(
        io.BytesIO(data), as_attachment=True, filename=scan.original_name, content_type=scan.content_type
    )
    response["ETag"] = f'"{scan.file_sha256}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
