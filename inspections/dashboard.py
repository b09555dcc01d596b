"""The figures on the leaders' start page, each a constant number of queries (never per row)."""

from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from inspections.models import AuditEvent, Finding, FollowUp, Inspection, InspectionPlan, Notice

Result = Finding.Result


def cached(name: str, compute, *, timeout: int = 300):
    """`compute()`, cached until anything changes.

    Every write to the records goes through a service that appends an AuditEvent, and admin
    edits of reference data append a LogEntry; the key carries the newest of each (and the
    day, for "overdue"), so a change anywhere makes the next request compute afresh.
    """
    marks = (
        AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first(),
        LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first(),
        timezone.localdate().isoformat(),
    )
    key = f"dashboard:{name}:{marks[0]}:{marks[1]}:{marks[2]}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def available_years() -> list[int]:
    """Plan years, newest first, plus the current year."""
    years = set(InspectionPlan.objects.values_list("year", flat=True).distinct())
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def default_year() -> int:
    """The newest year that has a plan not in the future, else the current year."""
    today = timezone.localdate().year
    years = [y for y in InspectionPlan.objects.values_list("year", flat=True) if y <= today]
    return max(years, default=today)


def inspections_progress(year: int) -> tuple[list[Inspection], dict]:
    """Each round of `year` with unit_count and done_count, and the year's totals."""
    inspections = list(Inspection.objects.for_list().filter(plan__year=year).order_by("starts_on", "pk"))
    totals = {
        "units": sum(r.unit_count for r in inspections),
        "done": sum(r.done_count for r in inspections),
    }
    return inspections, totals


def year_findings(year: int):
    return Finding.objects.filter(unit_check__inspection__plan__year=year)


@dataclass
class CriterionRow:
    name: str
    compliant: int
    shortcoming: int
    noted: int

    @property
    def total(self) -> int:
        return self.compliant + self.shortcoming + self.noted


def findings_by_criterion(year: int) -> list[CriterionRow]:
    rows = (
        year_findings(year)
        .values("criterion_id", "criterion__name", "criterion__position")
        .annotate(
            compliant=Count("pk", filter=Q(result=Result.COMPLIANT)),
            shortcoming=Count("pk", filter=Q(result=Result.SHORTCOMING)),
            noted=Count("pk", filter=Q(result=Result.NOTED)),
        )
        .order_by("criterion__position", "criterion_id")
    )
    return [CriterionRow(r["criterion__name"], r["compliant"], r["shortcoming"], r["noted"]) for r in rows]


def shortcoming_totals(year: int) -> dict:
    today = timezone.localdate()
    return year_findings(year).aggregate(
        total=Count("pk", filter=Q(result=Result.SHORTCOMING)),
        remedied=Count("pk", filter=Q(result=Result.SHORTCOMING, closed=True)),
        open=Count("pk", filter=Q(result=Result.SHORTCOMING, closed=False)),
        overdue=Count("pk", filter=Q(result=Result.SHORTCOMING, closed=False, due_on__lt=today)),
    )


