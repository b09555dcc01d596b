from django.urls import path

from inspections.views import imports

app_name = "inspections"
urlpatterns: list = [
    # Inspection records (plans, rounds, visits, findings) -------------------
    # Notices (drafting, review, issue, register) ---------------------------
    # PDF, verification, print ----------------------------------------------
    # Import of existing notices, Word export (importer) ----------------------
    path("imports/", imports.import_upload, name="import-upload"),
    path("imports/save/", imports.import_save, name="import-save"),
    path("notices/<int:pk>/docx/", imports.notice_docx_download, name="notice-docx"),
]
