"""Error pages in Vietnamese and in the site's layout; documents never cached; the web server
refuses the development key in production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.decorators import login_not_required
from django.db import OperationalError
from django.test import Client
from django.urls import include, path, reverse
from test_permission_matrix import followup_report

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = [
    "Not Found",
    "Page not found",
    "Server Error",
    "Forbidden",
    "Bad Request",
    "Traceback",
    "verification failed",
]


@login_not_required
def broken(request):
    raise OperationalError("could not connect to server: Connection refused")


urlpatterns = [path("hong/", broken), path("", include("config.urls"))]
handler500 = "config.errors.server_error"


def assert_vietnamese_page(response, status, heading):
    page = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in page
    assert '<html lang="vi">' in page and 'class="site-header"' in page  # the site's layout
    assert not [word for word in ENGLISH if word in page]
    return page


@pytest.mark.django_db
def test_a_missing_page_is_a_vietnamese_404_in_the_site_layout(client, settings, inspector):
    assert settings.DEBUG is False
    assert_vietnamese_page(client.get("/khong-co-trang-nay/"), 404, "Không tìm thấy trang")
    client.force_login(inspector)
    page = assert_vietnamese_page(client.get("/notices/999999/"), 404, "Không tìm thấy trang")
    assert "Đăng xuất" in page  # with the logged-in person's menu


@pytest.mark.django_db
def test_a_page_someone_may_not_see_is_a_vietnamese_403(client, outsider):
    client.force_login(outsider)
    page = assert_vietnamese_page(
        client.get(reverse("inspections:notice-list")), 403, "Không có quyền truy cập"
    )
    assert "quản trị hệ thống" in page


@pytest.mark.django_db
def test_a_request_for_another_host_is_a_vietnamese_400(client):
    assert_vietnamese_page(client.get("/", HTTP_HOST="ke-gia-mao.example"), 400, "Yêu cầu không hợp lệ")


@pytest.mark.django_db
def test_an_expired_form_is_a_vietnamese_403_without_the_reason(inspector):
    client = Client(enforce_csrf_checks=True)
    client.force_login(inspector)
    response = client.post(reverse("logout"))
    assert_vietnamese_page(response, 403, "Biểu mẫu đã hết hạn")


@pytest.mark.urls(__name__)
def test_the_500_page_needs_neither_the_database_nor_the_context_processors(client, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("database down")

    monkeypatch.setattr("units.context_processors.Organization.objects.default", down)
    client.raise_request_exception = False
    page = assert_vietnamese_page(client.get("/hong/"), 500, "Lỗi hệ thống")
    assert "Connection refused" not in page and "OperationalError" not in page


@pytest.mark.urls(__name__)
def test_the_500_page_falls_back_to_plain_vietnamese_when_its_template_fails(client, monkeypatch):
    def broken_template(name):
        raise ValueError("Missing staticfiles manifest entry for 'css/app.css'")

    monkeypatch.setattr("config.errors.loader.get_template", broken_template)
    client.raise_request_exception = False
    response = client.get("/hong/")
    assert response.status_code == 500
    assert "<h1>Lỗi hệ thống</h1>" in response.content.decode()
    assert "manifest" not in response.content.decode()


# --- documents are never cached ----------------------------------------------------------


DOCUMENTS = {
    "draft PDF": lambda w: ("get", reverse("inspections:notice-pdf", args=[w.notices["draft"].pk])),
    "issued PDF": lambda w: (
        "get",
        reverse("inspections:notice-pdf", args=[w.notices["issued"].pk]) + "?download=1",
    ),
    "Word": lambda w: ("get", reverse("inspections:notice-docx", args=[w.notices["issued"].pk])),
    "merged print": lambda w: (
        "post",
        reverse("inspections:print-merged"),
        {"notices": [w.notices["issued"].pk]},
    ),
    "evidence": lambda w: ("get", reverse("inspections:evidence-download", args=[w.evidence.pk])),
    "follow-up file": lambda w: (
        "get",
        reverse("inspections:followup-report-file", args=[w.shortcoming.pk, followup_report(w).pk]),
    ),
    "findings grid (Excel)": lambda w: (
        "get",
        reverse("inspections:inspection-findings-xlsx", args=[w.inspection.pk]),
    ),
    "shortcomings (Excel)": lambda w: ("get", reverse("inspections:shortcomings-xlsx")),
    "register (Excel)": lambda w: ("get", reverse("inspections:notice-register-export")),
    "year summary PDF": lambda w: ("get", reverse("inspections:year-summary-pdf", args=[2023])),
}


@pytest.mark.django_db
@pytest.mark.parametrize("document", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_every_document_download_is_private_and_not_stored(client, world, no_slow_pdfs, document):
    method, url, *data = document(world)
    client.force_login(world.users["clerk"])
    response = getattr(client, method)(url, *data)
    assert response.status_code == 200, url
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_pages_are_not_marked_no_store(client, inspector):
    client.force_login(inspector)
    assert "no-store" not in client.get(reverse("home")).get("Cache-Control", "")


# --- the development key --------------------------------------------------------------


def start_wsgi(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "config.settings"} | env,
        capture_output=True,
        text=True,
    )


def test_the_web_server_refuses_to_start_with_debug_off_and_the_development_key():
    refused = start_wsgi({"DEBUG": "false"})
    assert refused.returncode != 0
    assert "Refusing to start: DEBUG is off and SECRET_KEY is the development default" in refused.stderr
    assert start_wsgi({"DEBUG": "false", "SECRET_KEY": "x" * 60}).returncode == 0
    assert start_wsgi({"DEBUG": "true"}).returncode == 0  # development
