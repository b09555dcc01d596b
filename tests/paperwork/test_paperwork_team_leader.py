"""A biên bản is signed by the team's leader as such: a Trưởng đoàn who is not one of the
board's leaders still reviews and signs it, and four eyes still hold (issue 13)."""

import pytest

from inspections.models import Inspection, TransitionError
from inspections.services.lifecycle import NOTICE
from inspections.services.notices import apply_action, draft_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def led_by_an_inspector(demo, make_user, inspector):
    """The departments round led by a chuyên viên (inspector role only), the persona its secretary."""
    chief = make_user("truong_doan", "inspector", full_name="Lê Văn Dũng", title="Chánh Văn phòng")
    round_ = demo.departments_round
    round_.team.add(chief, inspector)
    Inspection.objects.filter(pk=round_.pk).update(team_leader=chief, team_secretary=inspector)
    round_.refresh_from_db()
    return chief, round_.unit_checks.order_by("pk").first()


def test_the_team_leader_reviews_and_approves_the_biên_bản_the_secretary_drafted(
    led_by_an_inspector, inspector, leader
):
    chief, visit = led_by_an_inspector
    minutes = draft_document("minutes", visit, by=inspector)
    assert minutes.signer == chief and minutes.signer_title == "TRƯỞNG ĐOÀN KIỂM TRA"
    minutes = apply_action(minutes, "submit", by=inspector, proceed=True)

    # A leader of the board is not the one who signs it.
    assert not NOTICE.check(minutes, "approve", leader).allowed
    returned = apply_action(minutes, "return", by=chief, comment="Bổ sung thành phần tham dự.")
    assert returned.status == "draft"
    minutes = apply_action(apply_action(returned, "submit", by=inspector, proceed=True), "approve", by=chief)
    assert (minutes.status, minutes.approved_by) == ("approved", chief)


def test_a_team_leader_who_drafted_the_biên_bản_does_not_approve_it(led_by_an_inspector):
    chief, visit = led_by_an_inspector
    minutes = apply_action(draft_document("minutes", visit, by=chief), "submit", by=chief, proceed=True)
    with pytest.raises(TransitionError, match="Người duyệt không được là người đã soạn"):
        apply_action(minutes, "approve", by=chief)
