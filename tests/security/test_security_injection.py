"""Tampering and injection: no state change without a CSRF token, and text typed by people is
shown as text, never run as HTML or script.

To cover a new page, add a case to ESCAPE_CASES (where the payload is stored, which URL shows
it); every POST in the permission matrix is already checked for CSRF automatically.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from test_permission_matrix import ADMIN_LOGIN, EXPECTED, LOGIN, checked_urls, path_kwargs

from inspections.audit import record
from inspections.models import (
    Criterion,
    Finding,
    FollowUp,
    FollowUpReport,
    Inspection,
    Notice,
    NoticeItem,
    NoticeLegalBasis,
    NoticeRecipient,
    ReferenceDocument,
    UnitCheck,
)
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
    url: Callable | list[Callable]  # world -> a page that shows it (or a list of them)
    role: str = "inspector"


def url(name, *args, query: str = "") -> Callable:
    return lambda world: reverse(name, args=[a(world) if callable(a) else a for a in args]) + query


def update(model, pk, **fields):
    """Store typed text straight in the database, as a form would after its own checks."""
    model.objects.filter(pk=pk).update(**fields)


def plant_finding(world, text, field="observation"):
    shortcoming = world.shortcoming
    setattr(shortcoming, field, text)
    shortcoming.refresh_search_text()
    update(Finding, shortcoming.pk, **{field: text, "search_text": shortcoming.search_text})


def plant_notice(world, text, field="title"):
    notice = world.notices["draft"]
    setattr(notice, field, text)
    notice.refresh_search_text()
    update(Notice, notice.pk, **{field: text, "search_text": notice.search_text})


def plant_issued(world, text):
    """A notice issued with the text as its title, an item and a recipient (an issued notice
    cannot change afterwards, so the text goes in before it is issued)."""
    notice = world.new_notice(text)
    NoticeRecipient.objects.create(notice=notice, position=2, text=text)
    notice.refresh_search_text([text])
    notice.save()
    world.typed_notice = world.issue_directly(notice, 2990, date(2023, 6, 20))


def plant_document_summary(world, text):
    """The summary ("về việc …") of the plan's document, the round's announcement and a legal
    basis of the draft notice: the same ReferenceDocument is cited on all three pages."""
    document = world.plan.document
    update(ReferenceDocument, document.pk, summary=text)
    update(Inspection, world.inspection.pk, announcement=document)
    NoticeLegalBasis.objects.get_or_create(notice=world.notices["draft"], document=document)


def plant_report(world, text):
    followup = FollowUp.objects.get(finding=world.shortcoming)
    FollowUpReport.objects.create(
        followup=followup, text=text, reported_by=world.users["inspector"], reported_at=timezone.now()
    )


def plant_comment(world, text):
    record(world.notices["draft"], "notice.return", by=world.users["leader"], data={"comment": text})


FINDING = lambda world: world.shortcoming.pk  # noqa: E731
SHORTCOMING_VISIT = lambda world: world.shortcoming.unit_check_id  # noqa: E731
SHORTCOMING_UNIT = lambda world: world.shortcoming.unit_check.unit_id  # noqa: E731
ROUND = lambda world: world.inspection.pk  # noqa: E731
DRAFT = lambda world: world.notices["draft"].pk  # noqa: E731


def finding_partial(name):
    return lambda world: reverse(
        name,
        args=[world.inspection.pk, world.shortcoming.unit_check_id, world.shortcoming.criterion_id],
    )


# Where people type text (or admins type reference data) -> every page that shows it.
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
    "unit name on the records and follow-up pages": Case(
        plant=lambda world, text: update(Unit, world.shortcoming.unit_check.unit_id, name=text),
        url=[
            url("inspections:inspection-detail", ROUND),
            url("inspections:unitcheck-detail", SHORTCOMING_VISIT),
            url("inspections:unit-history", SHORTCOMING_UNIT),
            url("inspections:followup-list"),
            url("inspections:followup-detail", FINDING),
            url("inspections:search", query="?q=xss"),
        ],
    ),
    "finding observation": Case(
        plant=plant_finding,
        url=[
            url("inspections:unitcheck-detail", SHORTCOMING_VISIT),
            url("inspections:inspection-detail", ROUND),
            finding_partial("inspections:finding-row"),
            finding_partial("inspections:finding-form"),
            url("inspections:search", query="?q=xss"),
            url("inspections:followup-list"),
            url("inspections:followup-detail", FINDING),
            url("inspections:unit-history", SHORTCOMING_UNIT),
            url("inspections:inspection-carryover", lambda world: world.next_round.pk),
        ],
    ),
    "finding recommendation": Case(
        plant=lambda world, text: plant_finding(world, text, "recommendation"),
        url=[
            url("inspections:unitcheck-detail", SHORTCOMING_VISIT),
            finding_partial("inspections:finding-row"),
            finding_partial("inspections:finding-form"),
            url("inspections:search", query="?q=xss"),
            url("inspections:followup-detail", FINDING),
            url("inspections:unit-history", SHORTCOMING_UNIT),
        ],
    ),
    "criterion name": Case(
        plant=lambda world, text: update(Criterion, world.shortcoming.criterion_id, name=text),
        url=[
            url("home"),  # the dashboard's SVG chart labels
            url("inspections:plan-detail", lambda world: world.plan.pk),
            url("inspections:inspection-detail", ROUND),
            url("inspections:unitcheck-detail", SHORTCOMING_VISIT),
            url("inspections:followup-detail", FINDING),
        ],
    ),
    "round title": Case(
        plant=lambda world, text: update(Inspection, world.inspection.pk, title=text),
        url=[
            url("home"),
            url("inspections:inspection-list"),
            url("inspections:inspection-detail", ROUND),
            url("inspections:plan-detail", lambda world: world.plan.pk),
            url("inspections:unitcheck-detail", lambda world: world.unit_check.pk),
            url("inspections:notice-list"),
            url("inspections:followup-detail", FINDING),
        ],
    ),
    "visit attendees": Case(
        plant=lambda world, text: update(UnitCheck, world.unit_check.pk, attendees=text),
        url=[
            url("inspections:unitcheck-detail", lambda world: world.unit_check.pk),
            url(
                "inspections:unitcheck-edit",
                lambda world: world.inspection.pk,
                lambda world: world.unit_check.pk,
            ),
        ],
    ),
    "reference document summary": Case(
        plant=plant_document_summary,
        url=[
            url("inspections:plan-detail", lambda world: world.plan.pk),
            url("inspections:inspection-detail", ROUND),
            url("inspections:notice-detail", DRAFT),
        ],
    ),
    "notice title": Case(
        plant=plant_notice,
        url=[
            url("inspections:notice-detail", DRAFT),
            url("inspections:notice-edit", DRAFT),
            url("inspections:notice-list"),
            url("inspections:inspection-detail", ROUND),
            url("inspections:search", query="?q=xss"),
        ],
    ),
    "notice opening": Case(
        plant=lambda world, text: plant_notice(world, text, "opening"),
        url=[url("inspections:notice-detail", DRAFT), url("inspections:notice-edit", DRAFT)],
    ),
    "notice closing": Case(
        plant=lambda world, text: plant_notice(world, text, "closing"),
        url=[url("inspections:notice-detail", DRAFT), url("inspections:notice-edit", DRAFT)],
    ),
    "notice item": Case(
        plant=lambda world, text: NoticeItem.objects.create(
            notice=world.notices["draft"], position=4, text=text
        ),
        url=[url("inspections:notice-detail", DRAFT), url("inspections:notice-edit", DRAFT)],
    ),
    "notice recipient": Case(
        plant=lambda world, text: NoticeRecipient.objects.create(
            notice=world.notices["draft"], position=2, text=text
        ),
        url=[url("inspections:notice-detail", DRAFT), url("inspections:notice-edit", DRAFT)],
    ),
    "issued notice: title, item and recipient in the register and on the public page": Case(
        plant=plant_issued,
        url=[
            lambda world: world.typed_notice.get_absolute_url(),
            url("inspections:notice-register"),
            lambda world: reverse("inspections:verify", args=[world.typed_notice.verification_code]),
        ],
    ),
    "review comment": Case(plant=plant_comment, url=url("inspections:notice-detail", DRAFT)),
    "notice waiting on the dashboard": Case(
        plant=lambda world, text: update(Notice, world.notices["in_review"].pk, title=text),
        url=url("home"),
        role="leader",
    ),
    "follow-up report text": Case(plant=plant_report, url=url("inspections:followup-detail", FINDING)),
}


@pytest.mark.parametrize("case", sorted(ESCAPE_CASES))
def test_text_typed_by_people_is_shown_escaped(case, world, client):
    spec = ESCAPE_CASES[case]
    spec.plant(world, PAYLOAD)
    client.force_login(world.users[spec.role])
    for page in spec.url if isinstance(spec.url, list) else [spec.url]:
        response = client.get(page(world))
        assert response.status_code == 200, page(world)
        try:
            assert_escaped(response.text)
        except AssertionError as error:
            raise AssertionError(f"{page(world)}: {error}") from None


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
    """Every URL whose matrix row has a POST, with a role that may POST there (the API's 401 is
    "not logged in", like the pages' redirect to the login page)."""
    for name, row in sorted(EXPECTED.items()):
        if row.post is None:
            continue
        allowed = [
            role
            for role, status in row.post.items()
            if status not in (LOGIN, ADMIN_LOGIN, 401, 403, 404, 405)
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


def test_every_post_row_of_the_matrix_is_csrf_checked():
    checked = {case.values[0] for case in csrf_cases()}
    assert checked == {name for name, row in EXPECTED.items() if row.post is not None}


def test_login_and_logout_are_among_the_csrf_checked_posts():
    names = {case.values[0] for case in csrf_cases()}
    assert {"login", "logout"} <= names
    assert LOGIN  # (imported for rows that name it)
