"""Years stay apart (issue 19): next year's plan is started in the app from last year's, its
criteria and legal bases copied to be confirmed, by a person who may add plans."""

import pytest
from django.urls import reverse

from inspections.models import AuditEvent, InspectionPlan

pytestmark = pytest.mark.django_db


def test_an_administrator_starts_next_years_plan_from_last_years(client, admin_user, records):
    client.force_login(admin_user)
    plan = records.plan
    page = client.get(plan.get_absolute_url()).content.decode()
    assert f"Lập kế hoạch năm {plan.year + 1} từ kế hoạch này" in page
    response = client.post(reverse("inspections:plan-next-year", args=[plan.pk]), follow=True)
    new = InspectionPlan.objects.get(year=plan.year + 1)
    assert str(plan.year + 1) in new.title and new.document is None
    assert list(new.criteria.values_list("position", "name", "applies_to")) == list(
        plan.criteria.values_list("position", "name", "applies_to")
    )
    assert list(new.basis_links.values_list("document", flat=True)) == list(
        plan.basis_links.values_list("document", flat=True)
    )
    assert "Hãy xác nhận từng căn cứ còn hiệu lực" in response.content.decode()
    assert AuditEvent.objects.about(new).get(action="inspectionplan.create").data["from_plan"] == plan.pk


def test_an_inspector_cannot_start_a_plan(client, inspector, records):
    client.force_login(inspector)
    assert "Lập kế hoạch năm" not in client.get(records.plan.get_absolute_url()).content.decode()
    assert client.post(reverse("inspections:plan-next-year", args=[records.plan.pk])).status_code == 403
    assert InspectionPlan.objects.count() == 1
