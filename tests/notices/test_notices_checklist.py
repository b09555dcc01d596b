"""Checks before every step of a notice (issue 19): submit, approve and issue refuse a notice
without its required parts; the notice page shows the checklist to the inspector, the leader
and the clerk; warnings (round not fully inspected, criteria not entered, another open draft)
need an explicit "Vẫn trình"."""

import pytest
from django.urls import reverse

from inspections.checklist import notice_checklist
from inspections.models import AuditEvent, Finding, Notice, NoticeItem, TransitionError, UnitCheck
from inspections.services.issuing import issue_notice
from inspections.services.notices import apply_action

pytestmark = pytest.mark.django_db
Status = Notice.Status


def test_a_notice_without_items_cannot_be_submitted_and_the_reason_names_them(make_notice, inspector):
    notice = make_notice("draft")
    NoticeItem.objects.filter(notice=notice).delete()
    with pytest.raises(TransitionError, match="Chưa có mục kết quả nào."):
        apply_action(notice, "submit", by=inspector)
    notice.refresh_from_db()
    assert notice.status == Status.DRAFT


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"opening": ""}, "Chưa có phần mở đầu"),
        ({"closing": ""}, "Chưa có phần kết luận, yêu cầu."),
        ({"closing": "Yêu cầu các phòng khắc phục."}, "Phần kết luận phải kết thúc bằng “./.”."),
    ],
)
def test_each_required_text_part_is_checked_before_submitting(make_notice, inspector, change, message):
    notice = make_notice("draft")
    Notice.objects.filter(pk=notice.pk).update(**change)
    notice.refresh_from_db()
    with pytest.raises(TransitionError, match=message):
        apply_action(notice, "submit", by=inspector)


def test_an_empty_notice_names_every_missing_part(make_notice, inspector):
    notice = make_notice("draft")
    for parts in (notice.items, notice.recipients, notice.basis_links):
        parts.all().delete()
    Notice.objects.filter(pk=notice.pk).update(opening="", closing="")
    notice.refresh_from_db()
    with pytest.raises(TransitionError) as refused:
        apply_action(notice, "submit", by=inspector)
    for missing in ("văn bản căn cứ", "phần mở đầu", "mục kết quả", "phần kết luận", "nơi nhận"):
        assert missing in str(refused.value).lower()


def test_approve_and_issue_refuse_a_notice_that_lost_a_part_after_submitting(make_notice, leader, clerk):
    # A part removed behind the review (the admin, an old tab): the next step still refuses.
    notice = make_notice("in_review")
    NoticeItem.objects.filter(notice=notice).delete()
    with pytest.raises(TransitionError, match="Chưa có mục kết quả nào."):
        apply_action(notice, "approve", by=leader)

    approved = make_notice("approved")
    Notice.objects.filter(pk=approved.pk).update(closing="Không có dấu kết thúc")
    approved.refresh_from_db()
    with pytest.raises(TransitionError, match="./."):
        issue_notice(approved, by=clerk)
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED and approved.number is None


def test_inspector_leader_and_clerk_see_the_checklist(client, make_notice, inspector, leader, clerk):
    notice = make_notice("in_review")
    NoticeItem.objects.filter(notice=notice).delete()
    for person in (inspector, leader, clerk):
        client.force_login(person)
        page = client.get(notice.get_absolute_url()).content.decode()
        assert "Kiểm tra trước khi trình, duyệt và ban hành" in page
        assert "<strong>Các mục kết quả</strong> (còn thiếu): Chưa có mục kết quả nào." in page
        assert "<strong>Văn bản căn cứ</strong>: đạt" in page


def _leave_round_incomplete(round_):
    """Four of nine departments inspected: five visits back to "Chưa kiểm tra"."""
    visits = list(UnitCheck.objects.filter(inspection=round_).order_by("unit__order", "pk"))
    for visit in visits[4:]:
        Finding.objects.filter(unit_check=visit).delete()
        UnitCheck.objects.filter(pk=visit.pk).update(status=UnitCheck.Status.PLANNED)
    return visits


def test_an_incomplete_round_needs_an_explicit_proceed_and_the_trail_keeps_what_was_confirmed(
    client, make_notice, inspector, demo
):
    notice = make_notice("draft")
    visits = _leave_round_incomplete(demo.departments_round)
    warnings = [check for check in notice_checklist(notice) if check.warning and not check.ok]
    assert [check.label for check in warnings] == ["Đợt kiểm tra đã kiểm tra hết các đơn vị"]
    assert f"Mới kiểm tra 4/{len(visits)} đơn vị" in warnings[0].detail
    assert visits[5].unit.name in warnings[0].detail

    with pytest.raises(TransitionError, match="Vẫn trình"):
        apply_action(notice, "submit", by=inspector)

    client.force_login(inspector)
    page = client.get(notice.get_absolute_url()).content.decode()
    assert 'name="proceed"' in page
    url = reverse("inspections:notice-submit", args=[notice.pk])
    refused = client.post(url, follow=True).content.decode()
    assert "Cần đánh dấu “Vẫn trình”" in refused
    notice.refresh_from_db()
    assert notice.status == Status.DRAFT

    client.post(url, {"proceed": "on"})
    notice.refresh_from_db()
    assert notice.status == Status.IN_REVIEW
    event = AuditEvent.objects.about(notice).get(action="notice.submit")
    assert "Mới kiểm tra 4/" in event.data["warnings"][0]


def test_criteria_not_entered_and_a_second_open_draft_are_warned(make_notice, inspector, demo):
    first = make_notice("draft")
    second = make_notice("draft")
    Finding.objects.filter(unit_check__inspection=demo.departments_round).order_by("pk").first().delete()
    labels = {c.label: c for c in notice_checklist(second) if c.warning and not c.ok}
    assert set(labels) == {"Đã nhập kết quả mọi nội dung kiểm tra", "Không có dự thảo khác của đợt này"}
    assert "Còn 1 nội dung chưa nhập kết quả" in labels["Đã nhập kết quả mọi nội dung kiểm tra"].detail
    assert f"#{first.pk} – Dự thảo" in labels["Không có dự thảo khác của đợt này"].detail
    apply_action(second, "submit", by=inspector, proceed=True)
