"""The team's roles in its documents: the decision forming the team names the Trưởng đoàn first
and the thư ký last; a biên bản is signed for the team by its Trưởng đoàn, never by someone the
biên bản does not list in the team."""

import pytest
from paperwork_sources import source_for

from inspections.checklist import missing_parts
from inspections.models import Inspection
from inspections.services.notices import draft_document
from units.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(demo):
    """The demo's team (Trần Văn Minh and Nguyễn Thu Hà) with its roles recorded on both rounds."""
    head, secretary = User.objects.get(username="lanhdao"), User.objects.get(username="kiemtra")
    Inspection.objects.filter(plan=demo.plan).update(team_leader=head, team_secretary=secretary)
    return head, secretary


def test_the_decision_names_the_team_leader_first_and_the_secretary_last(demo, inspector, team):
    head, secretary = team
    decision = draft_document("decision", source_for(demo, "decision"), by=inspector, confirmed=True)
    members = decision.items.get(position=1).text.splitlines()[1:]
    assert members == [
        f"1. {head.display_name}, {head.title} – Trưởng đoàn;",
        f"2. {secretary.display_name}, {secretary.title} – Thư ký.",
    ]


def test_a_bien_ban_is_signed_by_the_team_leader_as_such(demo, inspector, team):
    head, _ = team
    minutes = draft_document("minutes", source_for(demo, "minutes"), by=inspector, confirmed=True)
    assert minutes.signer == head
    assert (minutes.authority, minutes.signer_title, minutes.signer_name) == (
        "",
        "TRƯỞNG ĐOÀN KIỂM TRA",
        head.display_name,
    )
    assert f"{head.display_name}, {head.title} – Trưởng đoàn" in minutes.opening


def test_a_bien_ban_of_a_team_without_a_recorded_leader_is_not_signed_by_an_outsider(demo, inspector):
    minutes = draft_document("minutes", source_for(demo, "minutes"), by=inspector, confirmed=True)
    team = set(demo.departments_round.team.values_list("pk", flat=True))
    # Signing "TRƯỞNG ĐOÀN KIỂM TRA" under a name the same biên bản does not list in the team
    # would be a false statement; left empty, the checklist asks who signs.
    assert minutes.signer_id is None or minutes.signer_id in team
    if minutes.signer_id is None:
        assert "Chưa chọn người ký." in missing_parts(minutes)
