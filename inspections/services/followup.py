"""Follow-up of shortcomings: the unit reports, an inspector closes or reopens; and starting
a new round from the previous one."""

import secrets
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
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
    TransitionError,
)
from inspections.services.evidence import KINDS, check_upload, clean_name


def is_unit_member(user, finding: Finding) -> bool:
    return bool(user.is_authenticated and user.unit_id and user.unit_id == finding.unit_check.unit_id)


def can_report(user, finding: Finding) -> bool:
    """A unit reports on its own shortcomings; inspectors may report on its behalf."""
    return is_unit_member(user, finding) or user.has_perm("inspections.report_followup")


def can_view(user, finding: Finding) -> bool:
    return user.has_perm("inspections.view_finding") or is_unit_member(user, finding)


def _locked_followup(finding: Finding) -> tuple[Finding, FollowUp]:
    if finding.result != Finding.Result.SHORTCOMING:
        raise TransitionError("Chỉ theo dõi khắc phục các kết quả “Có tồn tại, hạn chế”.")
    finding = Finding.objects.select_for_update().select_related("unit_check").get(pk=finding.pk)
    followup, _ = FollowUp.objects.get_or_create(finding=finding)
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    if finding.closed and followup.status != FollowUp.Status.CLOSED:
        # Closed outside this module (e.g. by editing the finding): treat it as closed.
        followup.status = FollowUp.Status.CLOSED
    return finding, followup


def _set_finding_closed(finding: Finding, closed: bool) -> None:
    # Bump the optimistic-lock version so an edit form opened before this change is refused.
    Finding.objects.filter(pk=finding.pk).update(
        closed=closed, version=F("version") + 1, updated_at=timezone.now()
    )


@transaction.atomic
def report_followup(finding: Finding, *, by, text: str, upload=None) -> FollowUpReport:
    """Record what the unit did about `finding`, with an optional evidence file."""
    if not can_report(by, finding):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Hãy nêu kết quả khắc phục."})
    kind = check_upload(upload) if upload else None
    finding, followup = _locked_followup(finding)
    followup.transition("report")
    now = timezone.now()
    followup.reported_at = now
    followup.save(update_fields=["status", "reported_at", "updated_at"])
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
    """Accept the unit's report: the shortcoming is remedied (Finding.closed becomes True)."""
    if not by.has_perm(FollowUp.TRANSITIONS["close"][0].permission):
        raise PermissionDenied
    finding, followup = _locked_followup(finding)
    followup.transition("close")
    followup.closed_at = timezone.now()
    followup.closed_by = by
    followup.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
    _set_finding_closed(finding, True)
    record(finding, "followup.close", by=by, data={"comment": comment.strip()})
    return followup


@transaction.atomic
def reopen_followup(finding: Finding, *, by, comment: str) -> FollowUp:
    """Send the shortcoming back to the unit with a comment on what is still missing."""
    if not by.has_perm(FollowUp.TRANSITIONS["reopen"][0].permission):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError({"comment": "Mở lại phải kèm ý kiến về việc còn thiếu."})
    finding, followup = _locked_followup(finding)
    followup.transition("reopen")
    followup.closed_at = None
    followup.closed_by = None
    followup.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
    _set_finding_closed(finding, False)
    record(finding, "followup.reopen", by=by, data={"comment": comment.strip()})
    return followup


@transaction.atomic
def start_next_round(
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
