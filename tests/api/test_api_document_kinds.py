"""The API lists every document of a round's paperwork with its kind, and filters by kind
(issue 13), refusing an unknown kind with the Vietnamese message a form would give."""

import pytest
from django.urls import reverse

from inspections.models import Notice
from inspections.services.notices import draft_document

pytestmark = pytest.mark.django_db


def test_documents_are_listed_with_their_kind_and_filtered_by_it(demo, inspector, api_client):
    plan = draft_document(Notice.Kind.PLAN, demo.plan, by=inspector)
    schedule = draft_document(Notice.Kind.SCHEDULE, demo.departments_round, by=inspector)
    visit = demo.departments_round.unit_checks.order_by("pk").first()
    minutes = draft_document(Notice.Kind.MINUTES, visit, by=inspector)
    client = api_client(inspector)

    every = client.get(reverse("api:notice-list")).json()["results"]
    kinds = {row["id"]: (row["kind"], row["kind_label"], row["plan"], row["unit_check"]) for row in every}
    assert kinds[plan.pk] == ("plan", "Kế hoạch kiểm tra", demo.plan.pk, None)
    assert kinds[schedule.pk] == ("schedule", "Thông báo lịch kiểm tra", demo.plan.pk, None)
    assert kinds[minutes.pk] == ("minutes", "Biên bản kiểm tra", demo.plan.pk, visit.pk)

    only = client.get(reverse("api:notice-list"), {"document_kind": "minutes"}).json()["results"]
    assert [row["id"] for row in only] == [minutes.pk]
    assert all(row["symbol"] == "BB-BQL" for row in only)


def test_an_unknown_kind_is_refused_with_the_kinds_there_are(demo, inspector, api_client):
    response = api_client(inspector).get(reverse("api:notice-list"), {"document_kind": "memo"})
    assert response.status_code == 400
    message = response.json()["document_kind"][0]
    assert message.startswith("Loại văn bản không hợp lệ; dùng một trong: plan, decision, schedule")
