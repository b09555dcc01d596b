"""Write endpoints, each through the service the page calls: findings (with If-Match), evidence,
a unit's report on a shortcoming, submitting a draft, approving with a PDF signed elsewhere.

A request is refused whole: an unknown field, a value of the wrong type, an id of another
record, a stale version or a file that is not what it says is answered before any service runs
(or by the service's own refusal, inside its transaction), so nothing is written.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from config.uploads import upload_limit
from inspections.api import serializers as s
from inspections.api.access import need
from inspections.api.reads import findings_for_api, followed_finding
from inspections.forms.followup import FollowUpReportForm
from inspections.forms.notices import ReviewForm
from inspections.forms.records import EvidenceForm, FindingForm
from inspections.forms_signing import SIGNED_PDF_MAX_BYTES, SignedUploadForm
from inspections.models import Criterion, Finding, Notice, UnitCheck
from inspections.services import followup as followup_services
from inspections.services import signing
from inspections.services.evidence import add_evidence
from inspections.services.lifecycle import FOLLOWUP, NOTICE, followup_of
from inspections.services.notices import apply_action
from inspections.services.records import StaleFinding, save_finding
from inspections.signing import SigningError

FINDING_FIELDS = ["result", "observation", "recommendation", "due_on"]


def refuse(errors: dict, *, status_code=status.HTTP_400_BAD_REQUEST):
    """A 400 (or `status_code`) whose body names the fields, in the forms' words."""
    body = {
        ("non_field_errors" if field == "__all__" else field): list(messages)
        for field, messages in errors.items()
    }
    return Response(body, status=status_code)


def strict(serializer_class, request, *, allowed=None):
    """The request's fields checked for type by `serializer_class`; unknown fields refused."""
    if not hasattr(request.data, "keys"):
        raise exceptions.ValidationError(
            {
                "non_field_errors": [
                    exceptions.ErrorDetail("Nội dung phải là một đối tượng JSON {…}.", code="ours")
                ]
            }
        )
    serializer = serializer_class(data=request.data)
    known = set(allowed if allowed is not None else serializer.fields)
    unknown = sorted(set(request.data) - known - {"csrfmiddlewaretoken"})  # a browser form's CSRF field
    if unknown:
        raise exceptions.ValidationError(
            {
                field: [exceptions.ErrorDetail("Trường không có trong API này.", code="ours")]
                for field in unknown
            }
        )
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _form_value(value):
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else value


def finding_response(finding: Finding, *, status_code=status.HTTP_200_OK) -> Response:
    finding = findings_for_api().get(pk=finding.pk)
    response = Response(s.FindingSerializer(finding).data, status=status_code)
    response["ETag"] = f'"{finding.version}"'
    return response


def _save(form, request, unit_check, criterion, *, version=None):
    """save_finding as the page calls it, its refusals as the page words them."""
    try:
        return save_finding(form, by=request.user, version=version), None
    except StaleFinding as stale:
        body = {
            "detail": str(stale),
            "current": s.FindingSerializer(findings_for_api().get(pk=stale.current.pk)).data,
        }
        response = Response(body, status=status.HTTP_412_PRECONDITION_FAILED)
        response["ETag"] = f'"{stale.current.version}"'
        return None, response
    except IntegrityError:
        message = f"Nội dung “{criterion}” đã có kết quả tại {unit_check.unit}; hãy tải lại."
        return None, Response({"detail": message}, status=status.HTTP_409_CONFLICT)


def finding_create(request):
    """POST /findings/: a new finding for one criterion at one visit (the page's form and service)."""
    need(request, "inspections.add_finding")
    data = strict(s.FindingWriteSerializer, request, allowed=["unit_check", "criterion", *FINDING_FIELDS])
    missing = {name: ["Trường này là bắt buộc."] for name in ("unit_check", "criterion") if name not in data}
    if missing:
        return refuse(missing)
    unit_check = UnitCheck.objects.select_related("unit", "inspection").filter(pk=data["unit_check"]).first()
    if unit_check is None:
        return refuse({"unit_check": ["Không có buổi kiểm tra với mã số này."]})
    criterion = Criterion.objects.filter(pk=data["criterion"], plan_id=unit_check.inspection.plan_id).first()
    if criterion is None:
        return refuse({"criterion": ["Nội dung kiểm tra này không thuộc kế hoạch của đợt kiểm tra."]})
    values = {name: _form_value(data.get(name)) for name in FINDING_FIELDS}
    form = FindingForm(values, instance=Finding(), unit_check=unit_check, criterion=criterion)
    if not form.is_valid():
        return refuse(form.errors)
    finding, refused = _save(form, request, unit_check, criterion)
    return refused or finding_response(finding, status_code=status.HTTP_201_CREATED)


