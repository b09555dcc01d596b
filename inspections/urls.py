from django.urls import path

from inspections.views import dashboard as dashboard_views
from inspections.views import followup as followup_views
from inspections.views import reports as report_views
from inspections.views import units as unit_views

app_name = "inspections"
urlpatterns: list = [
    # Inspection records (plans, rounds, visits, findings) -------------------
    # Notices (drafting, review, issue, register) ---------------------------
    # PDF, verification, print ----------------------------------------------
    # Dashboard, follow-up, reports, notifications --------------------------
    path("dashboard/", dashboard_views.dashboard_page, name="dashboard"),
    path("notifications/", dashboard_views.notification_list, name="notification-list"),
    path("followups/", followup_views.followup_list, name="followup-list"),
    path("followups/export.xlsx", report_views.shortcomings_xlsx, name="shortcomings-xlsx"),
    path("followups/<int:pk>/", followup_views.followup_detail, name="followup-detail"),
    path("followups/<int:pk>/report/", followup_views.followup_report, name="followup-report"),
    path("followups/<int:pk>/close/", followup_views.followup_close, name="followup-close"),
    path("followups/<int:pk>/reopen/", followup_views.followup_reopen, name="followup-reopen"),
    path("units/<int:pk>/history/", unit_views.unit_history, name="unit-history"),
    path("rounds/<int:pk>/carryover/", followup_views.round_carryover, name="round-carryover"),
    path("rounds/<int:pk>/next/", followup_views.round_start_next, name="round-start-next"),
    path("rounds/<int:pk>/findings.xlsx", report_views.round_findings_xlsx, name="round-findings-xlsx"),
    path("reports/notice-register.xlsx", report_views.notice_register_xlsx, name="notice-register-xlsx"),
    path("reports/<int:year>/summary.pdf", report_views.year_summary_pdf, name="year-summary-pdf"),
]
