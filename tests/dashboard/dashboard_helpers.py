"""Helpers shared by the dashboard tests (plain functions; fixtures live in conftest.py)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspections.models import Finding


def count_queries(func) -> int:
    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured.captured_queries)


def finding_at(round_, unit_name: str, position: int) -> Finding:
    return Finding.objects.get(
        unit_check__inspection=round_, unit_check__unit__name=unit_name, criterion__position=position
    )


def make_shortcoming(
    finding: Finding, *, due_on=None, text="Chưa cập nhật quy chế làm việc năm 2023."
) -> Finding:
    Finding.objects.filter(pk=finding.pk).update(
        result=Finding.Result.SHORTCOMING, observation=text, recommendation="Khắc phục ngay.", due_on=due_on
    )
    finding.refresh_from_db()
    return finding
