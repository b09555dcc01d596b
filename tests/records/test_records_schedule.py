"""Scheduling every visit of a round at once (issue 19): a day per unit within the round."""

from datetime import date

import pytest
from django.urls import reverse

from inspections.models import AuditEvent, UnitCheck
from inspections.services.records import schedule_unit_checks
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def wide_round(records, make_unit):
    """The round grows to four departments, two of them without a visit; 06–07/6/2023."""
    planning = make_unit("Phòng Quản lý Quy hoạch và Xây dựng", order=3)
    records.round.units.add(planning)
    return records, planning


def schedule_url(records) -> str:
    return reverse("inspections:unitcheck-schedule", args=[records.round.pk])


def field(unit: Unit) -> str:
    return f"unit_{unit.pk}"


def test_the_round_page_offers_every_unscheduled_unit_on_the_rounds_first_day(client, inspector, wide_round):
    records, planning = wide_round
    client.force_login(inspector)
    page = client.get(records.round.get_absolute_url())
    form = page.context["schedule_form"]
    assert [unit for unit, _ in form.rows()] == [records.labour, planning]  # not the unit visited already
    html = page.content.decode()
    assert "Lên lịch các đơn vị chưa có buổi kiểm tra" in html
    assert f'name="{field(records.labour)}" value="06/06/2023"' in html
    assert 'data-min="06/06/2023" data-max="07/06/2023"' in html


def test_an_inspector_schedules_the_remaining_units_in_one_form_each_audited(client, inspector, wide_round):
    records, planning = wide_round
    client.force_login(inspector)
    response = client.post(
        schedule_url(records), {field(records.labour): "06/06/2023", field(planning): "07/06/2023"}
    )
    assert response.status_code == 302 and response.url == records.round.get_absolute_url()
    visits = {
        v.unit: v for v in UnitCheck.objects.filter(inspection=records.round).exclude(pk=records.visit.pk)
    }
    assert {unit: (v.checked_on, v.status) for unit, v in visits.items()} == {
        records.labour: (date(2023, 6, 6), UnitCheck.Status.PLANNED),
        planning: (date(2023, 6, 7), UnitCheck.Status.PLANNED),
    }
    # One line each, as a visit created alone: who, and the full first state.
    event = AuditEvent.objects.about(visits[planning]).get()
    assert event.action == "unitcheck.create" and event.actor == inspector
    assert event.data == {
        "đơn vị": ["", planning.name],
        "ngày kiểm tra": ["", "07/6/2023"],
        "trạng thái": ["", "Chưa kiểm tra"],
    }
    # Nothing left to schedule: the round page no longer offers the form.
    assert client.get(records.round.get_absolute_url()).context["schedule_form"] is None


def test_a_day_outside_the_round_is_refused_next_to_its_unit_and_nothing_is_scheduled(
    client, inspector, wide_round
):
    records, planning = wide_round
    client.force_login(inspector)
    response = client.post(
        schedule_url(records), {field(records.labour): "06/06/2023", field(planning): "08/06/2023"}
    )
    assert response.status_code == 400
    form = response.context["schedule_form"]
    assert form.errors == {
        field(planning): ["Ngày kiểm tra phải nằm trong thời gian của đợt (06/6/2023–07/6/2023)."]
    }
    # What was typed stays in the form.
    assert 'value="08/06/2023"' in response.content.decode()
    assert UnitCheck.objects.filter(inspection=records.round).count() == 1
    assert not AuditEvent.objects.filter(action="unitcheck.create").exists()


def test_a_day_left_empty_schedules_that_unit_later(client, inspector, wide_round):
    records, planning = wide_round
    client.force_login(inspector)
    client.post(schedule_url(records), {field(records.labour): "07/06/2023", field(planning): ""})
    assert set(UnitCheck.objects.filter(inspection=records.round).values_list("unit", flat=True)) == {
        records.investment.pk,
        records.labour.pk,
    }
    # Nothing given at all is refused with the reason.
    response = client.post(schedule_url(records), {field(planning): ""})
    assert response.status_code == 400
    assert "Chưa nhập ngày kiểm tra cho đơn vị nào." in response.content.decode()


def test_a_unit_scheduled_meanwhile_is_skipped_not_duplicated(inspector, wide_round):
    records, planning = wide_round
    UnitCheck.objects.create(inspection=records.round, unit=planning, checked_on=date(2023, 6, 7))
    created, skipped = schedule_unit_checks(
        records.round, by=inspector, days={records.labour: date(2023, 6, 6), planning: date(2023, 6, 6)}
    )
    assert [v.unit for v in created] == [records.labour] and skipped == [planning]
    assert UnitCheck.objects.filter(inspection=records.round, unit=planning).count() == 1


def test_only_people_who_may_add_visits_schedule_them(client, leader, wide_round):
    records, planning = wide_round
    client.force_login(leader)
    assert client.get(records.round.get_absolute_url()).context["schedule_form"] is None
    assert client.post(schedule_url(records), {field(planning): "06/06/2023"}).status_code == 403
    assert UnitCheck.objects.filter(inspection=records.round).count() == 1
