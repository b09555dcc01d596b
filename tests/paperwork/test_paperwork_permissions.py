"""Who may draft the round's documents, and who may read drafts (DESIGN.md §1, issue 13).

Drafting any kind needs `add_notice` (the inspection team); leaders, clerks and people without
a role cannot draft. A draft is internal to the board: the people of an inspected unit (who
report on their own shortcomings) see none of them, not even the biên bản of their own visit.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from paperwork_sources import KINDS, source_for

from inspections.models import AuditEvent, Notice
from inspections.services.notices import draft_document

pytestmark = pytest.mark.django_db

MARKER = "Dự thảo nội bộ chưa công bố"


@pytest.fixture
def unit_member(make_user, demo):
    """A civil servant of Văn phòng, the unit the demo's first visit (and biên bản) is about."""
    office = demo.organization.units.get(name="Văn phòng")
    return make_user("vp_chuyen_vien", full_name="Lê Thị Thu", unit=office)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("persona", ["leader", "clerk", "outsider", "unit_member"])
def test_people_without_add_notice_cannot_draft_any_kind(request, demo, kind, persona):
    person = request.getfixturevalue(persona)
    assert not person.has_perm("inspections.add_notice")
    with pytest.raises(PermissionDenied):
        draft_document(kind, source_for(demo, kind), by=person, confirmed=True)
    assert not Notice.objects.exists()
    assert not AuditEvent.objects.filter(action="notice.draft").exists()


@pytest.mark.parametrize("kind", KINDS)
def test_the_inspection_team_drafts_every_kind_and_the_trail_says_who(demo, inspector, kind):
    draft = draft_document(kind, source_for(demo, kind), by=inspector, confirmed=True)
    assert (draft.kind, draft.status, draft.created_by) == (kind, Notice.Status.DRAFT, inspector)
    event = AuditEvent.objects.about(draft).get(action="notice.draft")
    assert event.actor == inspector


@pytest.fixture
def drafts(make_document):
    """One document of every kind in drafting or review, each titled with MARKER."""
    made = []
    for kind in KINDS:
        status = "in_review" if kind in {"decision", "minutes"} else "draft"
        document = make_document(kind, status)
        Notice.objects.filter(pk=document.pk).update(title=f"{MARKER} ({kind})")
        made.append(document)
    return made


def test_a_unit_s_people_cannot_open_any_draft(client, drafts, unit_member):
    client.force_login(unit_member)
    for draft in drafts:
        for name in ["notice-detail", "notice-pdf", "notice-docx", "notice-edit"]:
            response = client.get(reverse(f"inspections:{name}", args=[draft.pk]))
            assert response.status_code == 403, (name, draft.kind, response.status_code)
        for name in ["api:notice-detail", "api:notice-pdf"]:
            assert client.get(reverse(name, args=[draft.pk])).status_code == 403, (name, draft.kind)


def test_no_page_a_unit_s_people_may_open_shows_a_draft(client, demo, drafts, unit_member):
    client.force_login(unit_member)
    pages = [
        reverse("home"),
        reverse("inspections:notice-list"),
        reverse("inspections:notice-register"),
        reverse("inspections:search") + "?q=" + MARKER,
        reverse("inspections:followup-list"),
        reverse("inspections:unit-history", args=[unit_member.unit_id]),
        reverse("inspections:inspection-detail", args=[demo.departments_round.pk]),
        reverse("api:notice-list"),
    ]
    opened = 0
    for url in pages:
        response = client.get(url)
        assert response.status_code in {200, 403}, (url, response.status_code)
        if response.status_code == 200:
            opened += 1
            assert MARKER not in response.content.decode(), url
    assert opened >= 2  # their home and their unit's history at least


def test_the_inspection_team_and_the_board_read_drafts(client, drafts, inspector, leader, clerk):
    for person in (inspector, leader, clerk):
        client.force_login(person)
        for draft in drafts:
            assert client.get(reverse("inspections:notice-detail", args=[draft.pk])).status_code == 200
