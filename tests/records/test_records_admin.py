"""The admin keeps search columns fresh and writes audit lines like the services do."""

from datetime import date

import pytest
from django.urls import reverse

from inspections.models import AuditEvent, Finding, ReferenceDocument
from units.models import User

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
    assert document.issued_on == date(2015, 1, 9)  # typed dd/mm/yyyy, read the Vietnamese way
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


def plan_post(plan, **criterion_changes):
    """The plan's admin form as the browser posts it, with changes to its first criterion."""
    bases = list(plan.basis_links.order_by("position", "pk"))
    criteria = list(plan.criteria.order_by("position", "pk"))
    data = {
        "organization": plan.organization_id,
        "year": plan.year,
        "title": plan.title,
        "document": plan.document_id or "",
        "basis_links-TOTAL_FORMS": len(bases),
        "basis_links-INITIAL_FORMS": len(bases),
        "criteria-TOTAL_FORMS": len(criteria),
        "criteria-INITIAL_FORMS": len(criteria),
    }
    for i, link in enumerate(bases):
        data |= {
            f"basis_links-{i}-id": link.pk,
            f"basis_links-{i}-plan": plan.pk,
            f"basis_links-{i}-document": link.document_id,
            f"basis_links-{i}-position": link.position,
        }
    for i, criterion in enumerate(criteria):
        values = {
            "position": criterion.position,
            "applies_to": criterion.applies_to,
            "name": criterion.name,
            "compliant_text": criterion.compliant_text,
        }
        if i == 0:
            values |= criterion_changes
        data |= {f"criteria-{i}-{key}": value for key, value in values.items()}
        data |= {f"criteria-{i}-id": criterion.pk, f"criteria-{i}-plan": plan.pk}
    return data


