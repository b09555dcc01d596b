""" "Đạt cho các nội dung còn lại" (issue 19): one step records "Đạt" for every criterion of a
visit still without a result, audited one by one; results already entered stay as they were."""

import pytest
from django.urls import reverse

from inspections.models import AuditEvent, Finding

pytestmark = pytest.mark.django_db


def test_remaining_criteria_become_compliant_in_one_step(client, inspector, records, make_finding):
    entered = make_finding(records.posting, result="shortcoming", observation="Chưa niêm yết.")
    client.force_login(inspector)
    page = client.get(records.visit.get_absolute_url()).content.decode()
    assert "Đạt cho các nội dung còn lại" in page
    response = client.post(
        reverse("inspections:unitcheck-fill-compliant", args=[records.visit.pk]), follow=True
    )
    findings = Finding.objects.filter(unit_check=records.visit)
    applicable = [c for c in records.plan.criteria.all() if c.applies_to_kind(records.visit.unit.kind)]
    assert findings.count() == len(applicable)
    assert findings.exclude(pk=entered.pk).filter(result="compliant").count() == len(applicable) - 1
    entered.refresh_from_db()
    assert entered.result == "shortcoming" and entered.observation == "Chưa niêm yết."
    html = response.content.decode()
    assert f"Đã ghi “Đạt” cho {len(applicable) - 1} nội dung kiểm tra còn lại." in html
    assert f"Đã nhập {len(applicable)}/{len(applicable)} nội dung kiểm tra" in html
    assert AuditEvent.objects.filter(action="finding.create").count() >= len(applicable) - 1


def test_a_leader_cannot_fill_a_visit(client, leader, records):
    client.force_login(leader)
    assert (
        client.post(reverse("inspections:unitcheck-fill-compliant", args=[records.visit.pk])).status_code
        == 403
    )
    assert not Finding.objects.filter(unit_check=records.visit).exists()


def test_the_entered_count_follows_an_inline_save(client, inspector, records):
    """Issue 19: "Đã nhập 0/4" stayed 0/4 after a save; the row's answer now updates it."""
    client.force_login(inspector)
    visit = records.visit
    url = reverse("inspections:finding-form", args=[visit.inspection.pk, visit.pk, records.posting.pk])
    total = sum(1 for c in records.plan.criteria.all() if c.applies_to_kind(visit.unit.kind))
    assert f"Đã nhập 0/{total} nội dung kiểm tra" in client.get(visit.get_absolute_url()).content.decode()
    response = client.post(
        url, {"result": "compliant", "observation": "Đã niêm yết."}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert f'<p id="entered-count" hx-swap-oob="true"><strong>Đã nhập 1/{total} nội dung kiểm tra' in html
