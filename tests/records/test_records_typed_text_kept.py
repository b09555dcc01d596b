"""Never lose typed text (issue 19): an htmx request meeting an expired session gets a 401
that swaps nothing (the page keeps the form); an over-long text is refused naming the limit,
never cut. Two tabs editing one notice draft: tests/notices/test_notices_stale_edit.py."""

import pytest
from django.urls import reverse
from records_helpers import HX

from inspections.models import Finding

pytestmark = pytest.mark.django_db


def form_url(records, criterion):
    visit = records.visit
    return reverse("inspections:finding-form", args=[visit.inspection.pk, visit.pk, criterion.pk])


def test_an_htmx_save_after_the_session_expired_gets_401_with_the_way_back_and_saves_nothing(client, records):
    url = form_url(records, records.posting)
    page = records.visit.get_absolute_url()
    response = client.post(
        url,
        {"result": "compliant", "observation": "Đã niêm yết."},
        headers=HX | {"HX-Current-URL": f"http://testserver{page}"},
    )
    assert response.status_code == 401  # htmx swaps nothing on 401: the row keeps the form
    assert response["X-Login-Url"] == f"/accounts/login/?next={page.replace('/', '%2F')}"
    assert "Phiên đăng nhập đã hết hạn" in response.content.decode()
    assert not Finding.objects.filter(criterion=records.posting, unit_check=records.visit).exists()


def test_a_page_request_without_a_session_still_goes_to_the_login_page(client, records):
    response = client.get(records.visit.get_absolute_url())
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_over_long_observation_is_refused_naming_the_limit_and_kept_whole(client, inspector, records):
    client.force_login(inspector)
    text = "Nhận xét dài. " * 462 + "abcd"  # 6,472 characters
    text = text + "x" * (6_480 - len(text))
    response = client.post(
        form_url(records, records.posting), {"result": "compliant", "observation": text}, headers=HX
    )
    html = response.content.decode()
    assert "Tối đa 5.000 ký tự (hiện có 6.480)." in html
    assert text in html  # the box holds every character typed, to be shortened by the person
    assert " maxlength=" not in html and 'data-maxlength="5000"' in html
    assert not Finding.objects.filter(criterion=records.posting, unit_check=records.visit).exists()
