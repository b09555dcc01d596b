"""Four eyes (issue 17): whoever wrote or changed a notice's content neither approves nor returns
it, and whoever approved it does not issue it — superusers included, through pages, admin and
services alike. Every refusal leaves the notice as it was."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from test_notices_immutability import admin_post, edit_post, snapshot

from inspections.models import AuditEvent, Notice, TransitionError
from inspections.services.issuing import issue_notice
from inspections.services.lifecycle import NOTICE
from inspections.services.notices import apply_action, draft_notice, replace_notice, snapshot_signer
from units.models import User

pytestmark = pytest.mark.django_db

SELF_REVIEW = "Người duyệt không được là người đã soạn hoặc sửa nội dung thông báo."
SELF_ISSUE = "Người đã duyệt (ký) thông báo không được tự cấp số và ban hành."


def trail(notice) -> list[str]:
    return list(AuditEvent.objects.about(notice).order_by("pk").values_list("action", flat=True))


def signed_by(notice, signer):
    notice.signer = signer
    snapshot_signer(notice)
    notice.save()
    return notice


@pytest.fixture
def both(make_user):
    """One person who is inspector and leader (DESIGN.md §1: a person may hold several roles)."""
    return make_user("ca_hai", "inspector", "leader", full_name="Lê Văn Ba", title="Phó Trưởng ban")


def test_an_inspector_leader_who_edits_a_colleagues_draft_cannot_approve_or_return_it(
    client, demo, inspector, both
):
    notice = signed_by(draft_notice(demo.departments_round, by=inspector), both)
    client.force_login(both)
    edit = reverse("inspections:notice-edit", args=[notice.pk])
    response = client.post(edit, edit_post(notice, title="Kết quả kiểm tra (Lê Văn Ba viết lại)"))
    assert response.status_code == 302
    apply_action(notice, "submit", by=both)
    before, events = snapshot(notice), trail(notice)

    page = client.get(notice.get_absolute_url()).content.decode()
    assert reverse("inspections:notice-approve", args=[notice.pk]) not in page
    assert reverse("inspections:notice-return", args=[notice.pk]) not in page
    assert f"<strong>Duyệt văn bản:</strong> chưa thực hiện được. {SELF_REVIEW}" in page
    # It names who may act: the leaders who wrote nothing (the signer is a writer: return first).
    named = re.search(r"Người có thể duyệt hoặc trả lại: ([^<]*)\.", page).group(1).split(", ")
    # The demo's leaders but for the writers (the database orders names by its own collation).
    assert sorted(named) == sorted(["Bùi Ngọc Hải", "Nguyễn Văn Nam", "Lê Trung Kiên", "Trần Văn Minh"])
    assert "cần trả lại dự thảo để chọn người ký khác" in page

    refused = client.post(reverse("inspections:notice-approve", args=[notice.pk]), follow=True)
    assert SELF_REVIEW in refused.content.decode()
    client.post(reverse("inspections:notice-return", args=[notice.pk]), {"comment": "Tự trả lại"})
    for action in ("approve", "return"):
        with pytest.raises(TransitionError, match=re.escape(SELF_REVIEW)):
            apply_action(notice, action, by=both, comment="Tự xử lý")
    assert snapshot(notice) == before and trail(notice) == events  # nothing changed, nothing logged


def test_a_signer_who_changes_a_returned_draft_loses_the_approval(client, demo, inspector, both):
    """`created_by` alone let a colleague's rewrite through: every content event counts."""
    notice = signed_by(draft_notice(demo.departments_round, by=inspector), both)
    assert NOTICE.check(apply_action(notice, "submit", by=inspector), "approve", both).allowed
    apply_action(notice, "return", by=both, comment="Sửa mục 2")
    client.force_login(both)  # he fixes it himself instead of sending it back
    url = reverse("inspections:notice-edit", args=[notice.pk])
    assert client.post(url, edit_post(Notice.objects.get(pk=notice.pk), title="Sửa lại")).status_code == 302
    apply_action(notice, "submit", by=inspector)
    decision = NOTICE.check(Notice.objects.get(pk=notice.pk), "approve", both)
    assert not decision.allowed and decision.reasons[0].startswith(SELF_REVIEW)


def test_the_signer_who_wrote_nothing_approves(make_notice, leader):
    notice = make_notice("approved")
    assert notice.status == "approved" and notice.approved_by == leader


def test_whoever_starts_a_replacement_is_a_writer_of_it(make_notice, both, leader, clerk):
    issued = make_notice("issued", number=2880)
    replacement = signed_by(replace_notice(issued, by=both), leader)
    apply_action(replacement, "submit", by=both)
    with pytest.raises(TransitionError, match=re.escape(SELF_REVIEW)):
        apply_action(replacement, "return", by=both, comment="Tự trả lại")
    assert apply_action(replacement, "approve", by=leader).status == "approved"


