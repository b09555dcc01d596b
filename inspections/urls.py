from django.urls import path

from inspections.views import (
    api_tokens,
    documents,
    imports,
    metadata,
    minutes,
    notices,
    paperwork,
    records,
    records_findings,
    register,
    scans,
    signing,
)
from inspections.views import dashboard as dashboard_views
from inspections.views import followup as followup_views
from inspections.views import reports as report_views
from inspections.views import units as unit_views

app_name = "inspections"
urlpatterns: list = [
    # Inspection records (plans, rounds, visits, findings) -------------------
    path("plans/", records.plan_list, name="plan-list"),
    path("plans/<int:pk>/", records.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/next-year/", records.plan_next_year, name="plan-next-year"),
    path("inspections/", records.inspection_list, name="inspection-list"),
    path("inspections/new/", records.inspection_form, name="inspection-create"),
    path("inspections/<int:pk>/", records.inspection_detail, name="inspection-detail"),
    path("inspections/<int:pk>/edit/", records.inspection_form, name="inspection-edit"),
    path(
        "inspections/<int:inspection_pk>/unit-checks/new/", records.unitcheck_create, name="unitcheck-create"
    ),
    path(
        "inspections/<int:inspection_pk>/unit-checks/schedule/",
        records.unitcheck_schedule,
        name="unitcheck-schedule",
    ),
    path(
        "inspections/<int:inspection_pk>/unit-checks/<int:pk>/edit/",
        records.unitcheck_edit,
        name="unitcheck-edit",
    ),
    path("unit-checks/<int:pk>/", records.unitcheck_detail, name="unitcheck-detail"),
    path("unit-checks/<int:pk>/minutes.pdf", minutes.unitcheck_minutes_pdf, name="unitcheck-minutes"),
    # The signed biên bản, scanned: kept, never replaced; each download checks its SHA-256.
    path("unit-checks/<int:pk>/minutes-scan/", scans.minutes_scan_upload, name="unitcheck-minutes-scan"),
    path("minutes-scans/<int:pk>/", scans.minutes_scan_download, name="minutesscan-download"),
    path(
        "unit-checks/<int:pk>/compliant-rest/",
        records.unitcheck_fill_compliant,
        name="unitcheck-fill-compliant",
    ),
    path(
        "inspections/<int:inspection_pk>/unit-checks/<int:unit_check_pk>/criteria/<int:criterion_pk>/",
        records_findings.finding_row,
        name="finding-row",
    ),
    path(
        "inspections/<int:inspection_pk>/unit-checks/<int:unit_check_pk>/criteria/<int:criterion_pk>/edit/",
        records_findings.finding_form,
        name="finding-form",
    ),
    path(
        "inspections/<int:inspection_pk>/unit-checks/<int:unit_check_pk>/criteria/<int:criterion_pk>/delete/",
        records_findings.finding_delete,
        name="finding-delete",
    ),
    path(
        "inspections/<int:inspection_pk>/unit-checks/<int:unit_check_pk>/criteria/<int:criterion_pk>/evidence/",
        records_findings.evidence_add,
        name="evidence-add",
    ),
    path(
        "inspections/<int:inspection_pk>/unit-checks/<int:unit_check_pk>/criteria/<int:criterion_pk>/evidence/<int:pk>/delete/",
        records_findings.evidence_delete,
        name="evidence-delete",
    ),
    path("evidence/<int:pk>/", records_findings.evidence_download, name="evidence-download"),
    path("search/", records.search, name="search"),
    # Notices (drafting, review, issue, register) ---------------------------
    path("notices/", notices.notice_list, name="notice-list"),
    path("notices/register/", register.notice_register, name="notice-register"),
    # Documents issued outside the app, entered so that the register's series stays whole.
    path("notices/register/entries/new/", register.register_entry_create, name="register-entry-create"),
    path("notices/register/entries/<int:pk>/", register.register_entry_detail, name="register-entry-detail"),
    path("notices/register/entries/<int:pk>/edit/", register.register_entry_edit, name="register-entry-edit"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice-detail"),
    path("notices/<int:pk>/edit/", notices.notice_edit, name="notice-edit"),
    path("notices/<int:pk>/submit/", notices.notice_review, {"action": "submit"}, name="notice-submit"),
    path("notices/<int:pk>/return/", notices.notice_review, {"action": "return"}, name="notice-return"),
    # Approving is signing (issue 12): the page, the PDF to sign, a PDF signed elsewhere.
    path("notices/<int:pk>/approve/", signing.notice_approve, name="notice-approve"),
    path("notices/<int:pk>/approve/pdf/", signing.notice_to_sign_pdf, name="notice-to-sign-pdf"),
    path("notices/<int:pk>/approve/upload/", signing.notice_approve_upload, name="notice-approve-upload"),
    path("notices/<int:pk>/issue/", notices.notice_issue, name="notice-issue"),
    path("notices/<int:pk>/replace/", notices.notice_replace, name="notice-replace"),
    path("notices/<int:pk>/refresh/", notices.notice_refresh, name="notice-refresh"),
    path("notices/<int:pk>/delete/", notices.notice_delete, name="notice-delete"),
    path("inspections/<int:inspection_pk>/notices/draft/", notices.notice_draft, name="notice-draft"),
    path("documents/draft/<str:kind>/<int:source_pk>/", paperwork.document_draft, name="document-draft"),
    # PDF, verification, print ----------------------------------------------
    path("notices/<int:pk>/pdf/", documents.notice_pdf, name="notice-pdf"),
    path("verify/<str:code>/", documents.verify, name="verify"),
    path("print/", documents.print_merged, name="print-merged"),
    # Import of existing notices, Word export (importer) ----------------------
    path("imports/", imports.import_upload, name="import-upload"),
    path("imports/save/", imports.import_save, name="import-save"),
    path("notices/<int:pk>/docx/", imports.notice_docx_download, name="notice-docx"),
    path("notices/<int:pk>/source/", imports.notice_source_download, name="notice-source"),
    path("notices/<int:pk>/paper-copy/", imports.notice_paper_copy, name="notice-paper-copy"),
    path("notices/<int:pk>/metadata.xml", metadata.notice_metadata, name="notice-metadata"),
    # Dashboard, follow-up, reports, notifications --------------------------
    path("dashboard/", dashboard_views.dashboard_page, name="dashboard"),
    path("notifications/", dashboard_views.notification_list, name="notification-list"),
    path("followups/", followup_views.followup_list, name="followup-list"),
    path("followups/export.xlsx", report_views.shortcomings_xlsx, name="shortcomings-xlsx"),
    path("followups/<int:pk>/", followup_views.followup_detail, name="followup-detail"),
    path("followups/<int:pk>/report/", followup_views.followup_report, name="followup-report"),
    path("followups/<int:pk>/close/", followup_views.followup_close, name="followup-close"),
    path("followups/<int:pk>/reopen/", followup_views.followup_reopen, name="followup-reopen"),
    path("followups/<int:pk>/withdraw/", followup_views.followup_withdraw, name="followup-withdraw"),
    path(
        "followups/<int:pk>/reports/<int:report_pk>/file/",
        followup_views.followup_report_file,
        name="followup-report-file",
    ),
    path("units/<int:pk>/history/", unit_views.unit_history, name="unit-history"),
    path("inspections/<int:pk>/carryover/", followup_views.inspection_carryover, name="inspection-carryover"),
    path("inspections/<int:pk>/next/", followup_views.inspection_start_next, name="inspection-start-next"),
    path(
        "inspections/<int:pk>/findings.xlsx",
        report_views.inspection_findings_xlsx,
        name="inspection-findings-xlsx",
    ),
    path("reports/<int:year>/summary.pdf", report_views.year_summary_pdf, name="year-summary-pdf"),
    # Personal API tokens (the REST API is inspections/api, under /api/v1/) ----------
    path("api-tokens/", api_tokens.api_token_list, name="api-token-list"),
    path("api-tokens/<int:pk>/revoke/", api_tokens.api_token_revoke, name="api-token-revoke"),
    path("reports/notice-register.xlsx", register.notice_register_export, name="notice-register-export"),
    path("reports/notice-register.xml", metadata.register_metadata, name="notice-register-metadata"),
]
