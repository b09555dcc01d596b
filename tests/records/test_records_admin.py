"""The admin keeps search columns fresh and writes audit lines like the services do."""

import pytest
from django.urls import reverse

from inspections.models import AuditEvent, ReferenceDocument

pytestmark = pytest.mark.django_db


def test_adding_a_reference_document_fills_its_search_text(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:inspections_referencedocument_add"),
        {
            "kind": "decree",
            "number_symbol": "04/2015/NĐ-CP",
            "issued_on": "09/01/2015",
            "issuer": "Chính phủ",
            "summary": "thực hiện dân chủ trong hoạt động của cơ quan",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document = ReferenceDocument.objects.get(number_symbol="04/2015/NĐ-CP")
    assert document.search_text == "04/2015/nd-cp chinh phu thuc hien dan chu trong hoat dong cua co quan"


def test_a_malformed_number_is_refused_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:inspections_referencedocument_add"),
        {"kind": "plan", "number_symbol": "KH 810", "issued_on": "02/03/2023", "summary": "x"},
    )
    assert response.status_code == 200 and "Số, ký hiệu không đúng dạng" in response.content.decode()
    assert not ReferenceDocument.objects.exists()


def test_correcting_a_finding_in_the_admin_refreshes_search_bumps_version_and_audits(
    client, admin_user, records, make_finding
):
    finding = make_finding()
    client.force_login(admin_user)
    url = reverse("admin:inspections_finding_change", args=[finding.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "result": "noted",
            "observation": "Đã sửa: Đoàn ghi nhận",
            "recommendation": "",
            "due_on": "",
            "version": "1",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    finding.refresh_from_db()
    assert finding.search_text == "da sua: doan ghi nhan" and finding.version == 2
    event = AuditEvent.objects.about(finding).get()
    assert event.action == "finding.change" and event.actor == admin_user


def test_findings_cannot_be_added_or_deleted_in_the_admin(client, admin_user, records, make_finding):
    finding = make_finding()
    client.force_login(admin_user)
    assert client.get(reverse("admin:inspections_finding_add")).status_code == 403
    assert client.get(reverse("admin:inspections_finding_delete", args=[finding.pk])).status_code == 403


def test_the_plan_admin_shows_ordered_bases_and_criteria(client, admin_user, records):
    client.force_login(admin_user)
    html = client.get(
        reverse("admin:inspections_inspectionplan_change", args=[records.plan.pk])
    ).content.decode()
    assert "căn cứ của kế hoạch" in html.lower() and "Niêm yết Bản cam kết" in html