def notices_by_status(year: int) -> list[dict]:
    """[{status, label, count}] for every status, zeros included, in life-cycle order."""
    counts = dict(
        Notice.objects.filter(plan__year=year, kind=Notice.Kind.RESULTS)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [
        {"status": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Notice.Status.choices
    ]


def last_notice_action():
    """Subquery: the action of the newest audit event about the outer notice."""
    return Subquery(
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(Notice), object_id=OuterRef("pk")
        )
        .order_by("-at", "-pk")
        .values("action")[:1]
    )


def returned_drafts(user):
    """Drafts created by `user` whose last step was a return by a leader."""
    return (
        Notice.objects.filter(created_by=user, status=Notice.Status.DRAFT)
        .annotate(last_action=Coalesce(last_notice_action(), Value("")))
        .filter(last_action="notice.return")
        .select_related("inspection", "plan")
    )


def my_inspections(user):
    """The rounds whose team `user` is on (a subquery: no duplicate rows, no DISTINCT)."""
    return Inspection.team.through.objects.filter(user=user).values("inspection_id")


def reported_followups(user):
    """Units' reports waiting for review in the rounds whose team `user` is on (the bell's rows too)."""
    return FollowUp.objects.filter(
        status=FollowUp.Status.REPORTED, finding__unit_check__inspection__in=my_inspections(user)
    )


def shortcomings_to_report(user):
    """Open shortcomings of `user`'s unit on which the unit still owes a report.

    Never reported, or sent back to be remedied again; not those waiting for the board's review.
    """
    if not user.unit_id:
        return Finding.objects.none()
    owed = Q(followup__isnull=True) | Q(followup__status__in=[FollowUp.Status.OPEN, FollowUp.Status.REOPENED])
    return Finding.objects.open_shortcomings().filter(owed, unit_check__unit_id=user.unit_id)


WAITING_SHOWN = 10  # per list on the start page; the heading gives the full count
WAITING_KINDS = ("to_review", "to_issue", "returned", "reported", "to_report")


def waiting_for(user) -> dict:
    """What waits for `user`: drafts to review, notices to issue, own drafts sent back, units'
    reports to review (inspectors of the round's team), shortcomings to report on (the unit's people).

    The newest WAITING_SHOWN of each (the heading shows waiting_counts()), so the start page
    stays the same size however many wait.
    """
    waiting = dict.fromkeys(WAITING_KINDS, [])
    if user.has_perm("inspections.approve_notice"):
        waiting["to_review"] = list(
            Notice.objects.filter(status=Notice.Status.IN_REVIEW).select_related(
                "inspection", "plan", "created_by"
            )[:WAITING_SHOWN]
        )
    if user.has_perm("inspections.issue_notice"):
        waiting["to_issue"] = list(
            Notice.objects.filter(status=Notice.Status.APPROVED).select_related(
                "inspection", "plan", "approved_by"
            )[:WAITING_SHOWN]
        )
    if user.has_perm("inspections.change_notice"):
        waiting["returned"] = list(returned_drafts(user)[:WAITING_SHOWN])
    if user.has_perm("inspections.close_followup"):
        waiting["reported"] = list(
            reported_followups(user)
            .select_related(
                "finding__criterion", "finding__unit_check__unit", "finding__unit_check__inspection"
            )
            .order_by("reported_at", "pk")[:WAITING_SHOWN]
        )
    if user.unit_id:
        waiting["to_report"] = list(
            shortcomings_to_report(user)
            .select_related("criterion", "unit_check__inspection", "followup")
            .order_by(F("due_on").asc(nulls_last=True), "pk")[:WAITING_SHOWN]
        )
    return waiting


def waiting_counts(user) -> dict:
    """How many wait in each list of waiting_for(user): at most four queries whatever the rows."""
    counts = dict.fromkeys(WAITING_KINDS, 0)
    if user.has_perm("inspections.approve_notice") or user.has_perm("inspections.issue_notice"):
        totals = Notice.objects.aggregate(
            to_review=Count("pk", filter=Q(status=Notice.Status.IN_REVIEW)),
            to_issue=Count("pk", filter=Q(status=Notice.Status.APPROVED)),
        )
        if user.has_perm("inspections.approve_notice"):
            counts["to_review"] = totals["to_review"]
        if user.has_perm("inspections.issue_notice"):
            counts["to_issue"] = totals["to_issue"]
    if user.has_perm("inspections.change_notice"):
        counts["returned"] = returned_drafts(user).count()
    if user.has_perm("inspections.close_followup"):
        counts["reported"] = reported_followups(user).count()
    if user.unit_id:
        counts["to_report"] = shortcomings_to_report(user).count()
    return counts


def open_shortcomings():
    """Open shortcomings with what a list needs (round, unit, criterion, follow-up status)."""
    return (
        Finding.objects.open_shortcomings()
        .select_related("criterion", "unit_check__unit", "unit_check__inspection__plan", "followup")
        .order_by("due_on", "unit_check__unit__kind", "unit_check__unit__order", "criterion__position")
    )


def overdue_shortcomings():
    return open_shortcomings().filter(due_on__lt=timezone.localdate())
