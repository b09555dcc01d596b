"""The outgoing register (sổ đăng ký văn bản đi): its page, Excel export, and documents entered by hand."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from inspections import exports
from inspections.forms.register import RegisterCorrectionForm, RegisterEntryForm, RegisterFilterForm
from inspections.models import AuditEvent, RegisterEntry, RegisterEntryFrozen
from inspections.models.register import DocumentKind
from inspections.services.register import NumberTaken, correct_entry, enter_document, register_remarks
from inspections.text import fold
from units.models import Organization

PAGE_SIZE = 50
# A year's remarks beyond this are summed up in one line (a register of paper gaps can be long).
REMARKS_SHOWN = 60


def register_entries(request):
    """Return the filter form, the lines it selects in register order, and the organisation."""
    organization = Organization.objects.default()
    per_kind = organization is not None and organization.numbering == Organization.Numbering.PER_KIND
    years = list(RegisterEntry.objects.order_by("-year").values_list("year", flat=True).distinct())
    form = RegisterFilterForm(request.GET or None, years=years)
    entries = RegisterEntry.objects.for_list()
    entries = (
        entries.order_by("-year", "kind", "number", "pk")
        if per_kind
        else entries.order_by("-year", "number", "pk")
    )
    in_years = RegisterEntry.objects.all()
    if form.is_valid():
        data = form.cleaned_data
        if data["year"]:
            entries = entries.filter(year=data["year"])
            in_years = in_years.filter(year=data["year"])
        if data["kind"]:
            entries = entries.filter(kind=data["kind"])
        if data["q"].strip():
            # A notice of the app is also found by its whole text, as on the notices list.
            text = fold(data["q"].strip())
            entries = entries.filter(Q(search_text__contains=text) | Q(notice__search_text__contains=text))
    elif form.is_bound:
        entries = entries.none()  # a year with no line, or a tampered query
        in_years = in_years.none()
    return form, entries, in_years, organization


def _interleave(page, remarks: dict, *, per_kind: bool) -> None:
    """Put each gap, jump or duplicate remark on the line it sits before."""
    labels = dict(DocumentKind.choices)
    before = {}
    for (year, label), items in remarks.items():
        for remark in items:
            before.setdefault((year, label, remark.before), []).append(remark)
    for entry in page:
        entry.remarks = before.get((entry.year, labels[entry.kind] if per_kind else "", entry.number), [])


@permission_required("inspections.view_notice", raise_exception=True)
def notice_register(request):
    form, entries, in_years, organization = register_entries(request)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    remarks = register_remarks(in_years, organization)
    per_kind = organization is not None and organization.numbering == Organization.Numbering.PER_KIND
    narrowed = form.is_valid() and bool(
        form.cleaned_data["q"].strip() or (form.cleaned_data["kind"] and not per_kind)
    )
    if not narrowed:
        _interleave(page, remarks, per_kind=per_kind)
    series = [
        {
            "year": year,
            "label": label,
            "remarks": items[:REMARKS_SHOWN],
            "more": max(0, len(items) - REMARKS_SHOWN),
        }
        for (year, label), items in sorted(remarks.items(), key=lambda pair: (-pair[0][0], pair[0][1]))
    ]
    context = {
        "form": form,
        "page": page,
        "series": series,
        "narrowed": narrowed,
        "organization": organization,
    }
    return render(request, "inspections/register.html", context)


@permission_required("inspections.view_notice", raise_exception=True)
def notice_register_export(request):
    form, entries, in_years, organization = register_entries(request)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    workbook = exports.new_workbook()
    exports.write_register(workbook, entries, register_remarks(in_years, organization))
    name = f"so-dang-ky-van-ban-di-{year}.xlsx" if year else "so-dang-ky-van-ban-di.xlsx"
    return exports.xlsx_response(workbook, name)


def _organization() -> Organization:
    organization = Organization.objects.default()
    if organization is None:
        raise Http404("Chưa khai báo cơ quan.")
    return organization


@permission_required("inspections.add_registerentry", raise_exception=True)
def register_entry_create(request):
    organization = _organization()
    form = RegisterEntryForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            entry = enter_document(form, by=request.user)
        except NumberTaken as error:
            form.add_error("number", str(error))
        else:
            messages.success(request, f"Đã vào sổ {entry.kind_label.lower()} số {entry.reference}.")
            return redirect(f"{reverse('inspections:notice-register')}?year={entry.year}")
    status = 400 if form.is_bound else 200
    return render(
        request, "inspections/register_entry_form.html", {"form": form, "entry": None}, status=status
    )


def _trail(entry: RegisterEntry) -> list[AuditEvent]:
    return list(AuditEvent.objects.about(entry).select_related("actor"))


@permission_required("inspections.view_notice", raise_exception=True)
def register_entry_detail(request, pk):
    entry = get_object_or_404(RegisterEntry.objects.for_list(), pk=pk)
    if entry.notice_id:
        return redirect(entry.notice)
    context = {"entry": entry, "trail": _trail(entry)}
    return render(request, "inspections/register_entry_detail.html", context)


@permission_required("inspections.change_registerentry", raise_exception=True)
def register_entry_edit(request, pk):
    entry = get_object_or_404(RegisterEntry.objects.for_list(), pk=pk)
    if entry.notice_id:
        raise PermissionDenied("Dòng sổ của văn bản ban hành trong ứng dụng không sửa được.")
    form = RegisterCorrectionForm(request.POST or None, instance=entry, organization=entry.organization)
    if request.method == "POST" and form.is_valid():
        try:
            correct_entry(form, reason=form.cleaned_data["reason"], by=request.user)
        except NumberTaken as error:
            form.add_error("number", str(error))
        except RegisterEntryFrozen as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Đã sửa dòng sổ {entry.reference}; lý do được lưu vào nhật ký.")
            return redirect("inspections:register-entry-detail", pk=entry.pk)
    status = 400 if form.is_bound else 200
    context = {"form": form, "entry": entry, "rule": form.rule}
    return render(request, "inspections/register_entry_form.html", context, status=status)
