"""Migration 0019 marks the findings withdrawn before it (no longer a shortcoming, with a
follow-up), so the follow-up list shows the same findings after it as before."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("inspections", "0018_minutes_scans")]
AFTER = [("inspections", "0019_finding_withdrawn")]


def test_findings_withdrawn_before_the_flag_are_marked_and_stay_on_the_follow_up_list():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    board = old.get_model("units", "Organization").objects.create(name="Ban Quản lý", abbreviation="BQL")
    unit = old.get_model("units", "Unit").objects.create(
        organization=board, name="Văn phòng", kind="department"
    )
    plan = old.get_model("inspections", "InspectionPlan").objects.create(
        organization=board, year=2023, title="KH"
    )
    Criterion = old.get_model("inspections", "Criterion")
    inspection = old.get_model("inspections", "Inspection").objects.create(
        plan=plan, title="Đợt", starts_on=date(2023, 6, 6), ends_on=date(2023, 6, 7)
    )
    visit = old.get_model("inspections", "UnitCheck").objects.create(
        inspection=inspection, unit=unit, checked_on=date(2023, 6, 6)
    )
    Finding = old.get_model("inspections", "Finding")
    FollowUp = old.get_model("inspections", "FollowUp")

    def finding(result, due_on=None, followup=None):
        criterion = Criterion.objects.create(plan=plan, name=f"Nội dung {Criterion.objects.count() + 1}")
        row = Finding.objects.create(
            unit_check=visit, criterion=criterion, result=result, observation="x", due_on=due_on
        )
        if followup:
            FollowUp.objects.create(finding=row, status=followup)
        return row.pk

    withdrawn = finding("noted", followup="withdrawn")
    open_ = finding("shortcoming", date(2023, 9, 30))
    reported = finding("shortcoming", date(2023, 9, 30), followup="reported")
    finding("compliant")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = MigrationExecutor(connection).loader.project_state(AFTER).apps.get_model("inspections", "Finding")
    assert list(new.objects.filter(withdrawn=True).values_list("pk", flat=True)) == [withdrawn]
    followed = new.objects.filter(result="shortcoming") | new.objects.filter(withdrawn=True)
    assert sorted(followed.values_list("pk", flat=True)) == sorted([withdrawn, open_, reported])
