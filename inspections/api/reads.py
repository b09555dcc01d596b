"""Read endpoints: the records, the follow-ups, the notices and the register, each list with
the filters people use, a stable order (ending with the id) and pages of PAGE_SIZE."""

from django import forms
from django.db.models import Prefetch, Q, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.decorators import api_view
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from inspections.api import serializers as s
from inspections.api.access import need
from inspections.models import (
    Criterion,
    Finding,
    FollowUp,
    Inspection,
    InspectionPlan,
    Notice,
    PlanLegalBasis,
    UnitCheck,
)
from inspections.services.followup import can_view
from inspections.text import fold
from inspections.unit_readers import can_read_notice
from inspections.views.register import register_entries
from units.models import Unit

PAGE_SIZE = 50


class Pages(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 200


def paginated(request, queryset, serializer, **context):
    pages = Pages()
    rows = pages.paginate_queryset(queryset, request)
    return pages.get_paginated_response(serializer(rows, many=True, context=context).data)


def paginated_by_id(request, queryset, serializer, **context):
    """`paginated`, in two steps: the page's ids from the filtered, ordered list alone (an
    index scan that stops at the page), then those rows with their joins. In one query
    SQLite's planner starts from the smallest joined table and sorts every match instead."""
    pages = Pages()
    ids = pages.paginate_queryset(queryset.values_list("pk", flat=True), request)
    rows = queryset.order_by().in_bulk(ids)
    return pages.get_paginated_response(serializer([rows[pk] for pk in ids], many=True, context=context).data)


class Filters(forms.Form):
    """The list filters; a value of the wrong type is refused (400) with the field's message."""

    year = forms.IntegerField(
        required=False, min_value=2000, max_value=2100, error_messages={"invalid": "Năm phải là số."}
    )
    unit = forms.IntegerField(
        required=False, min_value=1, error_messages={"invalid": "Mã số đơn vị phải là số."}
    )
    inspection = forms.IntegerField(
        required=False, min_value=1, error_messages={"invalid": "Mã số đợt kiểm tra phải là số."}
    )
    unit_check = forms.IntegerField(
        required=False, min_value=1, error_messages={"invalid": "Mã số buổi kiểm tra phải là số."}
    )
    status = forms.CharField(required=False, max_length=20)
    # The kind of a round's document (notice list only): plan, decision, schedule, minutes, results, report.
    document_kind = forms.ChoiceField(
        required=False,
        choices=[("", "")] + Notice.Kind.choices,
        error_messages={
            "invalid_choice": "Loại văn bản không hợp lệ; dùng một trong: "
            + ", ".join(Notice.Kind.values)
            + "."
        },
    )
    overdue = forms.NullBooleanField(required=False)
    q = forms.CharField(required=False, max_length=200)

    def __init__(self, data, *, statuses=()):
        super().__init__(data)
        self.statuses = [value for value, _ in statuses]

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status and status not in self.statuses:
            raise forms.ValidationError(
                f"Trạng thái không hợp lệ; dùng một trong: {', '.join(self.statuses)}."
            )
        return status


def filters(request, *, statuses=()) -> dict:
    form = Filters(request.query_params, statuses=statuses)
    if not form.is_valid():
        raise exceptions.ValidationError(
            {
                field: [exceptions.ErrorDetail(m, code="ours") for m in messages]
                for field, messages in form.errors.items()
            }
        )
    return form.cleaned_data


def param(name: str, kind, text: str, enum=None) -> OpenApiParameter:
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, description=text, enum=enum)


YEAR = param("year", int, "Năm (của kế hoạch, hoặc năm ban hành với thông báo).")
UNIT = param("unit", int, "Mã số phòng, đơn vị.")
INSPECTION = param("inspection", int, "Mã số đợt kiểm tra.")
UNIT_CHECK = param("unit_check", int, "Mã số buổi kiểm tra tại đơn vị.")
OVERDUE = param("overdue", bool, "true: chỉ những tồn tại quá hạn khắc phục mà chưa xong.")
TEXT = param("q", str, "Tìm trong nội dung, có hoặc không dấu (“tiep nhan” tìm được “tiếp nhận”).")
PAGE = [
    param("page", int, "Số trang (từ 1)."),
    param("page_size", int, f"Số dòng mỗi trang (mặc định {PAGE_SIZE}, tối đa 200)."),
]


def _text(queryset, data):
    return queryset.filter(search_text__contains=fold(data["q"].strip())) if data["q"].strip() else queryset


# Units, plans, rounds, visits ----------------------------------------------------------


@extend_schema(summary="Danh sách phòng, đơn vị", parameters=PAGE, responses=s.UnitSerializer(many=True))
@api_view(["GET"])
def unit_list(request):
    need(request, "units.view_unit")
    return paginated(request, Unit.objects.order_by("kind", "order", "name", "pk"), s.UnitSerializer)


def _plans():
    return InspectionPlan.objects.select_related("document").prefetch_related(
        Prefetch("basis_links", PlanLegalBasis.objects.select_related("document")),
        Prefetch("criteria", Criterion.objects.order_by("position", "pk")),
    )


