from django.urls import path

from inspections.views import notices, register

app_name = "inspections"
urlpatterns: list = [
    # Inspection records (plans, rounds, visits, findings) -------------------
    # Notices (drafting, review, issue, register) ---------------------------
    path("notices/", notices.notice_list, name="notice-list"),
    path("notices/register/", register.notice_register, name="notice-register"),
    path("notices/register/export/", register.notice_register_export, name="notice-register-export"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice-detail"),
    path("notices/<int:pk>/edit/", notices.notice_edit, name="notice-edit"),
    path("notices/<int:pk>/submit/", notices.notice_review, {"action": "submit"}, name="notice-submit"),
    path("notices/<int:pk>/return/", notices.notice_review, {"action": "return"}, name="notice-return"),
    path("notices/<int:pk>/approve/", notices.notice_review, {"action": "approve"}, name="notice-approve"),
    path("notices/<int:pk>/issue/", notices.notice_issue, name="notice-issue"),
    path("notices/<int:pk>/replace/", notices.notice_replace, name="notice-replace"),
    path("inspections/<int:inspection_pk>/notices/draft/", notices.notice_draft, name="notice-draft"),
    # PDF, verification, print ----------------------------------------------
]
