"""Excel exports (findings grid, open shortcomings, notice register) and the year summary PDF.

The workbooks are written with openpyxl's write-only mode row by row from database
iterators into a temporary file, which is then streamed: memory stays flat whatever the
number of findings (see bench/export_bench.py and docs/benchmarks.md).
"""

import tempfile
from collections.abc import Iterator

from django.db.models import Value
from django.db.models.functions import Coalesce
from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook

from inspections import dashboard, xlsx
from inspections.models import Criterion, Finding, FollowUp, Inspection, Notice
from inspections.services.lifecycle import followup_of
from units.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000
RESULT_LABELS = dict(Finding.Result.choices)
FOLLOWUP_LABELS = dict(FollowUp.Status.choices)


def new_workbook() -> Workbook:
    return xlsx.new_workbook()


def xlsx_response(workbook: Workbook, filename: str) -> FileResponse:
    """Save `workbook` to a temporary file and stream it; the file goes away when the response closes."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)


def cell_text(result: str, observation: str) -> str:
    label = RESULT_LABELS.get(result, result)
    return label if result == Finding.Result.COMPLIANT else f"{label}: {observation}"


def write_findings_grid(workbook: Workbook, inspection: Inspection) -> None:
    """One row per unit in scope, one column per criterion, the result (and remark) in each cell."""
    kinds = set(Unit.objects.filter(inspections=inspection).values_list("kind", flat=True))
    criteria = list(
        inspection.plan.criteria.filter(applies_to__in=[Criterion.Scope.BOTH, *kinds])
        .order_by("position", "pk")
        .values_list("pk", "name")
    )
    headers = ["Phòng, đơn vị", "Ngày kiểm tra", *[name for _, name in criteria]]
    widths = [30, 12, *[28] * len(criteria)]
    sheet = xlsx.Sheet(workbook, "Kết quả theo nội dung", headers, widths, freeze="B2")
    column = {pk: index for index, (pk, _) in enumerate(criteria)}
    units = (
        Unit.objects.filter(inspections=inspection)
        .order_by("kind", "order", "name", "pk")
        .values_list("pk", "name")
        .iterator(chunk_size=CHUNK)
    )
    findings = (
        Finding.objects.filter(unit_check__inspection=inspection)
        .order_by(
            "unit_check__unit__kind",
            "unit_check__unit__order",
            "unit_check__unit__name",
            "unit_check__unit_id",
            "criterion__position",
        )
        .values_list("unit_check__unit_id", "unit_check__checked_on", "criterion_id", "result", "observation")
        .iterator(chunk_size=CHUNK)
    )
    pending = next(findings, None)
    for unit_id, unit_name in units:
        cells = [""] * len(criteria)
        checked_on = None
        # Both iterators follow the same unit order, so one pass merges them.
        while pending is not None and pending[0] == unit_id:
            _, checked_on, criterion_id, result, observation = pending
            if criterion_id in column:
                cells[column[criterion_id]] = cell_text(result, observation)
            pending = next(findings, None)
        sheet.append([unit_name, checked_on or "Chưa kiểm tra", *cells])


SHORTCOMING_HEADERS = [
    "Năm",
    "Đợt kiểm tra",
    "Phòng, đơn vị",
    "Nội dung kiểm tra",
    "Tồn tại, hạn chế",
    "Kiến nghị",
    "Hạn khắc phục",
    "Trạng thái khắc phục",
    "Quá hạn",
]


def shortcoming_rows(findings) -> Iterator[list]:
    today = timezone.localdate()
    rows = (
        findings.annotate(state=Coalesce("followup__status", Value(FollowUp.Status.OPEN)))
        .order_by("due_on", "pk")
        .values_list(
            "unit_check__inspection__plan__year",
            "unit_check__inspection__title",
            "unit_check__unit__name",
            "criterion__name",
            "observation",
            "recommendation",
            "due_on",
            "state",
        )
        .iterator(chunk_size=CHUNK)
    )
    for year, inspection_title, unit, criterion, observation, recommendation, due_on, state in rows:
        overdue = "Quá hạn" if due_on and due_on < today else ""
        yield [
            year,
            inspection_title,
            unit,
            criterion,
            observation,
            recommendation,
            due_on,
            FOLLOWUP_LABELS[state],
            overdue,
        ]


def write_shortcomings(workbook: Workbook, findings) -> None:
    """One row per shortcoming in `findings` (a Finding queryset), with its follow-up state."""
    widths = [7, 30, 26, 26, 44, 36, 12, 16, 9]
    sheet = xlsx.Sheet(workbook, "Tồn tại, hạn chế", SHORTCOMING_HEADERS, widths)
    for row in shortcoming_rows(findings):
        sheet.append(row)


REGISTER_HEADERS = [
    "Số",
    "Ký hiệu",
    "Ngày ban hành",
    "Trích yếu",
    "Người ký",
    "Nơi nhận",
    "Đợt kiểm tra",
    "Loại văn bản",
    "Vào sổ",
]
REMARK_HEADERS = ["Năm", "Dãy số", "Ghi chú"]


def write_register(workbook: Workbook, entries, remarks: dict) -> None:
    """The outgoing register (every kind) and a second sheet of its gaps, jumps and duplicates."""
    widths = [7, 10, 12, 52, 22, 40, 36, 16, 24]
    sheet = xlsx.Sheet(workbook, "Sổ đăng ký văn bản đi", REGISTER_HEADERS, widths)
    rows = entries.select_related("notice__inspection", "notice__plan", "entered_by").iterator(
        chunk_size=CHUNK
    )
    for entry in rows:
        recipients = "\n".join(f"- {line}" for line in entry.recipients.splitlines() if line.strip())
        source = (
            "Ban hành trong ứng dụng" if entry.notice_id else f"Vào sổ tay: {entry.entered_by.display_name}"
        )
        sheet.append(
            [
                sheet.register_number(entry.number),
                entry.symbol,
                entry.issued_on,
                entry.summary,
                entry.signer_name,
                recipients,
                entry.notice.belongs_to if entry.notice_id else "",
                entry.kind_label,
                source,
            ]
        )
    notes = xlsx.Sheet(workbook, "Số bỏ trống, trùng số", REMARK_HEADERS, [8, 24, 90])
    for (year, label), items in sorted(remarks.items(), key=lambda pair: (-pair[0][0], pair[0][1])):
        for remark in items:
            notes.append([year, label or "Chung mọi loại văn bản", remark.text])


def year_summary_context(year: int, organization) -> dict:
    inspections, totals = dashboard.inspections_progress(year)
    shortcomings = list(
        dashboard.year_findings(year)
        .shortcomings()
        .select_related("criterion", "unit_check__unit", "unit_check__inspection", "followup")
        .order_by("unit_check__inspection__starts_on", "unit_check__unit__kind", "unit_check__unit__order")
    )
    for finding in shortcomings:
        finding.state_label = FOLLOWUP_LABELS[followup_of(finding).status]
    notices = list(
        Notice.objects.issued()
        .filter(inspection__plan__year=year, kind=Notice.Kind.RESULTS)
        .order_by("issued_on", "number")
    )
    return {
        "organization": organization,
        "year": year,
        "inspections": inspections,
        "totals": totals,
        "criteria": dashboard.findings_by_criterion(year),
        "shortcomings": shortcomings,
        "shortcoming_totals": dashboard.shortcoming_totals(year),
        "notices": notices,
        "today": timezone.localdate(),
    }


def render_year_summary_pdf(year: int, organization) -> bytes:
    """Render the year summary as a Decree 30 report (the notices' margins, header and title)."""
    from inspections import layout, pdf

    context = year_summary_context(year, organization)
    title = f"Tổng hợp kết quả kiểm tra cải cách hành chính năm {year}"
    context["doc"] = layout.report_document(organization, title=title, day=context["today"])
    return pdf.render_template_pdf("inspections/pdf/year_summary.html", context)
