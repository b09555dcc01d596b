"""The register of issued notices (sổ đăng ký văn bản đi) and its Excel export."""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import render

from inspections import exports
from inspections.forms.notices import RegisterFilterForm
from inspections.models import Notice
from inspections.text import fold

PAGE_SIZE = 50


def register_entries(request):
    """Return the filter form and the issued notices it selects, in register order."""
    years = list(Notice.objects.issued().order_by("-year").values_list("year", flat=True).distinct())
    form = RegisterFilterForm(request.GET or None, years=years)
    notices = (
        Notice.objects.issued()
        .select_related("organization")
        .prefetch_related("recipients")
        .order_by("-year", "number", "symbol")
    )
    if form.is_valid():
        if form.cleaned_data["year"]:
            notices = notices.filter(year=form.cleaned_data["year"])
        if form.cleaned_data["q"].strip():
            notices = notices.filter(search_text__contains=fold(form.cleaned_data["q"].strip()))
    elif form.is_bound:
        notices = notices.none()  # a year with no issued notice, or a tampered query
    return form, notices


@permission_required("inspections.view_notice", raise_exception=True)
def notice_register(request):
    form, notices = register_entries(request)
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inspections/register.html", {"form": form, "page": page})


@permission_required("inspections.view_notice", raise_exception=True)
def notice_register_export(request):
    form, notices = register_entries(request)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    workbook = exports.new_workbook()
    exports.write_notice_register(workbook, notices)
    return exports.xlsx_response(
        workbook, f"so-dang-ky-thong-bao-{year}.xlsx" if year else "so-dang-ky-thong-bao.xlsx"
    )