@extend_schema(
    summary="Danh sách kế hoạch kiểm tra (kèm căn cứ và nội dung kiểm tra)",
    parameters=[YEAR, *PAGE],
    responses=s.PlanSerializer(many=True),
)
@api_view(["GET"])
def plan_list(request):
    need(request, "inspections.view_inspectionplan", "inspections.view_criterion")
    data = filters(request)
    plans = _plans().order_by("-year", "title", "pk")
    if data["year"]:
        plans = plans.filter(year=data["year"])
    return paginated(request, plans, s.PlanSerializer)


@extend_schema(summary="Một kế hoạch kiểm tra", responses=s.PlanSerializer)
@api_view(["GET"])
def plan_detail(request, pk):
    need(request, "inspections.view_inspectionplan", "inspections.view_criterion")
    return Response(s.PlanSerializer(get_object_or_404(_plans(), pk=pk)).data)


def _inspections():
    return Inspection.objects.select_related("plan", "announcement").prefetch_related("units", "team")


@extend_schema(
    summary="Danh sách đợt kiểm tra",
    parameters=[YEAR, UNIT, *PAGE],
    responses=s.InspectionSerializer(many=True),
)
@api_view(["GET"])
def inspection_list(request):
    need(request, "inspections.view_inspection")
    data = filters(request)
    rounds = _inspections().order_by("-starts_on", "title", "pk")
    if data["year"]:
        rounds = rounds.filter(plan__year=data["year"])
    if data["unit"]:
        rounds = rounds.filter(units=data["unit"])
    return paginated(request, rounds, s.InspectionSerializer)


@extend_schema(summary="Một đợt kiểm tra", responses=s.InspectionSerializer)
@api_view(["GET"])
def inspection_detail(request, pk):
    need(request, "inspections.view_inspection")
    return Response(s.InspectionSerializer(get_object_or_404(_inspections(), pk=pk)).data)


@extend_schema(
    summary="Danh sách buổi kiểm tra tại đơn vị",
    parameters=[
        YEAR,
        UNIT,
        INSPECTION,
        param("status", str, "Trạng thái.", enum=UnitCheck.Status.values),
        *PAGE,
    ],
    responses=s.UnitCheckSerializer(many=True),
)
@api_view(["GET"])
def unitcheck_list(request):
    need(request, "inspections.view_unitcheck")
    data = filters(request, statuses=UnitCheck.Status.choices)
    visits = UnitCheck.objects.select_related("unit").order_by(
        "checked_on", "unit__kind", "unit__order", "pk"
    )
    for field, lookup in (
        ("year", "inspection__plan__year"),
        ("unit", "unit_id"),
        ("inspection", "inspection_id"),
    ):
        if data[field]:
            visits = visits.filter(**{lookup: data[field]})
    if data["status"]:
        visits = visits.filter(status=data["status"])
    return paginated(request, visits, s.UnitCheckSerializer)


@extend_schema(summary="Một buổi kiểm tra tại đơn vị", responses=s.UnitCheckSerializer)
@api_view(["GET"])
def unitcheck_detail(request, pk):
    need(request, "inspections.view_unitcheck")
    return Response(
        s.UnitCheckSerializer(get_object_or_404(UnitCheck.objects.select_related("unit"), pk=pk)).data
    )


# Findings and follow-ups -----------------------------------------------------------------


def findings_for_api():
    return Finding.objects.select_related("unit_check", "followup").prefetch_related("evidence")


def _overdue(today):
    return Q(result=Finding.Result.SHORTCOMING, closed=False, due_on__lt=today)


@extend_schema(
    summary="Danh sách kết quả kiểm tra (kèm tài liệu minh chứng)",
    parameters=[
        YEAR,
        UNIT,
        INSPECTION,
        UNIT_CHECK,
        param("status", str, "Kết quả.", enum=Finding.Result.values),
        OVERDUE,
        TEXT,
        *PAGE,
    ],
    responses=s.FindingSerializer(many=True),
    methods=["GET"],
)
@extend_schema(
    summary="Nhập kết quả kiểm tra (như trên trang buổi kiểm tra)",
    request=s.FindingWriteSerializer,
    responses={201: s.FindingSerializer},
    methods=["POST"],
)
@api_view(["GET", "POST"])
def finding_list(request):
    if request.method == "POST":
        from inspections.api.writes import finding_create

        return finding_create(request)
    need(request, "inspections.view_finding")
    data = filters(request, statuses=Finding.Result.choices)
    # The model's own order (visit, then id): indexed, no join and sort of every finding.
    findings = findings_for_api().order_by("unit_check_id", "pk")
    for field, lookup in (
        ("year", "unit_check__inspection__plan__year"),
        ("unit", "unit_check__unit_id"),
        ("inspection", "unit_check__inspection_id"),
        ("unit_check", "unit_check_id"),
    ):
        if data[field]:
            findings = findings.filter(**{lookup: data[field]})
    if data["status"]:
        findings = findings.filter(result=data["status"])
    if data["overdue"]:
        findings = findings.filter(_overdue(timezone.localdate()))
    return paginated(request, _text(findings, data), s.FindingSerializer)


