"""Downloads: an issued notice's stored PDF (the bytes whose SHA-256 the verification page
shows) and evidence files, served as the pages serve them (inspections/views/files.py)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.decorators import api_view

from inspections.api.access import need
from inspections.models import Evidence, Notice
from inspections.views.documents import pdf_filename
from inspections.views.files import private_attachment

PDF = {(200, "application/pdf"): OpenApiResponse(description="Các byte đã lưu khi ban hành.")}


@extend_schema(summary="Tải bản PDF đã ban hành (ETag là SHA-256 của tệp)", responses=PDF)
@api_view(["GET"])
def notice_pdf(request, pk):
    need(request, "inspections.view_notice")
    notice = get_object_or_404(Notice, pk=pk)
    if not notice.is_issued:
        raise exceptions.NotFound("Thông báo chưa ban hành: chưa có bản PDF lưu trữ.", code="ours")
    if not notice.pdf:
        raise exceptions.NotFound("Thông báo này không có tệp PDF lưu trữ.", code="ours")
    response = private_attachment(notice.pdf, filename=pdf_filename(notice), content_type="application/pdf")
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
