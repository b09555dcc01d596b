from datetime import timedelta

import pytest
from dashboard_helpers import count_queries, finding_at, make_shortcoming
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from inspections import notifications
from inspections.models import AuditEvent, FollowUp, Notice, NotificationMark

pytestmark = pytest.mark.django_db


def kinds(user):
    return sorted(item.kind for item in notifications.items_for(user))


def test_each_role_is_told_what_concerns_it(
    demo, inspector, leader, clerk, make_user, make_notice, shortcomings
):
    demo.departments_round.team.add(inspector)
    make_notice(Notice.Status.IN_REVIEW, events=[("notice.submit", inspector, "")])
    make_notice(Notice.Status.APPROVED)
    make_notice(events=[("notice.submit", inspector, ""), ("notice.return", leader, "Bổ sung căn cứ")])
    FollowUp.objects.create(finding=shortcomings.no_date, status="reported", reported_at=timezone.now())

    assert kinds(leader) == ["to_review"]
    assert kinds(clerk) == ["to_issue"]
    # Inspector on the departments' team: own draft returned, the due-in-3-days shortcoming;
    # the service units' report is not their round.
    assert kinds(inspector) == ["due_soon", "returned"]
    returned = next(i for i in notifications.items_for(inspector) if i.kind == "returned")
    assert "Bổ sung căn cứ" in returned.text
    # A member of the unit whose shortcoming falls due is told too; another unit's member is not.
    investment = shortcomings.due_soon.unit_check.unit
    assert kinds(make_user("qldt", unit=investment)) == ["due_soon"]
    assert kinds(make_user("vp", unit=shortcomings.overdue.unit_check.unit)) == []


def test_inspectors_on_the_team_hear_of_a_units_report(demo, inspector, shortcomings):
    demo.service_units_round.team.add(inspector)
    FollowUp.objects.create(finding=shortcomings.no_date, status="reported", reported_at=timezone.now())
    assert "reported" in kinds(inspector)


def test_shortcomings_due_later_than_seven_days_are_not_notified(demo, inspector, shortcomings):
    demo.departments_round.team.add(inspector)
    later = make_shortcoming(
        finding_at(demo.departments_round, "Phòng Tổ chức cán bộ", 2),
        due_on=timezone.localdate() + timedelta(days=8),
    )
    urls = {item.url for item in notifications.items_for(inspector)}
    assert reverse("inspections:followup-detail", args=[later.pk]) not in urls
    # The one due within the week is listed, by the same kind of URL (so the line above can fail).
    assert reverse("inspections:followup-detail", args=[shortcomings.due_soon.pk]) in urls
    assert kinds(inspector) == ["due_soon"]


def test_badge_counts_new_items_until_the_list_is_seen(client, leader, make_notice, demo):
    make_notice(Notice.Status.IN_REVIEW)
    make_notice(Notice.Status.IN_REVIEW)
    client.force_login(leader)
    page = client.get(reverse("home")).content.decode()
    assert 'aria-label="2 mục mới"' in page
    listing = client.get(reverse("inspections:notification-list"))
    assert listing.context["new_count"] == 2
    assert "mục mới" not in listing.content.decode().split("<main")[0]  # the header badge is cleared
    assert NotificationMark.objects.get(user=leader).seen_at is not None
    assert 'aria-label="2 mục mới"' not in client.get(reverse("home")).content.decode()
    later = make_notice(Notice.Status.IN_REVIEW)
    AuditEvent.objects.create(
        target=later, action="notice.submit", actor=leader, at=timezone.now() + timedelta(seconds=1)
    )
    assert 'aria-label="1 mục mới"' in client.get(reverse("home")).content.decode()


def test_badge_and_list_query_counts_do_not_grow(client, demo, inspector, leader, make_notice, shortcomings):
    demo.departments_round.team.add(inspector)
    client.force_login(inspector)
    make_notice(events=[("notice.return", leader, "a")])
    client.get(reverse("inspections:notification-list"))  # the first visit creates the "seen" mark
    home = count_queries(lambda: client.get(reverse("home")))
    listing = count_queries(lambda: client.get(reverse("inspections:notification-list")))
    for _ in range(4):
        make_notice(events=[("notice.return", leader, "b")])
    for unit_name in ["Phòng Quản lý Lao động", "Phòng Tổ chức cán bộ"]:
        make_shortcoming(
            finding_at(demo.departments_round, unit_name, 2), due_on=timezone.localdate() + timedelta(days=2)
        )
    assert len(notifications.items_for(inspector)) == 8
    assert count_queries(lambda: client.get(reverse("home"))) == home
    assert count_queries(lambda: client.get(reverse("inspections:notification-list"))) == listing


def test_send_notifications_emails_new_items_once(settings, demo, leader, clerk, make_notice):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    leader.email = "lanhdao@example.gov.vn"
    leader.save()
    make_notice(Notice.Status.IN_REVIEW, title="Thông báo kết quả kiểm tra các phòng")
    make_notice(Notice.Status.APPROVED)  # for clerks; the clerk has no e-mail address
    call_command("send_notifications", stdout=None)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lanhdao@example.gov.vn"]
    assert "1 việc mới" in message.subject
    assert "Dự thảo chờ duyệt: Thông báo kết quả kiểm tra các phòng" in message.body

    call_command("send_notifications")
    assert len(mail.outbox) == 1  # nothing new since the last e-mail

    newer = make_notice(Notice.Status.IN_REVIEW, title="Thông báo kết quả kiểm tra các đơn vị sự nghiệp")
    AuditEvent.objects.create(
        target=newer, action="notice.submit", actor=leader, at=timezone.now() + timedelta(seconds=1)
    )
    call_command("send_notifications")
    assert len(mail.outbox) == 2
    assert "các đơn vị sự nghiệp" in mail.outbox[1].body
    assert "các phòng" not in mail.outbox[1].body.split("Dự thảo chờ duyệt:")[1]