def visible_followups(user):
    """Shortcomings (and withdrawn ones) with their follow-up status: all of them for people who
    read findings, their own unit's for a unit's members (as the follow-up pages)."""
    followed = Finding.objects.followed()
    if not user.has_perm("inspections.view_finding"):
        if not user.unit_id:
            raise exceptions.PermissionDenied()
        followed = followed.filter(unit_check__unit_id=user.unit_id)
    return followed.select_related("criterion", "unit_check__unit", "followup").annotate(
        status=Coalesce("followup__status", Value(FollowUp.Status.OPEN))
    )


@extend_schema(
    summary="Theo dõi khắc phục tồn tại, hạn chế",
    parameters=[
        YEAR,
        UNIT,
        INSPECTION,
        param("status", str, "Trạng thái khắc phục.", enum=FollowUp.Status.values),
        OVERDUE,
        TEXT,
        *PAGE,
    ],
    responses=s.FollowUpSerializer(many=True),
)
@api_view(["GET"])
def followup_list(request):
    data = filters(request, statuses=FollowUp.Status.choices)
    findings = visible_followups(request.user).order_by("due_on", "pk")
    for field, lookup in (
        ("year", "unit_check__inspection__plan__year"),
        ("unit", "unit_check__unit_id"),
        ("inspection", "unit_check__inspection_id"),
    ):
        if data[field]:
            findings = findings.filter(**{lookup: data[field]})
    if data["status"]:
        findings = findings.filter(status=data["status"])
    today = timezone.localdate()
    if data["overdue"]:
        findings = findings.filter(due_on__lt=today).exclude(status=FollowUp.Status.CLOSED)
    return paginated_by_id(request, _text(findings, data), s.FollowUpSerializer, today=today)


def followed_finding(request, pk) -> Finding:
    """A shortcoming (or withdrawn one) the caller may see: 404 if none, 403 if another unit's,
    as the follow-up pages answer."""
    finding = get_object_or_404(
        Finding.objects.followed()
        .select_related("criterion", "unit_check__unit", "followup")
        .annotate(status=Coalesce("followup__status", Value(FollowUp.Status.OPEN))),
        pk=pk,
    )
    if not can_view(request.user, finding):
        raise exceptions.PermissionDenied()
    return finding


@extend_schema(
    summary="Một tồn tại và việc khắc phục (mã số là của kết quả)", responses=s.FollowUpDetailSerializer
)
@api_view(["GET"])
def followup_detail(request, pk):
    finding = followed_finding(request, pk)
    return Response(s.FollowUpDetailSerializer(finding, context={"today": timezone.localdate()}).data)


# Notices and the register ------------------------------------------------------------------


@extend_schema(
    summary="Danh sách văn bản của các đợt kiểm tra (kế hoạch, quyết định, thông báo, biên bản, báo cáo)",
    parameters=[
        param("year", int, "Năm ban hành."),
        param("document_kind", str, "Loại văn bản.", enum=Notice.Kind.values),
        INSPECTION,
        param("status", str, "Trạng thái.", enum=Notice.Status.values),
        TEXT,
        *PAGE,
    ],
    responses=s.NoticeSerializer(many=True),
)
@api_view(["GET"])
def notice_list(request):
    need(request, "inspections.view_notice")
    data = filters(request, statuses=Notice.Status.choices)
    notices = Notice.objects.select_related("signer").order_by("-created_at", "-pk")
    if data["year"]:
        notices = notices.filter(year=data["year"])
    if data["inspection"]:
        notices = notices.filter(inspection_id=data["inspection"])
    if data["document_kind"]:
        notices = notices.filter(kind=data["document_kind"])
    if data["status"]:
        notices = notices.filter(status=data["status"])
    return paginated(request, _text(notices, data), s.NoticeSerializer)


@extend_schema(summary="Một thông báo: các phần, trạng thái và nhật ký", responses=s.NoticeDetailSerializer)
@api_view(["GET"])
def notice_detail(request, pk):
    notice = get_object_or_404(
        Notice.objects.select_related("signer", "organization").prefetch_related(
            "items", "recipients", "basis_links__document"
        ),
        pk=pk,
    )
    # As the page: the working roles, and a unit's people for the issued notices of their unit.
    if not can_read_notice(request.user, notice):
        raise exceptions.PermissionDenied("Bạn không có quyền thực hiện thao tác này.")
    return Response(s.NoticeDetailSerializer(notice).data)


@extend_schema(
    summary="Sổ đăng ký văn bản đi (như trang Sổ đăng ký): mọi loại văn bản",
    parameters=[
        param("year", int, "Năm ban hành."),
        param("kind", str, "Loại văn bản: plan, decision, notice, minutes, report…"),
        TEXT,
        *PAGE,
    ],
    responses=s.RegisterEntrySerializer(many=True),
)
@api_view(["GET"])
def register(request):
    need(request, "inspections.view_notice")
    _, entries, _, _ = register_entries(request._request)
    entries = entries.select_related("organization").prefetch_related("notice__recipients")
    return paginated(request, entries, s.RegisterEntrySerializer)