def test_an_admin_edit_of_a_plans_criterion_writes_old_and_new(client, admin_user, records):
    client.force_login(admin_user)
    url = reverse("admin:inspections_inspectionplan_change", args=[records.plan.pk])
    response = client.post(
        url, plan_post(records.plan, name="Kỷ luật, kỷ cương hành chính", applies_to="department")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    criterion = records.discipline
    criterion.refresh_from_db()
    assert criterion.name == "Kỷ luật, kỷ cương hành chính"
    event = AuditEvent.objects.about(criterion).get()
    assert (event.action, event.actor) == ("criterion.change", admin_user)
    assert event.data == {
        "nội dung kiểm tra": ["Kỷ luật, kỷ cương công vụ", "Kỷ luật, kỷ cương hành chính"],
        "áp dụng cho": ["Phòng chuyên môn và đơn vị sự nghiệp", "Chỉ phòng chuyên môn"],
    }
    # Nothing else changed, so nothing else is written.
    assert AuditEvent.objects.count() == 1
    # The plan's page shows the line to everyone who reads plans.
    page = client.get(records.plan.get_absolute_url()).content.decode()
    assert "Kỷ luật, kỷ cương công vụ" in page and "Chỉ phòng chuyên môn" in page


def test_adding_and_deleting_criteria_and_bases_in_the_admin_is_audited(client, admin_user, records):
    client.force_login(admin_user)
    data = plan_post(records.plan)
    n = data["criteria-TOTAL_FORMS"]
    data |= {
        "criteria-TOTAL_FORMS": n + 1,
        f"criteria-{n}-position": 9,
        f"criteria-{n}-applies_to": "both",
        f"criteria-{n}-name": "Văn hóa công sở",
        f"criteria-{n}-compliant_text": "",
        f"criteria-{n}-plan": records.plan.pk,
        "basis_links-0-DELETE": "on",
    }
    url = reverse("admin:inspections_inspectionplan_change", args=[records.plan.pk])
    assert client.post(url, data).status_code == 302
    actions = sorted(AuditEvent.objects.values_list("action", flat=True))
    # A deleted row's line is kept on the row and on the plan, whose page lists it.
    assert actions == ["criterion.create", "planlegalbasis.delete", "planlegalbasis.delete"]
    created = AuditEvent.objects.get(action="criterion.create")
    assert created.data["nội dung kiểm tra"] == ["", "Văn hóa công sở"]
    deleted = AuditEvent.objects.about(records.plan).get(action="planlegalbasis.delete")
    assert deleted.data["văn bản"][0].startswith("Kế hoạch số 4647/QĐ-UBND")
    page = client.get(records.plan.get_absolute_url()).content.decode()
    assert "Xóa căn cứ của kế hoạch" in page and "Thêm nội dung kiểm tra" in page


def test_reference_documents_are_audited_on_change_and_delete(client, admin_user, records):
    document = ReferenceDocument.objects.create(
        kind="decree", number_symbol="04/2015/NĐ-CP", issued_on=date(2015, 1, 9), summary="dân chủ"
    )
    client.force_login(admin_user)
    change = reverse("admin:inspections_referencedocument_change", args=[document.pk])
    data = {
        "kind": "decree",
        "number_symbol": "04/2015/NĐ-CP",
        "issued_on": "09/01/2015",
        "issuer": "Chính phủ",
    }
    assert client.post(change, data | {"summary": "thực hiện dân chủ"}).status_code == 302
    event = AuditEvent.objects.about(document).get(action="referencedocument.change")
    assert event.data == {
        "cơ quan ban hành": ["", "Chính phủ"],
        "trích yếu": ["dân chủ", "thực hiện dân chủ"],
    }
    document.refresh_from_db()
    assert "thuc hien dan chu" in document.search_text
    delete = reverse("admin:inspections_referencedocument_delete", args=[document.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    gone = AuditEvent.objects.get(action="referencedocument.delete", object_id=document.pk)
    assert gone.data["số, ký hiệu"] == ["04/2015/NĐ-CP", ""]
    # A document that a plan cites is protected: nothing is deleted, nothing is written.
    cited = records.plan.document
    before = AuditEvent.objects.count()
    client.post(reverse("admin:inspections_referencedocument_delete", args=[cited.pk]), {"post": "yes"})
    assert ReferenceDocument.objects.filter(pk=cited.pk).exists() and AuditEvent.objects.count() == before


def test_units_and_people_edited_in_the_admin_are_audited_without_passwords(client, admin_user, records):
    unit = records.investment
    client.force_login(admin_user)
    changelist = reverse("admin:units_unit_changelist")
    data = {
        "form-TOTAL_FORMS": 1,
        "form-INITIAL_FORMS": 1,
        "form-0-id": unit.pk,
        "form-0-order": 7,
        "form-0-active": "on",
        "_save": "Lưu",
    }
    assert client.post(changelist, data).status_code == 302
    assert AuditEvent.objects.about(unit).get(action="unit.change").data == {"thứ tự": [str(unit.order), "7"]}

    signer = User.objects.create_user(
        "pho_ban", password="x", full_name="Bùi Ngọc Hải", title="Phó Trưởng ban"
    )
    page = client.get(reverse("admin:units_user_change", args=[signer.pk]))
    form = page.context["adminform"].form
    post = {
        name: form[name].value() or ""
        for name in form.fields
        if name not in {"password", "groups", "user_permissions"}
    }
    post |= {
        "title": "Trưởng ban",
        "is_active": "on",
        "date_joined_0": "01/01/2023",
        "date_joined_1": "08:00:00",
    }
    post.pop("last_login", None)
    post.pop("date_joined", None)
    response = client.post(reverse("admin:units_user_change", args=[signer.pk]), post)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.about(signer).get(action="user.change")
    assert event.data["chức vụ"] == ["Phó Trưởng ban", "Trưởng ban"]
    assert not any("password" in key or "mật khẩu" in key for key in event.data)


def test_an_admin_edit_made_on_a_stale_finding_is_refused(client, admin_user, records, make_finding):
    finding = make_finding()
    client.force_login(admin_user)
    url = reverse("admin:inspections_finding_change", args=[finding.pk])
    Finding.objects.filter(pk=finding.pk).update(version=2)  # an inspector saved meanwhile
    data = {
        "result": "noted",
        "observation": "Bản cũ của quản trị",
        "recommendation": "",
        "due_on": "",
        "version": "1",
        "evidence-TOTAL_FORMS": "0",
        "evidence-INITIAL_FORMS": "0",
    }
    response = client.post(url, data, follow=True)
    assert "vừa được" in response.content.decode()
    finding.refresh_from_db()
    assert finding.observation == "Cán bộ chấp hành nghiêm kỷ luật, kỷ cương." and finding.version == 2
    assert not AuditEvent.objects.about(finding).exists()


def test_the_admin_reads_dates_day_first_and_refuses_a_two_digit_year(client, admin_user):
    """Issue 19: "02/11/2026" was stored as 11 February and "26/12/2025" refused."""
    client.force_login(admin_user)
    url = reverse("admin:inspections_referencedocument_add")
    data = {"kind": "plan", "issuer": "", "summary": "kiểm tra cải cách hành chính năm 2027"}
    for number, typed, stored in [
        ("1/KH-BQL", "02/11/2026", date(2026, 11, 2)),
        ("2/KH-BQL", "26/12/2025", date(2025, 12, 26)),
    ]:
        response = client.post(url, data | {"number_symbol": number, "issued_on": typed})
        assert response.status_code == 302, response.content.decode()[:2000]
        assert ReferenceDocument.objects.get(number_symbol=number).issued_on == stored
    page = client.get(
        reverse(
            "admin:inspections_referencedocument_change",
            args=[ReferenceDocument.objects.get(number_symbol="1/KH-BQL").pk],
        )
    )
    assert 'value="02/11/2026"' in page.content.decode()  # shown back as typed
    refused = client.post(url, data | {"number_symbol": "3/KH-BQL", "issued_on": "02/11/26"})
    assert (
        refused.status_code == 200 and not ReferenceDocument.objects.filter(number_symbol="3/KH-BQL").exists()
    )
