"""Excel exports (findings grid, open shortcomings, notice register) and the year summary PDF.

The workbooks are written with openpyxl's write-only mode row by row from database
iterators into a temporary file, which is then streamed: memory stays flat whatever the
number of findings (see bench/export_bench.py and docs/benchmarks.md).
"""

import tempfile
from collections.abc import Iterable, Iterator
from datetime import date

from django.db.models import Value
from django.db.models.functions import Coalesce
from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from inspections import dashboard
from inspections.models import Criterion, Finding, FollowUp, Inspection, Notice
from units.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000
RESULT_LABELS = dict(Finding.Result.choices)
FOLLOWUP_LABELS = dict(FollowUp.Status.choices)


def _column_name(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


class Sheet:
    """A write-only worksheet with a bold header, column widths and wrapped text."""

    def __init__(self, workbook: Workbook, title: str, headers: list[str], widths: list[int]):
        self.ws = workbook.create_sheet(title=title[:31])
        # Write-only sheets write widths and panes with the first row: set them before it.
        for index, width in enumerate(widths):
            self.ws.column_dimensions[_column_name(index)].width = width
        self.ws.freeze_panes = "A2"
        self._wrap = Alignment(wrap_text=True, vertical="top")
        self.ws.append([self._cell(h, bold=True) for h in headers])

    def _cell(self, value, bold: bool = False):
        # Plain values cost openpyxl least; only styled cells need a WriteOnlyCell.
        if isinstance(value, str) and value.startswith("="):
            # openpyxl stores "=…" as a formula: text typed by people must stay text, or an
            # observation like =HYPERLINK(…) would run in the reader's Excel.
            cell = WriteOnlyCell(self.ws, value=value)
            cell.data_type = "s"
            cell.alignment = self._wrap
            if bold:
                cell.font = Font(bold=True)
            return cell
        if bold:
            cell = WriteOnlyCell(self.ws, value=value)
            cell.font = Font(bold=True)
        elif isinstance(value, date):
            cell = WriteOnlyCell(self.ws, value=value)
            cell.number_format = "DD/MM/YYYY"
        elif isinstance(value, str) and len(value) > 40:
            cell = WriteOnlyCell(self.ws, value=value)
            cell.alignment = self._wrap
        else:
            return value
        return cell

    def register_number(self, number: int) -> WriteOnlyCell:
        """A register number kept as a number (sortable) and shown as Decree 30 prints it: 07."""
        cell = WriteOnlyCell(self.ws, value=number)
        cell.number_format = "00"
        return cell

    def append(self, values: Iterable) -> None:
        self.ws.append([self._cell(v) for v in values])


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


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
    widths = [36, 14, *[30] * len(criteria)]
    sheet = Sheet(workbook, "Kết quả theo nội dung", headers, widths)
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
    for year, round_title, unit, criterion, observation, recommendation, due_on, state in rows:
        overdue = "Quá hạn" if due_on and due_on < today else ""
        yield [
            year,
            round_title,
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
    sheet = Sheet(workbook, "Tồn tại, hạn chế", SHORTCOMING_HEADERS, [8, 40, 30, 30, 50, 40, 14, 22, 10])
    for row in shortcoming_rows(findings):
        sheet.append(row)


REGISTER_HEADERS = ["Số", "Ký hiệu", "Ngày ban hành", "Trích yếu", "Người ký", "Nơi nhận", "Đợt kiểm tra"]


def write_notice_register(workbook: Workbook, notices) -> None:
    """The register of issued notices: number, symbol, date, summary, signer, recipients."""
    sheet = Sheet(workbook, "Sổ đăng ký thông báo", REGISTER_HEADERS, [8, 12, 14, 60, 24, 50, 40])
    rows = (
        notices.filter(status=Notice.Status.ISSUED)
        .select_related("inspection", "signer")
        .prefetch_related("recipients")
        .order_by("issued_on", "number")
        .iterator(chunk_size=CHUNK)
    )
    for notice in rows:
        signer = notice.signer_name or (notice.signer.display_name if notice.signer else "")
        recipients = "\n".join(f"- {r.text}" for r in notice.recipients.all())
        sheet.append(
            [
                sheet.register_number(notice.number),
                notice.symbol,
                notice.issued_on,
                notice.title,
                signer,
                recipients,
                notice.inspection.title,
            ]
        )


def year_summary_context(year: int, organization) -> dict:
    rounds, totals = dashboard.rounds_progress(year)
    shortcomings = list(
        dashboard.year_findings(year)
        .shortcomings()
        .select_related("criterion", "unit_check__unit", "unit_check__inspection", "followup")
        .order_by("unit_check__inspection__starts_on", "unit_check__unit__kind", "unit_check__unit__order")
    )
    for finding in shortcomings:
        followup = getattr(finding, "followup", None)
        finding.state_label = (
            FOLLOWUP_LABELS[FollowUp.Status.CLOSED]
            if finding.closed
            else FOLLOWUP_LABELS[followup.status if followup else FollowUp.Status.OPEN]
        )
    notices = list(
        Notice.objects.issued().filter(inspection__plan__year=year).order_by("issued_on", "number")
    )
    return {
        "organization": organization,
        "year": year,
        "rounds": rounds,
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
