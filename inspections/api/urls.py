"""/api/v1/: every endpoint by name ("api:finding-detail"); tests/security/test_permission_matrix.py
has a row for each. Notices are /notices/ so that other kinds of outgoing document can join
under their own names later."""

from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from inspections.api import files, reads, writes


def api(view):
    """REST framework authenticates these itself (token or session): a caller without either
    gets 401 in JSON, not the login page. (REST framework marks its views so already; said
    here so that it is seen where the URL is.)"""
    return login_not_required(view)


app_name = "api"
urlpatterns = [
    path("units/", api(reads.unit_list), name="unit-list"),
    path("plans/", api(reads.plan_list), name="plan-list"),
    path("plans/<int:pk>/", api(reads.plan_detail), name="plan-detail"),
    path("inspections/", api(reads.inspection_list), name="inspection-list"),
    path("inspections/<int:pk>/", api(reads.inspection_detail), name="inspection-detail"),
    path("unit-checks/", api(reads.unitcheck_list), name="unitcheck-list"),
    path("unit-checks/<int:pk>/", api(reads.unitcheck_detail), name="unitcheck-detail"),
    path("findings/", api(reads.finding_list), name="finding-list"),
    path("findings/<int:pk>/", api(writes.finding_detail), name="finding-detail"),
    path("findings/<int:pk>/evidence/", api(writes.finding_evidence), name="finding-evidence"),
    path("evidence/<int:pk>/file/", api(files.evidence_file), name="evidence-file"),
    path("followups/", api(reads.followup_list), name="followup-list"),
    path("followups/<int:pk>/", api(reads.followup_detail), name="followup-detail"),
    path("followups/<int:pk>/report/", api(writes.followup_report), name="followup-report"),
    path("notices/", api(reads.notice_list), name="notice-list"),
    path("notices/register/", api(reads.register), name="notice-register"),
    path("notices/<int:pk>/", api(reads.notice_detail), name="notice-detail"),
    path("notices/<int:pk>/pdf/", api(files.notice_pdf), name="notice-pdf"),
    path("notices/<int:pk>/submit/", api(writes.notice_submit), name="notice-submit"),
    path("notices/<int:pk>/to-sign.pdf", api(writes.notice_to_sign_pdf), name="notice-to-sign-pdf"),
    path("notices/<int:pk>/signed-file/", api(writes.notice_signed_file), name="notice-signed-file"),
    path("schema/", api(SpectacularAPIView.as_view()), name="schema"),
    # The docs page is for people in a browser: logged out, they go to the login page.
    path(
        "docs/",
        login_required(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:schema", template_name="inspections/api_docs.html"
            )
        ),
        name="docs",
    ),
]
