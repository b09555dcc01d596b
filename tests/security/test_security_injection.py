"""Tampering and injection: no state change without a CSRF token, and text typed by people is
shown as text, never run as HTML or script.

To cover a new page, add a case to ESCAPE_CASES (where the payload is stored, which URL shows
it); every POST in the permission matrix is already checked for CSRF automatically.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from test_permission_matrix import EXPECTED, LOGIN, Redirect, checked_urls, path_kwargs

from units.models import Organization, Unit

pytestmark = pytest.mark.django_db

# Breaks out of text, of a quoted attribute and of a <script> block if anything is unescaped.
PAYLOAD = "<script>alert('xss')</script>\"><img src=x onerror=alert(1)></textarea></title>"


def assert_escaped(html: str, payload: str = PAYLOAD) -> None:
    """The payload is on the page, but only in its escaped form."""
    assert payload not in html, "the payload was rendered as raw HTML"
    assert "<img src=x onerror" not in html
    assert escape(payload) in html, "the payload does not appear at all (did the page show the field?)"


@dataclass(frozen=True)
class Case:
    plant: Callable  # (world, payload) -> None: store the payload where people type text
    url: Callable  # world -> the page that shows it
    role: str = "inspector"


ESCAPE_CASES = {
    "home: unit name": Case(
        plant=lambda world, text: Unit.objects.filter(pk=world.unit.pk).update(name=text),
        url=lambda world: reverse("home"),
    ),
    "home: unit short name": Case(
        plant=lambda world, text: Unit.objects.filter(pk=world.unit.pk).update(short_name=text),
        url=lambda world: reverse("home"),
    ),
    "every page: organization name in the header": Case(
        plant=lambda world, text: Organization.objects.filter(pk=world.organization.pk).update(name=text),
        url=lambda world: reverse("home"),
    ),
    "every page: the user's name": Case(
        plant=lambda world, text: (
            type(world.users["inspector"])
            .objects.filter(pk=world.users["inspector"].pk)
            .update(full_name=text)
        ),
        url=lambda world: reverse("home"),
    ),
    # e.g. "finding row: observation": Case(
    #     plant=lambda world, text: Finding.objects.filter(pk=world.finding.pk).update(observation=text),
    #     url=lambda world: reverse("inspections:inspection-detail", args=[world.inspection.pk])),
}


@pytest.mark.parametrize("case", sorted(ESCAPE_CASES))
def test_text_typed_by_people_is_shown_escaped(case, world, client):
    spec = ESCAPE_CASES[case]
    spec.plant(world, PAYLOAD)
    client.force_login(world.users[spec.role])
    response = client.get(spec.url(world))
    assert response.status_code == 200
    assert_escaped(response.text)


def test_a_username_typed_into_the_login_form_comes_back_escaped(client):
    response = client.post(reverse("login"), {"username": PAYLOAD, "password": "x"})
    assert response.status_code == 200
    assert_escaped(response.text)


def test_the_helper_catches_a_raw_payload():
    with pytest.raises(AssertionError, match="raw HTML"):
        assert_escaped(f"<p>{PAYLOAD}</p>")
    with pytest.raises(AssertionError, match="does not appear"):
        assert_escaped("<p>nothing</p>")


def csrf_cases():
    """Every URL whose matrix row has a POST, with a role that may POST there."""
    for name, row in sorted(EXPECTED.items()):
        if row.post is None:
            continue
        allowed = [
            role
            for role, status in row.post.items()
            if not isinstance(status, Redirect) and status not in (403, 404, 405)
        ]
        if allowed:
            yield pytest.param(name, allowed[0], id=f"{name}-as-{allowed[0]}")


@pytest.mark.parametrize(("name", "role"), list(csrf_cases()))
def test_a_post_without_csrf_token_is_refused(name, role, world, no_slow_pdfs):
    url = reverse(name, kwargs=path_kwargs(name, checked_urls()[name], world))
    client = Client(enforce_csrf_checks=True)
    if role != "anonymous":
        client.force_login(world.users[role])
    response = client.post(url, EXPECTED[name].data(world))
    assert response.status_code == 403
    # The same POST with the token gets through the CSRF check.
    client.get(reverse("login") if role == "anonymous" else reverse("home"))
    token = client.cookies["csrftoken"].value
    response = client.post(url, EXPECTED[name].data(world) | {"csrfmiddlewaretoken": token})
    assert response.status_code != 403


def test_login_and_logout_are_among_the_csrf_checked_posts():
    names = {case.values[0] for case in csrf_cases()}
    assert {"login", "logout"} <= names
    assert LOGIN  # (imported for rows that name it)
