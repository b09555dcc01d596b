from django.urls import path

from inspections.views import documents

app_name = "inspections"
urlpatterns: list = [
    # Inspection records (plans, rounds, visits, findings) -------------------
    # Notices (drafting, review, issue, register) ---------------------------
    # PDF, verification, print ----------------------------------------------
    path("notices/<int:pk>/pdf/", documents.notice_pdf, name="notice-pdf"),
    path("verify/<str:code>/", documents.verify, name="verify"),
    path("print/", documents.print_merged, name="print-merged"),
]
