"""Fixtures for the performance fixes: many rows made quickly on top of the demo's 2023 records."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group

from inspections.models import Criterion, Finding, Inspection, UnitCheck
from units.models import Unit


@pytest.fixture
def everyone(make_user, demo):
    """A person in every role group and in the Office (not a superuser), as bench.tatca."""
    user = make_user("ca_ba_vai", unit=Unit.objects.get(name="Văn phòng"), full_name="Người đủ vai trò")
    user.groups.set(Group.objects.all())
    return user


@pytest.fixture
def add_visits(demo):
    """add_visits(unit, n) -> n earlier rounds, each visiting `unit` once with one open shortcoming
    (due in the past) and one compliant finding."""
    criteria = list(Criterion.objects.filter(plan=demo.plan).order_by("position")[:2])
    made = {"count": 0}

    def add(unit, n):
        start = made["count"]
        made["count"] += n
        rounds = Inspection.objects.bulk_create(
            Inspection(
                plan=demo.plan,
                title=f"Đợt cũ {start + i}",
                starts_on=date(2015, 1, 1) + timedelta(days=start + i),
                ends_on=date(2015, 1, 1) + timedelta(days=start + i),
            )
            for i in range(n)
        )
        Inspection.units.through.objects.bulk_create(
            Inspection.units.through(inspection_id=r.pk, unit_id=unit.pk) for r in rounds
        )
        visits = UnitCheck.objects.bulk_create(
            UnitCheck(inspection=r, unit=unit, checked_on=r.starts_on, status="done") for r in rounds
        )
        Finding.objects.bulk_create(
            finding
            for visit in visits
            for finding in (
                Finding(
                    unit_check=visit,
                    criterion=criteria[0],
                    result="shortcoming",
                    observation=f"Tồn tại lần {visit.checked_on}",
                    due_on=visit.checked_on + timedelta(days=30),
                ),
                Finding(unit_check=visit, criterion=criteria[1], result="compliant", observation="Đạt."),
            )
        )
        return rounds

    return add
