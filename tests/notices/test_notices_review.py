"""Drafting from a round and the review: submit, return with a comment, approve."""

import pytest
from django.urls import reverse

from inspections.models import AuditEvent, Notice, TransitionError
from inspections.services.notices import apply_action, draft_notice

pytestmark = pytest.mark.django_db


def status_of(notice):
    return Notice.objects.values_list("status", flat=True).get(pk=notice.pk)


def test_an_inspector_drafts_the_notice_from_the_round_in_one_post(client, demo, inspector):
    client.force_login(inspector)
    response = client.post(reverse("inspections:notice-draft", args=[demo.departments_round.pk]))
    notice = Notice.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("inspections:notice-edit", args=[notice.pk])
    assert notice.status == "draft"
    assert notice.symbol == "TB-BQL"
    assert notice.created_by == inspector
    assert (notice.authority, notice.authority_title, notice.signer_title, notice.signer_name) == (
        "KT.",
        "TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "Bùi Ngọc Hải",
    )
    assert notice.opening.endswith("thông báo kết quả kiểm tra như sau:")
    assert notice.items.count() == 5
    assert [r.text for r in notice.recipients.all()][-1] == "Lưu: VT, VP"
    assert [b.document.number_symbol for b in notice.basis_links.all()] == [
        "4647/QĐ-UBND",
        "146/KH-BQL",
        "810/KH-BQL",
        "2335/TB-BQL",
    ]
    assert AuditEvent.objects.about(notice).filter(action="notice.draft", actor=inspector).exists()


@pytest.mark.parametrize("persona", ["leader", "clerk", "outsider"])
def test_only_inspectors_draft_notices(client, demo, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse("inspections:notice-draft", args=[demo.departments_round.pk]))
    assert response.status_code == 403
    assert not Notice.objects.exists()


def test_drafting_needs_a_post(client, demo, inspector):
    client.force_login(inspector)
    response = client.get(reverse("inspections:notice-draft", args=[demo.departments_round.pk]))
    assert response.status_code == 405


# (action, start, end, the persona allowed). Approving is signing: tests/signing.
STEPS = [
    ("submit", "draft", "in_review", "inspector"),
    ("return", "in_review", "draft", "leader"),
]
PERSONAS = ["inspector", "leader", "clerk", "outsider"]


