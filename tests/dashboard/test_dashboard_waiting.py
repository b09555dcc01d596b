"""“Việc chờ tôi xử lý” for follow-up: units' reports to review, shortcomings a unit must report on."""

import pytest
from dashboard_helpers import count_queries, finding_at, make_shortcoming
from django.urls import reverse

from inspections.services.followup import close_followup, reopen_followup, report_followup

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_member(make_user, unit_named):
    """A person of Văn phòng with no role: their unit reports on its own shortcomings."""
    return make_user("chuyen_vien_vp", unit=unit_named("Văn phòng"), full_name="Đỗ Minh Anh")


def waiting(client, user) -> tuple[dict, dict, str]:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.context["waiting"], response.context["waiting_counts"], response.content.decode()


def test_a_units_person_sees_the_shortcomings_their_unit_must_still_report_on(
    client, demo, shortcomings, office_member, inspector
):
    second = make_shortcoming(finding_at(demo.departments_round, "Văn phòng", 2), due_on=None)
    found, counts, page = waiting(client, office_member)
    # Only their own unit's (Phòng QLĐT's and the school's are not theirs), overdue first.
    assert [f.pk for f in found["to_report"]] == [shortcomings.overdue.pk, second.pk]
    assert counts["to_report"] == 2
    assert "Tồn tại đơn vị tôi cần báo cáo khắc phục" in page and "(quá hạn)" in page
    assert reverse("inspections:followup-detail", args=[second.pk]) in page

    # Reported: it now waits for the board, not for the unit.
    report_followup(shortcomings.overdue, by=office_member, text="Đã sửa quy chế làm việc.")
    found, counts, _ = waiting(client, office_member)
    assert [f.pk for f in found["to_report"]] == [second.pk] and counts["to_report"] == 1

    # Sent back to be remedied again: it is the unit's to report on once more.
    reopen_followup(shortcomings.overdue, by=inspector, comment="Chưa gửi kèm quy chế đã ký.")
    found, _, page = waiting(client, office_member)
    assert [f.pk for f in found["to_report"]] == [shortcomings.overdue.pk, second.pk]
    assert "Yêu cầu khắc phục lại" in page


def test_people_without_a_unit_have_no_shortcomings_to_report(client, demo, shortcomings, leader, clerk):
    for user in (leader, clerk):
        found, counts, _ = waiting(client, user)
        assert found["to_report"] == [] and counts["to_report"] == 0


def test_an_inspector_of_the_rounds_team_sees_the_units_reports_waiting_for_review(
    client, demo, shortcomings, office_member, inspector, make_user
):
    demo.departments_round.team.add(inspector)
    not_on_team = make_user("kiem_tra_khac", "inspector")
    report_followup(shortcomings.overdue, by=office_member, text="Đã sửa quy chế làm việc.")
    report_followup(shortcomings.no_date, by=inspector, text="Trường đã ban hành quy chế.")  # not their round

    found, counts, page = waiting(client, inspector)
    assert [fu.finding_id for fu in found["reported"]] == [shortcomings.overdue.pk]
    assert counts["reported"] == 1
    assert "Báo cáo khắc phục của đơn vị chờ xem xét" in page and "Văn phòng" in page
    assert reverse("inspections:followup-detail", args=[shortcomings.overdue.pk]) in page
    assert waiting(client, not_on_team)[0]["reported"] == []

    close_followup(shortcomings.overdue, by=inspector)
    found, counts, page = waiting(client, inspector)
    assert found["reported"] == [] and counts["reported"] == 0


def test_a_leader_who_cannot_close_is_not_asked_to_review_reports(
    client, demo, shortcomings, office_member, leader
):
    demo.departments_round.team.add(leader)
    report_followup(shortcomings.overdue, by=office_member, text="Đã sửa quy chế làm việc.")
    assert waiting(client, leader)[0]["reported"] == []


def test_the_waiting_lists_cost_the_same_queries_however_many_wait(
    client, demo, shortcomings, office_member, inspector
):
    demo.departments_round.team.add(inspector)
    client.force_login(office_member)
    member_before = count_queries(lambda: client.get(reverse("home")))
    client.force_login(inspector)
    inspector_before = count_queries(lambda: client.get(reverse("home")))
    for position in (2, 3, 4, 5):
        finding = make_shortcoming(finding_at(demo.departments_round, "Văn phòng", position))
        if position % 2:
            report_followup(finding, by=office_member, text="Đã khắc phục.")
    client.force_login(office_member)
    assert count_queries(lambda: client.get(reverse("home"))) == member_before
    client.force_login(inspector)
    assert count_queries(lambda: client.get(reverse("home"))) == inspector_before
