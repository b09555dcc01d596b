"""In-app notifications, derived from the audit trail and the records' current state.

Nothing is stored per notification: each kind is one query over the current records, and
NotificationMark remembers when a person last looked (and was last e-mailed). The number
of queries is the same whatever the number of rows.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import DateTimeField, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from inspections.dashboard import cached, my_inspections, reported_followups
from inspections.models import AuditEvent, Finding, Notice, NotificationMark
from inspections.vn import vn_short_date

LIMIT = 100  # per kind; the badge says "99+" past that
DUE_SOON_DAYS = 7


def notice_url(pk: int) -> str:
    return reverse("inspections:notice-detail", args=[pk])


@dataclass
class Item:
    kind: str
    at: datetime
    title: str
    text: str
    url: str
    new: bool = False


def _notice_events(action: str):
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Notice), object_id=OuterRef("pk"), action=action
    ).order_by("-at", "-pk")


# Each kind is a query (the rows, with the moment they became news in a field or annotation)
# and a function turning its first LIMIT rows into items. new_count() counts the same rows
# after the last visit, so the header badge on every page costs one COUNT per kind, not the
# rows of every kind.


def _returned_events(user):
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Notice),
        action="notice.return",
        object_id__in=Notice.objects.filter(created_by=user).values("pk"),
    )


def _returned(user, limit: int = LIMIT) -> list[Item]:
    events = _returned_events(user).select_related("actor").order_by("-at", "-pk")[:limit]
    return [
        Item(
            "returned",
            event.at,
            f"Dự thảo bị trả lại: {event.summary}",
            f"{event.actor.display_name}: {event.data.get('comment', '')}",
            notice_url(event.object_id),
        )
        for event in events
    ]


def _to_review_notices():
    return Notice.objects.filter(status=Notice.Status.IN_REVIEW).annotate(
        since=Coalesce(Subquery(_notice_events("notice.submit").values("at")[:1]), F("updated_at"))
    )


def _to_review(limit: int = LIMIT) -> list[Item]:
    notices = _to_review_notices().select_related("created_by").order_by("-since")[:limit]
    return [
        Item(
            "to_review",
            n.since,
            f"Dự thảo chờ duyệt: {n.title}",
            f"Trình bởi {n.created_by.display_name}",
            notice_url(n.pk),
        )
        for n in notices
    ]


def _to_issue_notices():
    return Notice.objects.filter(status=Notice.Status.APPROVED).annotate(
        since=Coalesce("approved_at", "updated_at", output_field=DateTimeField())
    )


def _to_issue(limit: int = LIMIT) -> list[Item]:
    notices = _to_issue_notices().order_by("-since")[:limit]
    return [
        Item("to_issue", n.since, f"Thông báo đã duyệt, chờ ban hành: {n.title}", "", notice_url(n.pk))
        for n in notices
    ]


def _due_soon_findings(user):
    today = timezone.localdate()
    # "In a round whose team I am on" as a subquery, not a join: no duplicate rows, no DISTINCT.
    concerns = Q(unit_check__inspection__in=my_inspections(user))
    if user.unit_id:
        concerns |= Q(unit_check__unit_id=user.unit_id)
    return Finding.objects.open_shortcomings().filter(
        concerns, due_on__gte=today, due_on__lte=today + timedelta(days=DUE_SOON_DAYS)
    )


def _due_soon(user, limit: int = LIMIT) -> list[Item]:
    findings = (
        _due_soon_findings(user)
        .select_related("criterion", "unit_check__unit")
        .order_by("due_on", "pk")[:limit]
    )
    items = []
    for f in findings:
        # It became news seven days before the due date.
        since = timezone.make_aware(datetime.combine(f.due_on - timedelta(days=DUE_SOON_DAYS), time.min))
        items.append(
            Item(
                "due_soon",
                since,
                f"Sắp đến hạn khắc phục ({vn_short_date(f.due_on)}): {f.unit_check.unit.name}",
                f.criterion.name,
                reverse("inspections:followup-detail", args=[f.pk]),
            )
        )
    return items


def _reported(user, limit: int = LIMIT) -> list[Item]:
    followups = (
        reported_followups(user)
        .select_related("finding__criterion", "finding__unit_check__unit")
        .order_by("-reported_at")[:limit]
    )
    return [
        Item(
            "reported",
            fu.reported_at,
            f"Đơn vị đã báo cáo khắc phục: {fu.finding.unit_check.unit.name}",
            fu.finding.criterion.name,
            reverse("inspections:followup-detail", args=[fu.finding_id]),
        )
        for fu in followups
    ]


def _reopened_events(user):
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Finding),
        action="followup.reopen",
        object_id__in=Finding.objects.filter(unit_check__unit_id=user.unit_id).values("pk"),
    )


def _reopened(user, limit: int = LIMIT) -> list[Item]:
    if not user.unit_id:
        return []
    events = _reopened_events(user).select_related("actor").order_by("-at", "-pk")[:limit]
    return [
        Item(
            "reopened",
            e.at,
            f"Yêu cầu khắc phục lại: {e.summary}",
            f"{e.actor.display_name}: {e.data.get('comment', '')}",
            reverse("inspections:followup-detail", args=[e.object_id]),
        )
        for e in events
    ]


def items_for(user, limit: int = LIMIT) -> list[Item]:
    """Everything that concerns `user` now, newest first (at most `limit` of each kind)."""
    items = _returned(user, limit) + _due_soon(user, limit) + _reopened(user, limit)
    if user.has_perm("inspections.approve_notice"):
        items += _to_review(limit)
    if user.has_perm("inspections.issue_notice"):
        items += _to_issue(limit)
    if user.has_perm("inspections.close_followup"):
        items += _reported(user, limit)
    items.sort(key=lambda item: item.at, reverse=True)
    return items


def mark_for(user) -> NotificationMark | None:
    return NotificationMark.objects.filter(user=user).first()


def unseen(user, limit: int = LIMIT) -> tuple[list[Item], int]:
    """Items for `user` with `new` set on those after their last visit, and how many are new."""
    mark = mark_for(user)
    seen_at = mark.seen_at if mark else None
    items = items_for(user, limit)
    for item in items:
        item.new = seen_at is None or item.at > seen_at
    return items, sum(item.new for item in items)


def new_count(user) -> int:
    """How many items unseen(user) marks new, counted in the database (the header badge).

    One COUNT per kind over the same rows as items_for(), limited to LIMIT like the list.
    """
    mark = mark_for(user)
    seen_at = mark.seen_at if mark else None

    def count(queryset, field: str) -> int:
        if seen_at is not None:
            queryset = queryset.filter(**{f"{field}__gt": seen_at})
        return queryset.order_by()[:LIMIT].count()

    due_soon = _due_soon_findings(user)
    if seen_at is not None:
        # An item "due soon" became news DUE_SOON_DAYS before its due date, at midnight.
        due_soon = due_soon.filter(due_on__gt=timezone.localdate(seen_at) + timedelta(days=DUE_SOON_DAYS))
    total = count(_returned_events(user), "at") + due_soon.order_by()[:LIMIT].count()
    if user.unit_id:
        total += count(_reopened_events(user), "at")
    if user.has_perm("inspections.approve_notice"):
        total += count(_to_review_notices(), "since")
    if user.has_perm("inspections.issue_notice"):
        total += count(_to_issue_notices(), "since")
    if user.has_perm("inspections.close_followup"):
        total += count(reported_followups(user), "reported_at")
    return total


def cached_new_count(user) -> int:
    """new_count(user), kept until the next audited change or until the person looks.

    Everything the count reads changes through audited services (or the admin, for groups
    and teams), and `seen_at` is part of the key; see dashboard.cached.
    """
    mark = mark_for(user)
    seen = mark.seen_at.isoformat() if mark and mark.seen_at else "never"
    return cached(f"badge:{user.pk}:{seen}", lambda: new_count(user))


def mark_seen(user, *, at: datetime | None = None) -> None:
    NotificationMark.objects.update_or_create(user=user, defaults={"seen_at": at or timezone.now()})
