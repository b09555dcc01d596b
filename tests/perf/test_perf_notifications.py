"""The header badge counts new notifications in the database; it must agree with the list."""

from datetime import timedelta

import pytest
from django.utils import timezone

from inspections import notifications
from inspections.models import AuditEvent, Finding, FollowUp, Notice, NotificationMark

pytestmark = pytest.mark.django_db


def agree(user) -> int:
    counted = notifications.new_count(user)
    assert counted == notifications.unseen(user)[1]
    return counted


def returned_draft(demo, author, leader, at):
    notice = Notice.objects.create(
        inspection=demo.departments_round,
        organization=demo.organization,
        place="Hải Phòng",
        title="Dự thảo",
        created_by=author,
    )
    AuditEvent.objects.create(
        target=notice, action="notice.return", actor=leader, at=at, data={"comment": "x"}
    )
    return notice


def test_badge_count_agrees_with_the_list_before_and_after_a_visit(everyone, demo, leader):
    now = timezone.now()
    demo.departments_round.team.add(everyone)
    finding = Finding.objects.filter(unit_check__inspection=demo.departments_round).first()
    Finding.objects.filter(pk=finding.pk).update(
        result="shortcoming", due_on=timezone.localdate() + timedelta(days=3)
    )
    FollowUp.objects.create(finding=finding, status="reported", reported_at=now - timedelta(hours=2))
    returned_draft(demo, everyone, leader, now - timedelta(hours=1))
    Notice.objects.create(
        inspection=demo.departments_round,
        organization=demo.organization,
        place="Hải Phòng",
        title="Chờ duyệt",
        created_by=leader,
        status="in_review",
    )
    assert agree(everyone) == 4  # never visited: everything is new

    notifications.mark_seen(everyone, at=now - timedelta(minutes=90))
    # Newer than the visit: the return and the draft waiting for review; the report is older,
    # and the shortcoming became news 7 days before its due date, long before.
    assert agree(everyone) == 2

    notifications.mark_seen(everyone, at=now + timedelta(minutes=1))
    assert agree(everyone) == 0


def test_due_soon_becomes_new_at_midnight_seven_days_before(everyone, demo):
    demo.departments_round.team.add(everyone)
    finding = Finding.objects.filter(unit_check__inspection=demo.departments_round).first()
    today = timezone.localdate()
    Finding.objects.filter(pk=finding.pk).update(result="shortcoming", due_on=today + timedelta(days=5))
    became_news = timezone.make_aware(
        timezone.datetime.combine(today - timedelta(days=2), timezone.datetime.min.time())
    )
    for seen_at, new in [
        (became_news - timedelta(seconds=1), 1),
        (became_news, 0),
        (became_news + timedelta(hours=12), 0),
    ]:
        NotificationMark.objects.update_or_create(user=everyone, defaults={"seen_at": seen_at})
        assert agree(everyone) == new


def test_badge_count_stops_at_the_list_limit_per_kind(everyone, demo, leader):
    now = timezone.now()
    for i in range(notifications.LIMIT + 5):
        returned_draft(demo, everyone, leader, now - timedelta(minutes=i))
    assert agree(everyone) == notifications.LIMIT
