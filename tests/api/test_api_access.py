"""Personal tokens, the browser's session with CSRF, the per-token limit, and a unit's people."""

import hashlib

import pytest
from django.test import Client
from django.urls import reverse

from inspections.models import ApiToken, AuditEvent, Finding, FollowUp

pytestmark = pytest.mark.django_db


def test_a_person_makes_a_token_on_their_page_sees_it_once_and_only_its_hash_is_stored(client, inspector):
    client.force_login(inspector)
    page = client.post(reverse("inspections:api-token-list"), {"name": "Đồng bộ văn phòng điện tử"})
    key = page.context["key"]
    assert key.startswith("kt_") and key in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    token = ApiToken.objects.get(user=inspector)
    assert token.key_sha256 == hashlib.sha256(key.encode()).hexdigest()
    assert not ApiToken.objects.filter(key_sha256=key).exists()
    assert key not in client.get(reverse("inspections:api-token-list")).content.decode()  # shown once
    api = Client(headers={"Authorization": f"Bearer {key}"})
    assert api.get(reverse("api:unit-list")).status_code == 200


def test_a_revoked_token_an_unknown_one_and_a_deactivated_persons_are_refused_with_401(inspector, token_for):
    key = token_for(inspector)
    url = reverse("api:unit-list")

    def status_and_detail(header):
        response = Client(headers={"Authorization": header}).get(url)
        return response.status_code, response.json()["detail"]

    assert status_and_detail("Bearer kt_not-a-key") == (401, "Mã truy cập không đúng.")
    inspector.is_active = False
    inspector.save()
    assert status_and_detail(f"Bearer {key}") == (401, "Tài khoản của mã truy cập này đã bị khóa.")
    inspector.is_active = True
    inspector.save()
    token = ApiToken.objects.get(user=inspector)
    owner = Client()
    owner.force_login(inspector)
    assert owner.post(reverse("inspections:api-token-revoke", args=[token.pk])).status_code == 302
    assert status_and_detail(f"Bearer {key}") == (401, "Mã truy cập đã bị thu hồi.")
    assert AuditEvent.objects.about(token).filter(action="apitoken.revoke", actor=inspector).exists()


def test_an_administrator_revokes_someone_elses_token_in_the_admin(inspector, admin_user, token_for):
    key = token_for(inspector)
    token = ApiToken.objects.get(user=inspector)
    admin = Client()
    admin.force_login(admin_user)
    changelist = reverse("admin:inspections_apitoken_changelist")
    admin.post(changelist, {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_by == admin_user
    assert Client(headers={"Authorization": f"Bearer {key}"}).get(reverse("api:unit-list")).status_code == 401


def test_another_person_cannot_revoke_my_token(inspector, leader, token_for):
    token_for(inspector)
    other = Client()
    other.force_login(leader)
    token = ApiToken.objects.get(user=inspector)
    assert other.post(reverse("inspections:api-token-revoke", args=[token.pk])).status_code == 403
    token.refresh_from_db()
    assert token.is_live


def test_too_many_requests_from_one_token_get_429_with_retry_after(settings, inspector, api_client):
    settings.API_REQUESTS_PER_MINUTE = 3
    api = api_client(inspector)
    url = reverse("api:unit-list")
    assert [api.get(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get(url)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Quá nhiều yêu cầu từ mã truy cập này" in refused.json()["detail"]
    assert api_client(inspector).get(url).status_code == 200  # another token counts on its own


def test_the_browser_session_needs_csrf_for_writes(demo, inspector):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(inspector)
    finding = Finding.objects.filter(unit_check__inspection=demo.departments_round).first()
    url = reverse("api:finding-detail", args=[finding.pk])
    assert browser.get(url).status_code == 200
    refused = browser.patch(
        url, {"observation": "Sửa"}, content_type="application/json", headers={"If-Match": '"1"'}
    )
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    finding.refresh_from_db()
    assert finding.version == 1


def test_a_units_people_see_only_their_units_followups_and_report_on_them(demo, make_user, api_client):
    findings = Finding.objects.filter(unit_check__inspection=demo.departments_round).select_related(
        "unit_check"
    )
    mine, theirs = (
        findings[0],
        next(f for f in findings if f.unit_check.unit_id != findings[0].unit_check.unit_id),
    )
    for finding in (mine, theirs):
        Finding.objects.filter(pk=finding.pk).update(result="shortcoming", due_on="2023-12-31")
    member = make_user("can_bo_don_vi", unit=mine.unit_check.unit)
    api = api_client(member)

    listed = api.get(reverse("api:followup-list")).json()["results"]
    assert [row["id"] for row in listed] == [mine.pk]
    assert api.get(reverse("api:followup-detail", args=[theirs.pk])).status_code == 403
    assert api.get(reverse("api:finding-list")).status_code == 403  # findings are the inspectors' records

    refused = api.post(reverse("api:followup-report", args=[theirs.pk]), {"text": "Đã khắc phục."})
    assert refused.status_code == 403
    reported = api.post(reverse("api:followup-report", args=[mine.pk]), {"text": "Đã niêm yết đầy đủ."})
    assert reported.status_code == 201 and reported.json()["status"] == "reported"
    assert FollowUp.objects.get(finding=mine).reports.get().reported_by == member
    assert not FollowUp.objects.filter(finding=theirs).exists()
    assert AuditEvent.objects.about(mine).filter(action="followup.report", actor=member).exists()
