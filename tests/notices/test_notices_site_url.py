"""The verification address is right before anything is signed (issue 19): approving and
issuing refuse, with the reason, while SITE_URL is unset or the development default in
production, or names another host than the one the app is reached on; in development an
unset SITE_URL prints the request's own address."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from inspections.pdf import verification_url
from inspections.siteurl import SiteUrlMiddleware, site_url_refusal

pytestmark = pytest.mark.django_db


def test_issuing_is_refused_with_the_reason_when_site_url_differs_from_the_served_address(
    client, make_notice, clerk, settings
):
    notice = make_notice("approved")
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.DEBUG = True  # even in development: a different port is a dead link
    client.force_login(clerk)
    url = reverse("inspections:notice-issue", args=[notice.pk])
    response = client.post(url, {"number": "5128", "issued_on": "2023-06-14"}, follow=True)
    page = response.content.decode()
    assert "SITE_URL là http://127.0.0.1:8000 nhưng ứng dụng đang được mở tại http://testserver" in page
    notice.refresh_from_db()
    assert notice.status == "approved" and notice.number is None and not notice.pdf


@pytest.mark.parametrize("value", ["", "http://127.0.0.1:8000"])
def test_production_refuses_an_unset_or_default_site_url(settings, value):
    settings.DEBUG, settings.SITE_URL = False, value
    request = RequestFactory().get("/notices/1/issue/", HTTP_HOST="testserver")
    refusal = site_url_refusal(request)
    assert refusal and "SITE_URL" in refusal and "Quản trị viên" in refusal


def test_approving_is_refused_too_since_the_leaders_pdf_carries_the_qr_code(
    client, make_notice, leader, settings
):
    notice = make_notice("in_review")
    settings.SITE_URL = "https://kiemtra.example.gov.vn"
    client.force_login(leader)
    response = client.get(reverse("inspections:notice-approve", args=[notice.pk]), follow=True)
    assert "SITE_URL là https://kiemtra.example.gov.vn" in response.content.decode()
    pdf = client.get(reverse("inspections:notice-to-sign-pdf", args=[notice.pk]))
    assert pdf.status_code == 302  # no PDF to sign is handed out either


def test_a_matching_site_url_passes_and_development_prints_the_address_served(settings):
    settings.SITE_URL, settings.DEBUG = "http://testserver", False
    assert site_url_refusal(RequestFactory().get("/", HTTP_HOST="testserver")) is None

    settings.SITE_URL, settings.DEBUG = "", True
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:8011")
    assert site_url_refusal(request) is None
    seen = {}
    SiteUrlMiddleware(lambda r: seen.setdefault("url", verification_url("ABCD1234")))(request)
    assert seen["url"] == "http://127.0.0.1:8011/verify/ABCD1234/"
