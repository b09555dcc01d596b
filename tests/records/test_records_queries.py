"""List pages cost the same number of queries with 10 rows as with 200."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.models import Finding, Inspection, InspectionPlan, UnitCheck

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    client.get(url)  # warm per-process caches (content types, permissions) before counting
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def add_plans(records, n):
    InspectionPlan.objects.bulk_create(
        InspectionPlan(organization=records.plan.organization, year=2000 + i % 30, title=f"KH {i}")
        for i in range(n)
    )


def add_rounds(records, n):
    rounds = Inspection.objects.bulk_create(
        Inspection(plan=records.plan, title=f"Đợt {i}", starts_on=date(2023, 1, 1), ends_on=date(2023, 1, 2))
        for i in range(n)
    )
    for inspection in rounds:
        inspection.units.add(records.investment)


def add_findings(records, make_unit, n, start=0):
    for i in range(start, start + n):
        unit = make_unit(f"Phòng số {i}")
        visit = UnitCheck.objects.create(inspection=records.round, unit=unit, checked_on=date(2023, 6, 6))
        finding = Finding(
            unit_check=visit, criterion=records.discipline, result="compliant", observation="Kỷ luật tốt."
        )
        finding.refresh_search_text()
        finding.save()


@pytest.mark.parametrize(
    ("url", "add"),
    [
        ("inspections:plan-list", add_plans),
        ("inspections:inspection-list", add_rounds),
    ],
)
def test_list_pages_do_not_grow_with_rows(client, leader, records, url, add):
    client.force_login(leader)
    add(records, 10)
    ten = count_queries(client, reverse(url))
    add(records, 190)
    assert count_queries(client, reverse(url)) == ten


def test_search_does_not_grow_with_rows(client, leader, records, make_unit):
    client.force_login(leader)
    url = reverse("inspections:search") + "?q=ky+luat"
    add_findings(records, make_unit, 10)
    ten = count_queries(client, url)
    add_findings(records, make_unit, 190, start=10)
    assert count_queries(client, url) == ten


def test_visit_page_does_not_grow_with_evidence_or_history(client, inspector, records, make_finding):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from inspections.services.evidence import add_evidence

    finding = make_finding()
    make_finding(criterion=records.posting)
    client.force_login(inspector)
    url = records.visit.get_absolute_url()
    add_evidence(finding, SimpleUploadedFile("a.pdf", b"%PDF-1.7 a"), by=inspector)
    one = count_queries(client, url)
    for i in range(10):
        add_evidence(finding, SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.7 b"), by=inspector)
    assert count_queries(client, url) == one


def test_round_page_does_not_grow_with_units(client, leader, records, make_unit, make_finding):
    client.force_login(leader)
    url = records.round.get_absolute_url()
    make_finding()
    before = count_queries(client, url)
    for i in range(20):
        unit = make_unit(f"Phòng thêm {i}")
        records.round.units.add(unit)
        visit = UnitCheck.objects.create(inspection=records.round, unit=unit, checked_on=date(2023, 6, 7))
        make_finding(visit=visit)
    assert count_queries(client, url) == before
