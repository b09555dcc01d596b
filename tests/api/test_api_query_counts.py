"""API lists do not grow with their rows: a page of 1 and a page of 50 run the same queries."""

import uuid
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.models import (
    Criterion,
    Evidence,
    Finding,
    FollowUp,
    Inspection,
    InspectionPlan,
    Notice,
    NoticeItem,
    NoticeRecipient,
    PlanLegalBasis,
)
from inspections.services.register import line_for_notice

pytestmark = pytest.mark.django_db

LISTS = [
    "api:unit-list",
    "api:plan-list",
    "api:inspection-list",
    "api:unitcheck-list",
    "api:finding-list",
    "api:followup-list",
    "api:notice-list",
    "api:notice-register",
]


@pytest.fixture
def rows(demo, inspector):
    """Enough of everything for two full pages: evidence, shortcomings with follow-ups, notices."""
    findings = list(Finding.objects.filter(unit_check__inspection=demo.departments_round).order_by("pk")[:12])
    for number, finding in enumerate(findings):
        Finding.objects.filter(pk=finding.pk).update(result="shortcoming", due_on=date(2023, 9, 30))
        FollowUp.objects.create(finding=finding, status="reported" if number % 2 else "open")
        evidence = Evidence(
            finding=finding,
            token=uuid.uuid4().hex,
            extension="pdf",
            original_name=f"Minh chứng {number}.pdf",
            content_type="application/pdf",
            size=9,
            uploaded_by=inspector,
        )
        evidence.file.save("x.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
    plan = InspectionPlan.objects.create(organization=demo.organization, year=2024, title="Kế hoạch 2024")
    Criterion.objects.create(plan=plan, position=1, name="Công tác chỉ đạo, điều hành")
    for link in demo.plan.basis_links.all():
        PlanLegalBasis.objects.create(plan=plan, document=link.document, position=link.position)
    next_round = Inspection.objects.create(
        plan=plan, title="Kiểm tra 2024", starts_on=date(2024, 6, 3), ends_on=date(2024, 6, 7)
    )
    next_round.units.set(demo.departments_round.units.all())
    next_round.team.add(inspector)
    for number in range(1, 6):
        notice = Notice.objects.create(
            inspection=demo.departments_round,
            organization=demo.organization,
            place="Hải Phòng",
            title=f"Thông báo số {number}",
            created_by=inspector,
        )
        NoticeItem.objects.create(notice=notice, position=1, text="Mục 1")
        NoticeRecipient.objects.create(notice=notice, position=1, text="Các phòng chuyên môn")
        Notice.objects.filter(pk=notice.pk).update(
            status="issued", number=100 + number, year=2023, issued_on=date(2023, 6, 14)
        )
        notice.refresh_from_db()
        line_for_notice(notice).save()  # as issuing does: its line in the outgoing register


def queries(client, url, size) -> tuple[int, int]:
    client.get(url, {"page_size": size})  # warm the per-process caches (content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": size})
    assert response.status_code == 200
    return len(captured.captured_queries), len(response.json()["results"])


@pytest.mark.parametrize("name", LISTS)
def test_a_list_runs_the_same_queries_for_2_rows_and_for_50(name, rows, admin_user, api_client):
    client = api_client(admin_user)
    few, shown_few = queries(client, reverse(name), 1)
    many, shown_many = queries(client, reverse(name), 50)
    assert shown_many > shown_few
    assert many == few, f"{name}: {few} queries for {shown_few} rows, {many} for {shown_many}"
