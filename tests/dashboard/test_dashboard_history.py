from datetime import date

import pytest
from dashboard_helpers import count_queries, finding_at
from django.urls import reverse

from inspections.models import AuditEvent, Criterion, Finding, Inspection, InspectionPlan, UnitCheck

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_2024(demo, unit_named):
    """A 2024 plan and round at Văn phòng, with one new shortcoming."""
    plan = InspectionPlan.objects.create(organization=demo.organization, year=2024, title="Kế hoạch 2024")
    criterion = Criterion.objects.create(plan=plan, name="Chuyển đổi số trong giải quyết TTHC", position=1)
    inspection = Inspection.objects.create(
        plan=plan, title="Kiểm tra CCHC năm 2024", starts_on=date(2024, 6, 4), ends_on=date(2024, 6, 5)
    )
    inspection.units.set([unit_named("Văn phòng")])
    check = UnitCheck.objects.create(
        inspection=inspection, unit=unit_named("Văn phòng"), checked_on=date(2024, 6, 4), status="done"
    )
    check.findings.create(
        criterion=criterion,
        result="shortcoming",
        observation="Tỷ lệ hồ sơ trực tuyến toàn trình còn thấp.",
        due_on=date(2024, 12, 31),
    )
    return inspection


def test_unit_history_shows_both_years_newest_first(client, leader, unit_named, shortcomings, round_2024):
    client.force_login(leader)
    office = unit_named("Văn phòng")
    response = client.get(reverse("inspections:unit-history", args=[office.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert [c.checked_on.year for c in response.context["checks"]] == [2024, 2023]
    assert page.index("Năm 2024") < page.index("Năm 2023")
    assert "Tỷ lệ hồ sơ trực tuyến toàn trình còn thấp." in page
    assert "Chưa cập nhật quy chế làm việc năm 2023." in page  # last year's shortcoming, still open
    assert {f.pk for f in response.context["open_shortcomings"]} == {
        shortcomings.overdue.pk,
        Finding.objects.get(unit_check__inspection=round_2024).pk,
    }
    # Every 2023 finding of the unit is there, compliant ones too.
    assert len(response.context["checks"][1].finding_list) == 5


def test_unit_history_is_for_readers_of_findings_and_the_units_own_people(
    client, make_user, unit_named, demo
):
    office = unit_named("Văn phòng")
    url = reverse("inspections:unit-history", args=[office.pk])
    client.force_login(make_user("vp", unit=office))
    assert client.get(url).status_code == 200
    client.force_login(make_user("khac", unit=unit_named("Phòng Quản lý Lao động")))
    assert client.get(url).status_code == 403


def test_unit_history_query_count_does_not_grow(client, leader, unit_named, demo, round_2024):
    client.force_login(leader)
    url = reverse("inspections:unit-history", args=[unit_named("Văn phòng").pk])
    baseline = count_queries(lambda: client.get(url))
    plan = round_2024.plan
    for year in (2025, 2026):
        extra = Inspection.objects.create(
            plan=plan, title=f"Đợt {year}", starts_on=date(year, 5, 1), ends_on=date(year, 5, 1)
        )
        check = UnitCheck.objects.create(
            inspection=extra, unit=unit_named("Văn phòng"), checked_on=date(year, 5, 1)
        )
        check.findings.create(criterion=plan.criteria.first(), result="compliant", observation="Đạt")
    assert count_queries(lambda: client.get(url)) == baseline


def test_starting_a_round_from_the_previous_copies_scope_and_team(
    client, inspector, demo, shortcomings, admin_user
):
    from inspections.services.reference import start_next_year_plan

    previous = demo.departments_round
    # A 2024 round belongs to the 2024 plan, started from 2023's (issue 19: years stay apart).
    plan_2024 = start_next_year_plan(demo.plan, by=admin_user)
    client.force_login(inspector)
    url = reverse("inspections:inspection-start-next", args=[previous.pk])
    form = client.get(url)
    assert form.context["form"].initial["title"].endswith("năm 2024")
    response = client.post(
        url,
        {
            "title": "Kiểm tra CCHC tại các phòng chuyên môn năm 2024",
            "plan": plan_2024.pk,
            "starts_on": "2024-06-04",
            "ends_on": "2024-06-05",
        },
    )
    new = Inspection.objects.get(title="Kiểm tra CCHC tại các phòng chuyên môn năm 2024")
    assert response.status_code == 302
    assert response["Location"] == reverse("inspections:inspection-carryover", args=[new.pk])
    assert set(new.units.all()) == set(previous.units.all())
    assert set(new.team.all()) == set(previous.team.all())
    assert new.starts_on == date(2024, 6, 4)
    event = AuditEvent.objects.about(new).get(action="inspection.create")
    assert event.data["from_round"] == previous.pk

    carried = client.get(response["Location"])
    # Open shortcomings from earlier rounds at the same units; the service units' one is out of scope.
    assert {f.pk for f in carried.context["findings"]} == {shortcomings.overdue.pk, shortcomings.due_soon.pk}
    assert "Tồn tại chưa khắc phục từ đợt trước" in carried.content.decode()


def test_a_new_round_ending_before_it_starts_is_refused(client, inspector, demo):
    client.force_login(inspector)
    response = client.post(
        reverse("inspections:inspection-start-next", args=[demo.departments_round.pk]),
        {"title": "Đợt sai ngày", "plan": demo.plan.pk, "starts_on": "2024-06-05", "ends_on": "2024-06-04"},
    )
    assert response.status_code == 200
    assert "Ngày kết thúc không được trước ngày bắt đầu." in response.content.decode()
    assert not Inspection.objects.filter(title="Đợt sai ngày").exists()


def test_only_people_who_may_add_rounds_start_one(client, leader, demo):
    client.force_login(leader)
    url = reverse("inspections:inspection-start-next", args=[demo.departments_round.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "x"}).status_code == 403


def test_closed_shortcomings_are_not_carried_over(client, inspector, demo, shortcomings):
    Finding.objects.filter(pk=shortcomings.overdue.pk).update(closed=True)
    new = Inspection.objects.create(
        plan=demo.plan, title="Đợt sau", starts_on=date(2024, 6, 4), ends_on=date(2024, 6, 4)
    )
    new.units.set(demo.organization.units.all())
    client.force_login(inspector)
    carried = client.get(reverse("inspections:inspection-carryover", args=[new.pk]))
    assert {f.pk for f in carried.context["findings"]} == {shortcomings.due_soon.pk, shortcomings.no_date.pk}
    assert finding_at(demo.departments_round, "Văn phòng", 1).closed