def if_match(request) -> int | None:
    """The version in If-Match ("3", W/"3" or 3), else None."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        return None
    value = header.removeprefix("W/").strip('"')
    if not value.isdigit():
        raise exceptions.ValidationError(
            {
                "If-Match": [
                    exceptions.ErrorDetail('If-Match phải là ETag của kết quả, ví dụ "3".', code="ours")
                ]
            }
        )
    return int(value)


@extend_schema(
    summary="Một kết quả kiểm tra (ETag là phiên bản)", responses=s.FindingSerializer, methods=["GET"]
)
@extend_schema(
    summary="Sửa kết quả kiểm tra: gửi If-Match (hoặc trường version) với phiên bản đã đọc",
    parameters=[
        OpenApiParameter(
            "If-Match",
            str,
            OpenApiParameter.HEADER,
            description='ETag (phiên bản) của kết quả đã đọc, ví dụ "3".',
        )
    ],
    request=s.FindingWriteSerializer,
    responses={
        200: s.FindingSerializer,
        412: OpenApiResponse(
            description="Người khác đã sửa sau khi bạn đọc; thân trả lời có nội dung mới (current)."
        ),
        428: OpenApiResponse(description="Thiếu phiên bản (If-Match hoặc version)."),
    },
    methods=["PATCH"],
)
@api_view(["GET", "PATCH"])
def finding_detail(request, pk):
    need(request, "inspections.view_finding")
    finding = get_object_or_404(
        Finding.objects.select_related("unit_check__unit", "unit_check__inspection", "criterion"), pk=pk
    )
    if request.method == "GET":
        return finding_response(finding)
    need(request, "inspections.change_finding")
    data = strict(s.FindingWriteSerializer, request, allowed=[*FINDING_FIELDS, "version"])
    version = if_match(request)
    version = data.get("version") if version is None else version
    if version is None:
        message = "Thiếu phiên bản của kết quả: gửi tiêu đề If-Match với ETag đã đọc."
        return Response({"detail": message}, status=status.HTTP_428_PRECONDITION_REQUIRED)
    values = {
        name: _form_value(data[name] if name in data else getattr(finding, name)) for name in FINDING_FIELDS
    }
    form = FindingForm(
        values | {"version": version},
        instance=finding,
        unit_check=finding.unit_check,
        criterion=finding.criterion,
    )
    if not form.is_valid():
        return refuse(form.errors)
    saved, refused = _save(form, request, finding.unit_check, finding.criterion, version=version)
    return refused or finding_response(saved)


@extend_schema(
    summary="Đính kèm tài liệu minh chứng (kiểm tra nội dung tệp như trên trang)",
    request={"multipart/form-data": s.UploadSerializer},
    responses={201: s.EvidenceSerializer},
)
@upload_limit(lambda: settings.EVIDENCE_MAX_BYTES)
@api_view(["POST"])
def finding_evidence(request, pk):
    need(request, "inspections.add_evidence")
    finding = get_object_or_404(Finding, pk=pk)
    strict(s.UploadSerializer, request)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return refuse(form.errors)
    try:
        evidence = add_evidence(finding, form.cleaned_data["file"], by=request.user)
    except ValidationError as invalid:
        return refuse({"file": invalid.messages})
    return Response(s.EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Đơn vị báo cáo kết quả khắc phục một tồn tại (mã số là của kết quả)",
    request={
        "multipart/form-data": s.FollowUpReportWriteSerializer,
        "application/json": s.FollowUpReportWriteSerializer,
    },
    responses={201: s.FollowUpDetailSerializer},
)
@upload_limit(lambda: settings.EVIDENCE_MAX_BYTES)
@api_view(["POST"])
def followup_report(request, pk):
    finding = followed_finding(request, pk)
    if not FOLLOWUP.permitted(followup_of(finding), "report", request.user):
        raise exceptions.PermissionDenied()
    strict(s.FollowUpReportWriteSerializer, request)
    form = FollowUpReportForm({"text": request.data.get("text", "")}, request.FILES)
    if not form.is_valid():
        return refuse(form.errors)
    try:
        followup_services.report_followup(
            finding, by=request.user, text=form.cleaned_data["text"], upload=form.cleaned_data["file"]
        )
    except ValidationError as error:
        return refuse(error.message_dict if hasattr(error, "error_dict") else {"file": error.messages})
    finding = followed_finding(request, pk)
    body = s.FollowUpDetailSerializer(finding, context={"today": timezone.localdate()}).data
    return Response(body, status=status.HTTP_201_CREATED)


class CommentSerializer(s.serializers.Serializer):
    comment = s.Text(required=False, allow_blank=True, help_text="Ý kiến (không bắt buộc).")


class SubmitSerializer(CommentSerializer):
    proceed = s.serializers.BooleanField(
        required=False,
        default=False,
        help_text="“Vẫn trình”: đã đọc các cảnh báo của danh mục kiểm tra (đợt chưa kiểm tra hết, "
        "nội dung chưa nhập, dự thảo khác của đợt) và vẫn trình. Thiếu thì bị từ chối (409) khi có cảnh báo.",
    )


def _notice(pk) -> Notice:
    return get_object_or_404(Notice.objects.for_list(), pk=pk)


@extend_schema(
    summary="Trình dự thảo để Lãnh đạo duyệt",
    request=SubmitSerializer,
    responses={200: s.NoticeDetailSerializer, 409: OpenApiResponse(description="Trạng thái không cho phép.")},
)
@api_view(["POST"])
def notice_submit(request, pk):
    notice = _notice(pk)
    if not NOTICE.permitted(notice, "submit", request.user):
        raise exceptions.PermissionDenied()
    data = strict(SubmitSerializer, request)
    form = ReviewForm({"comment": data.get("comment", "")}, action="submit")
    if not form.is_valid():
        return refuse(form.errors)
    proceed = bool(data.get("proceed", False))
    apply_action(notice, "submit", by=request.user, comment=form.cleaned_data["comment"], proceed=proceed)
    return Response(s.NoticeDetailSerializer(_notice(pk)).data)


@extend_schema(
    summary="Tải bản PDF trình ký để ký số bằng công cụ riêng (người ký của thông báo)",
    responses={(200, "application/pdf"): OpenApiResponse(description="Bản PDF cần ký.")},
)
@api_view(["GET"])
def notice_to_sign_pdf(request, pk):
    need(request, "inspections.approve_notice")
    notice = _notice(pk)
    record = signing.prepare_to_sign(notice, by=request.user)
    return FileResponse(
        record.to_sign_pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{notice.file_stem}-trinh-ky.pdf",
    )


@extend_schema(
    summary="Duyệt bằng tệp PDF đã ký ở nơi khác (đúng bản trình ký đã tải về)",
    request={"multipart/form-data": s.SignedFileSerializer},
    responses={200: s.NoticeDetailSerializer, 409: OpenApiResponse(description="Trạng thái không cho phép.")},
)
@upload_limit(lambda: SIGNED_PDF_MAX_BYTES)
@api_view(["POST"])
def notice_signed_file(request, pk):
    need(request, "inspections.approve_notice")
    notice = _notice(pk)
    unknown = sorted(set(request.data) - {"file", "comment", "csrfmiddlewaretoken"})
    if unknown:
        return refuse({field: ["Trường không có trong API này."] for field in unknown})
    form = SignedUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return refuse(form.errors)
    try:
        signing.approve_with_signed_file(
            notice,
            by=request.user,
            data=form.cleaned_data["file"].read(),
            comment=form.cleaned_data["comment"],
        )
    except SigningError as error:
        return refuse({"file": [f"Không nhận tệp: {error}"]})
    return Response(s.NoticeDetailSerializer(_notice(pk)).data)
