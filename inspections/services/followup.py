"""Follow-up of shortcomings: the unit reports, an inspector closes or reopens; and starting
a new round from the previous one."""

import secrets
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from inspections.audit import record
from inspections.models import (
    Finding,
    FollowUp,
    FollowUpReport,
    Inspection,
    InspectionPlan,
)
from inspections.services.evidence import KINDS, check_upload, clean_name
from inspections.services.lifecycle import FOLLOWUP, followup_of, is_unit_member
from inspections.vn import vn_short_date


def can_view(user, finding: Finding) -> bool:
    return user.has_perm("inspections.view_finding") or is_unit_member(user, finding)


def _step(finding: Finding, action: str, *, by, **inputs) -> tuple[Finding, FollowUp]:
    """Lock the finding and its follow-up, ask the rules, and take the step (the caller saves).

    The follow-up row is created by the first step that is allowed, never by a refused one.
    """
    if not FOLLOWUP.permitted(followup_of(finding), action, by):
        raise PermissionDenied
    finding = Finding.objects.select_for_update().select_related("unit_check").get(pk=finding.pk)
    followup = FollowUp.objects.select_for_update().filter(finding=finding).first()
    followup = followup or FollowUp(finding=finding, status=FollowUp.Status.OPEN)
    FOLLOWUP.require(followup, action, by, **inputs)
    followup.transition(action)
    return finding, followup


def _keep_finding_in_step(finding: Finding, followup: FollowUp, **fields) -> None:
    """Write the finding's `closed` column (and `fields`) from the follow-up's status.

    The one writer of Finding.closed. Bumps the optimistic-lock version, so an edit form
    opened before this change is refused instead of overwriting it.
    """
    Finding.objects.filter(pk=finding.pk).update(
        closed=followup.status == FollowUp.Status.CLOSED,
        version=F("version") + 1,
        updated_at=timezone.now(),
        **fields,
    )


@transaction.atomic
def report_followup(finding: Finding, *, by, text: str, upload=None) -> FollowUpReport:
    """Record what the unit did about `finding`, with an optional evidence file."""
    if not FOLLOWUP.permitted(followup_of(finding), "report", by):
        raise PermissionDenied  # before reading the upload
    kind = check_upload(upload) if upload else None
    text = text.strip()
    finding, followup = _step(finding, "report", by=by, text=text)
    now = timezone.now()
    followup.reported_at = now
    followup.save()
    report = FollowUpReport(followup=followup, text=text, reported_by=by, reported_at=now)
    if upload:
        report.token = secrets.token_hex(16)
        report.extension, report.content_type, _ = KINDS[kind]
        report.original_name = clean_name(upload.name)
        report.size = upload.size
        report.file.save(f"x.{report.extension}", upload, save=False)
    report.save()
    record(
        finding,
        "followup.report",
        by=by,
        data={"text": text, "file": report.original_name, "report": report.pk},
    )
    return report


@transaction.atomic
def close_followup(finding: Finding, *, by, comment: str = "") -> FollowUp:
    """Accept the unit's report: the shortcoming is remedied (only from "Đơn vị đã báo cáo")."""
    finding, followup = _step(finding, "close", by=by)
    followup.closed_at = timezone.now()
    followup.closed_by = by
    followup.save()
    _keep_finding_in_step(finding, followup)
    record(finding, "followup.close", by=by, data={"comment": comment.strip()})
    return followup


@transaction.atomic
def reopen_followup(finding: Finding, *, by, comment: str) -> FollowUp:
    """Send the shortcoming back to the unit with a comment on what is still missing."""
    comment = comment.strip()
    finding, followup = _step(finding, "reopen", by=by, comment=comment)
    followup.closed_at = None
    followup.closed_by = None
    followup.save()
    _keep_finding_in_step(finding, followup)
    record(finding, "followup.reopen", by=by, data={"comment": comment})
    return followup


@transaction.atomic
def withdraw_followup(finding: Finding, *, by, reason: str, result: str) -> FollowUp:
    """Withdraw a shortcoming recorded in error: it becomes `result` (Đạt or Ghi nhận).

    Instead of deleting it: the unit's reports and files stay with it, and the reason and
    the old result stay in the audit trail.
    """
    reason = reason.strip()
    finding, followup = _step(finding, "withdraw", by=by, reason=reason, result=result)
    followup.save()
    before = finding.get_result_display(), finding.due_on
    finding.result = result
    _keep_finding_in_step(finding, followup, result=result, due_on=None, withdrawn=True)
    changes = {"Kết quả": [before[0], finding.get_result_display()]}
    if before[1]:
        changes["Hạn khắc phục"] = [vn_short_date(before[1]), ""]
    record(finding, "followup.withdraw", by=by, data={"comment": reason, **changes})
    return followup


@transaction.atomic
def start_next_inspection(
    previous: Inspection,
    *,
    by,
    title: str,
    starts_on: date,
    ends_on: date,
    plan: InspectionPlan | None = None,
) -> Inspection:
    """Create a round with the previous round's units and team and new dates.

    The open shortcomings carried over are not copied: they are the previous findings
    themselves, listed by query on the new round's carry-over page.
    """
    if not by.has_perm("inspections.add_inspection"):
        raise PermissionDenied
    inspection = Inspection(plan=plan or previous.plan, title=title, starts_on=starts_on, ends_on=ends_on)
    inspection.full_clean()
    inspection.save()
    inspection.units.set(previous.units.all())
    inspection.team.set(previous.team.all())
    record(
        inspection,
        "inspection.create",
        by=by,
        data={"from_round": previous.pk, "from_title": previous.title},
    )
    return inspection
