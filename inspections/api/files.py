"""Downloads: an issued notice's stored PDF (the bytes whose SHA-256 the verification page
shows) and evidence files, served as the pages serve them (inspections/views/files.py)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from inspections.api.access import need
from inspections.models import Evidence, Notice
from inspections.services.integrity import FileIntegrityError, verified_pdf
from inspections.unit_readers import can_read_notice
from inspections.views.documents import pdf_filename
from inspections.views.files import private_attachment

PDF = {(200, "application/pdf"): OpenApiResponse(description="Các byte đã lưu khi ban hành.")}


@extend_schema(summary="Tải bản PDF đã ban hành (ETag là SHA-256 của tệp)", responses=PDF)
@api_view(["GET"])
def notice_pdf(request, pk):
    notice = get_object_or_404(Notice, pk=pk)
    # As the page: the working roles, and a unit's people for the issued notices of their unit.
    if not can_read_notice(request.user, notice):
        raise exceptions.PermissionDenied("Bạn không có quyền thực hiện thao tác này.")
    if not notice.is_issued:
        raise exceptions.NotFound("Văn bản chưa ban hành: chưa có bản PDF lưu trữ.", code="ours")
    if not notice.pdf:
        raise exceptions.NotFound("Văn bản này không có tệp PDF lưu trữ.", code="ours")
    try:
        data = verified_pdf(notice)  # never the bytes of a file changed since issue (as the page)
    except FileIntegrityError as error:
        return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
    response = private_attachment(
        notice.pdf, filename=pdf_filename(notice), content_type="application/pdf", data=data
    )
    response["ETag"] = f'"{notice.pdf_sha256}"'
    return response


@extend_schema(
    summary="Tải tài liệu minh chứng",
    responses={(200, "application/octet-stream"): OpenApiResponse(description="Tệp như đã tải lên.")},
)
@api_view(["GET"])
def evidence_file(request, pk):
    need(request, "inspections.view_evidence")
    evidence = get_object_or_404(Evidence, pk=pk)
    return private_attachment(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )
