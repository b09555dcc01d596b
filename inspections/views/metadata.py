"""Metadata of issued notices as XML (Decree 30, Phụ lục VI), for archives and e-office systems."""

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from inspections import metadata
from inspections.models import Notice
from inspections.views.register import _register
from units.models import Organization

XML = "application/xml; charset=utf-8"


def _xml_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XML)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required("inspections.view_notice", raise_exception=True)
def notice_metadata(request, pk):
    notice = get_object_or_404(
        Notice.objects.select_related("organization", "signer", "replaces").prefetch_related("recipients"),
        pk=pk,
    )
    if not notice.is_issued:
        raise Http404("Chỉ văn bản đã ban hành mới có siêu dữ liệu lưu trữ.")
    return _xml_response(metadata.notice_xml(notice), f"{notice.file_stem}.xml")


@permission_required("inspections.view_notice", raise_exception=True)
def register_metadata(request):
    """The register as the page filters it (year, text), one `<vanBan>` per issued notice."""
    form, notices = _register(request)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    notices = (
        notices.select_related("signer", "replaces")
        .prefetch_related("recipients")
        .order_by("year", "issued_on", "number")
    )
    data = metadata.register_xml(
        notices, year=year, organization=Organization.objects.default(), exported_on=timezone.localdate()
    )
    return _xml_response(data, f"so-dang-ky-van-ban-di-{year}.xml" if year else "so-dang-ky-van-ban-di.xml")