def test_whoever_approved_cannot_issue_it_but_another_clerk_can(client, make_notice, make_user, demo):
    leader_clerk = make_user(
        "ky_va_ban_hanh", "leader", "clerk", full_name="Đỗ Văn Tư", title="Phó Trưởng ban"
    )
    notice = signed_by(make_notice("draft"), leader_clerk)
    apply_action(notice, "submit", by=notice.created_by)
    apply_action(notice, "approve", by=leader_clerk)
    before, events = snapshot(notice), trail(notice)

    client.force_login(leader_clerk)
    page = client.get(notice.get_absolute_url()).content.decode()
    assert reverse("inspections:notice-issue", args=[notice.pk]) not in page
    assert f"<strong>Cấp số và ban hành:</strong> chưa thực hiện được. {SELF_ISSUE}" in page
    # The clerks who did not approve: the persona and the demo's, both named Phạm Thị Hoa.
    assert "Người có thể cấp số và ban hành: Phạm Thị Hoa, Phạm Thị Hoa." in page
    refused = client.post(
        reverse("inspections:notice-issue", args=[notice.pk]), {"number": 2880}, follow=True
    )
    assert SELF_ISSUE in refused.content.decode()
    with pytest.raises(TransitionError, match=re.escape(SELF_ISSUE)):
        issue_notice(notice, by=leader_clerk, number=2880)
    assert snapshot(notice) == before and trail(notice) == events

    issued = issue_notice(notice, by=User.objects.get(username="vanthu"), number=2880)
    assert issued.status == "issued"


def test_quantri_cannot_edit_in_the_admin_then_approve(client, demo, inspector):
    quantri = User.objects.get(username="quantri")
    assert quantri.is_superuser
    notice = signed_by(draft_notice(demo.departments_round, by=inspector), quantri)
    client.force_login(quantri)
    url = reverse("admin:inspections_notice_change", args=[notice.pk])
    response = client.post(url, admin_post(client.get(url), title="Kết quả kiểm tra (sửa qua quản trị)"))
    assert response.status_code == 302
    assert AuditEvent.objects.about(notice).get(action="notice.change").actor == quantri
    apply_action(notice, "submit", by=quantri)
    before, events = snapshot(notice), trail(notice)

    page = client.get(notice.get_absolute_url()).content.decode()
    assert reverse("inspections:notice-approve", args=[notice.pk]) not in page
    assert SELF_REVIEW in page
    client.post(reverse("inspections:notice-approve", args=[notice.pk]), {"secret": "x"})
    with pytest.raises(TransitionError, match=re.escape(SELF_REVIEW)):
        apply_action(notice, "approve", by=quantri)
    assert snapshot(notice) == before and trail(notice) == events


def test_quantri_cannot_approve_then_issue(client, demo, inspector):
    quantri = User.objects.get(username="quantri")
    notice = signed_by(draft_notice(demo.departments_round, by=inspector), quantri)
    apply_action(notice, "submit", by=inspector)
    apply_action(notice, "approve", by=quantri)  # he wrote nothing and is the signer: he may
    before, events = snapshot(notice), trail(notice)

    client.force_login(quantri)
    response = client.get(reverse("inspections:notice-issue", args=[notice.pk]), follow=True)
    assert SELF_ISSUE in response.content.decode()
    assert (
        client.post(reverse("inspections:notice-issue", args=[notice.pk]), {"number": 2880}).status_code
        == 302
    )
    with pytest.raises(TransitionError, match=re.escape(SELF_ISSUE)):
        issue_notice(notice, by=quantri, number=2880)
    assert snapshot(notice) == before and trail(notice) == events


def test_a_person_without_the_role_is_refused_before_the_rule(make_notice, inspector):
    notice = make_notice("approved")
    with pytest.raises(PermissionDenied):
        issue_notice(notice, by=inspector)


def test_in_the_demo_the_inspector_and_leader_who_edits_a_draft_cannot_approve_it(client, demo):
    """The demo's Nguyễn Văn Nam holds both roles: once he has changed a draft, its approval is
    someone else's, even when he is its signer."""
    nam = User.objects.get(username="nguyen.van.nam")
    drafter = User.objects.get(username="kiemtra")
    notice = signed_by(draft_notice(demo.departments_round, by=drafter), nam)
    client.force_login(nam)
    url = reverse("inspections:notice-edit", args=[notice.pk])
    assert client.post(url, edit_post(Notice.objects.get(pk=notice.pk), title="Sửa lại")).status_code == 302
    apply_action(Notice.objects.get(pk=notice.pk), "submit", by=drafter, proceed=True)
    decision = NOTICE.check(Notice.objects.get(pk=notice.pk), "approve", nam)
    assert not decision.allowed and decision.reasons[0].startswith(SELF_REVIEW)