@pytest.mark.parametrize(("action", "start", "end", "allowed"), STEPS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_review_step_as_each_role(client, make_notice, request, action, start, end, allowed, persona):
    notice = make_notice(start)
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.post(
        reverse(f"inspections:notice-{action}", args=[notice.pk]), {"comment": "Sửa mục 2."}
    )
    events = AuditEvent.objects.about(notice).filter(action=f"notice.{action}", actor=user)
    if persona == allowed:
        assert response.status_code == 302
        assert status_of(notice) == end
        assert events.count() == 1
    else:
        assert response.status_code == 403
        assert status_of(notice) == start
        assert not events.exists()


def test_the_return_comment_is_audited_and_shown_to_the_drafter(client, make_notice, leader, inspector):
    notice = make_notice("in_review")
    client.force_login(leader)
    client.post(reverse("inspections:notice-return", args=[notice.pk]), {"comment": "Bổ sung số liệu mục 3."})
    event = AuditEvent.objects.about(notice).get(action="notice.return")
    assert event.data == {"comment": "Bổ sung số liệu mục 3."}
    client.force_login(inspector)
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "Ý kiến của Lãnh đạo" in page
    assert "Bổ sung số liệu mục 3." in page


def test_returning_without_a_comment_is_refused_next_to_the_field(client, make_notice, leader):
    notice = make_notice("in_review")
    client.force_login(leader)
    response = client.post(reverse("inspections:notice-return", args=[notice.pk]), {"comment": "   "})
    assert response.status_code == 400
    assert "Trả lại dự thảo phải kèm ý kiến." in response.content.decode()
    assert status_of(notice) == "in_review"
    assert not AuditEvent.objects.about(notice).filter(action="notice.return").exists()


def test_the_service_refuses_a_return_without_a_comment(make_notice, leader):
    notice = make_notice("in_review")
    with pytest.raises(TransitionError, match="phải kèm ý kiến"):
        apply_action(notice, "return", by=leader, comment="")
    assert status_of(notice) == "in_review"


def test_a_leader_who_drafted_cannot_approve_or_return_it(client, demo, make_user):
    both = make_user("ca_hai", "inspector", "leader", full_name="Lê Văn Ba", title="Phó Trưởng ban")
    notice = apply_action(draft_notice(demo.departments_round, by=both), "submit", by=both)
    client.force_login(both)
    page = client.get(notice.get_absolute_url()).content.decode()
    assert reverse("inspections:notice-approve", args=[notice.pk]) not in page
    assert reverse("inspections:notice-return", args=[notice.pk]) not in page
    # The page says why the buttons a leader expects are missing, in the rule's own words.
    assert (
        "<strong>Duyệt văn bản:</strong> chưa thực hiện được. Người duyệt không được là người đã soạn "
        "hoặc sửa nội dung thông báo." in page
    )
    assert "Duyệt và ký số" not in page
    response = client.post(reverse("inspections:notice-approve", args=[notice.pk]), follow=True)
    assert "Người duyệt không được là người đã soạn hoặc sửa nội dung" in response.content.decode()
    assert status_of(notice) == "in_review"
    with pytest.raises(TransitionError, match="Người duyệt không được là người đã soạn hoặc sửa nội dung"):
        apply_action(notice, "return", by=both, comment="Tự trả lại")
    assert (
        not AuditEvent.objects.about(notice).filter(action__in=["notice.approve", "notice.return"]).exists()
    )


def test_approving_records_who_and_when(make_notice, leader):
    notice = make_notice("approved")
    assert notice.approved_by == leader
    assert notice.approved_at is not None


def test_a_step_the_status_does_not_allow_is_refused_with_a_message(client, make_notice, leader):
    notice = make_notice("draft")
    client.force_login(leader)
    response = client.post(reverse("inspections:notice-approve", args=[notice.pk]), follow=True)
    assert "Không thể thực hiện thao tác này" in response.content.decode()
    assert status_of(notice) == "draft"


@pytest.mark.parametrize(
    ("persona", "status", "shown", "hidden"),
    [
        ("inspector", "draft", ["Sửa dự thảo", "Trình Lãnh đạo duyệt"], ["Duyệt và ký số", "Cấp số"]),
        ("leader", "draft", [], ["Sửa dự thảo", "Trình Lãnh đạo duyệt", "Duyệt và ký số"]),
        ("leader", "in_review", ["Duyệt và ký số", "Trả lại dự thảo"], ["Sửa dự thảo", "Cấp số"]),
        ("inspector", "in_review", [], ["Duyệt và ký số", "Sửa dự thảo", "Trả lại dự thảo"]),
        ("clerk", "approved", ["Cấp số và ban hành"], ["Duyệt và ký số", "Sửa dự thảo"]),
        ("leader", "approved", [], ["Cấp số và ban hành"]),
    ],
)
def test_the_page_shows_only_the_actions_role_and_status_allow(
    client, make_notice, request, persona, status, shown, hidden
):
    notice = make_notice(status)
    client.force_login(request.getfixturevalue(persona))
    page = client.get(notice.get_absolute_url()).content.decode()
    for label in shown:
        assert label in page
    for label in hidden:
        assert label not in page


@pytest.mark.real_pdf
def test_a_leader_approves_by_signing_with_a_comment_that_stays_on_the_notice(
    client, make_notice, leader, signer_password
):
    notice = make_notice("in_review")
    client.force_login(leader)
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "Duyệt hoặc trả lại dự thảo" in page and "Duyệt và ký số" in page and "Trả lại dự thảo" in page
    response = client.post(
        reverse("inspections:notice-approve", args=[notice.pk]),
        {"comment": "Đồng ý ban hành; Văn thư gửi kèm biên bản kiểm soát TTHC.", "secret": signer_password},
    )
    assert response.status_code == 302 and status_of(notice) == "approved"
    event = AuditEvent.objects.about(notice).get(action="notice.approve")
    assert event.actor == leader
    assert event.data["comment"] == "Đồng ý ban hành; Văn thư gửi kèm biên bản kiểm soát TTHC."
    assert "gửi kèm biên bản kiểm soát TTHC" in client.get(notice.get_absolute_url()).content.decode()


def test_returning_without_a_comment_keeps_the_review_form_with_the_message(client, make_notice, leader):
    notice = make_notice("in_review")
    client.force_login(leader)
    response = client.post(reverse("inspections:notice-return", args=[notice.pk]), {"comment": "  "})
    assert response.status_code == 400
    assert "Trả lại dự thảo phải kèm ý kiến." in response.content.decode()
    assert status_of(notice) == "in_review"
