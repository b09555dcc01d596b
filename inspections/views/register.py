"""The register of issued notices (sổ đăng ký văn bản đi) and its Excel export."""

import tempfile

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import render
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from inspections.forms_notices import RegisterFilterForm
from inspections.models import Notice
from inspections.text import fold

PAGE_SIZE = 50
HEADERS = ["Số", "Ký hiệu", "Ngày ban hành", "Trích yếu", "Người ký", "Nơi nhận"]
WIDTHS = [8, 12, 14, 70, 22, 50]


def _register(request):
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
    form, notices = _register(request)
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inspections/register.html", {"form": form, "page": page})


@permission_required("inspections.view_notice", raise_exception=True)
def notice_register_export(request):
    form, notices = _register(request)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sổ đăng ký")
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    bold = Font(bold=True)
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for notice in notices.iterator(chunk_size=500):
        date = WriteOnlyCell(sheet, value=notice.issued_on)
        date.number_format = "DD/MM/YYYY"
        recipients = "; ".join(recipient.text for recipient in notice.recipients.all())
        sheet.append([notice.number, notice.symbol, date, notice.title, notice.signer_name, recipients])
    # Spooled: small registers stay in memory, a large one goes to disk, never both.
    buffer = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    workbook.save(buffer)
    buffer.seek(0)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    name = f"so-dang-ky-thong-bao-{year}.xlsx" if year else "so-dang-ky-thong-bao.xlsx"
    return FileResponse(buffer, as_attachment=True, filename=name)
