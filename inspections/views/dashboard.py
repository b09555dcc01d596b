"""The start page after login (per year), and the notifications list."""

from django.shortcuts import render
from django.utils import timezone

from inspections import charts, dashboard, notifications
from units.models import Unit

LIST_SHOWN = 50  # notifications on the list page, newest first

RESULT_SERIES = [("compliant", "Đạt"), ("shortcoming", "Có tồn tại, hạn chế"), ("noted", "Ghi nhận")]


def units_by_kind():
    units = list(Unit.objects.active().order_by("kind", "order", "name"))
    return [
        {"kind": label, "units": [unit for unit in units if unit.kind == value]}
        for value, label in Unit.Kind.choices
    ]


def selected_year(request, years: list[int]) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return dashboard.default_year()
    return year if 2000 <= year <= 2100 else dashboard.default_year()


def year_figures(year: int) -> dict:
    """The start page's figures for `year`: the same for everyone who may read findings."""
    inspections, totals = dashboard.inspections_progress(year)
    criteria = dashboard.findings_by_criterion(year)
    notices = dashboard.notices_by_status(year)
    overdue = dashboard.overdue_shortcomings()
    return {
        "inspections": inspections,
        "totals": totals,
        "criteria": criteria,
        "criteria_chart": charts.stacked_bars(
            f"Kết quả kiểm tra theo nội dung, năm {year}",
            [(row.name, [(k, label, getattr(row, k)) for k, label in RESULT_SERIES]) for row in criteria],
        ),
        "legend": charts.legend(RESULT_SERIES),
        "shortcomings": dashboard.shortcoming_totals(year),
        "notices": notices,
        "notices_total": sum(n["count"] for n in notices),
        "notices_chart": charts.stacked_bars(
            f"Thông báo kết quả theo trạng thái, năm {year}",
            [(n["label"], [(n["status"], n["label"], n["count"])]) for n in notices],
        ),
        "overdue": list(overdue[:20]),
        "overdue_count": overdue.count(),
    }


def dashboard_page(request):
    years = dashboard.available_years()
    year = selected_year(request, years)
    context = {
        "year": year,
        "years": years,
        "groups": units_by_kind(),
        "waiting": dashboard.waiting_for(request.user),
        "waiting_counts": dashboard.waiting_counts(request.user),
        "waiting_shown": dashboard.WAITING_SHOWN,
        "today": timezone.localdate(),
    }
    if request.user.has_perm("inspections.view_finding"):
        context |= dashboard.cached(f"year-figures:{year}", lambda: year_figures(year))
    return render(request, "inspections/dashboard.html", context)


def notification_list(request):
    # The newest LIST_SHOWN items; the count of new ones is over everything (as the badge).
    new_count = notifications.new_count(request.user)
    items = notifications.unseen(request.user, LIST_SHOWN)[0][:LIST_SHOWN]
    notifications.mark_seen(request.user)
    request._notifications_new = 0  # what the header badge shows once the list has been seen
    context = {"items": items, "new_count": new_count, "shown": LIST_SHOWN}
    return render(request, "inspections/notifications.html", context)
