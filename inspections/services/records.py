"""Writes to inspection records: rounds, visits and findings. Each one is audited.

Views validate a form, then call one of these; the services lock what they change, keep the
accent-folded search column fresh and append a line to the audit trail.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from inspections.audit import as_text, changes, m2m_changes, record
from inspections.models import AuditEvent, Finding, Inspection, TransitionError, UnitCheck
from inspections.services.lifecycle import deletion_refusal, result_change_refusal


class StaleFinding(Exception):
    """The finding was saved by someone else after the form was opened."""

    def __init__(self, current: Finding, event: AuditEvent | None):
        self.current = current
        self.event = event
        who = event.actor.display_name if event else "người khác"
        when = event.at if event else current.updated_at
        local = timezone.localtime(when)
        super().__init__(
            f"Kết quả này vừa được {who} sửa lúc {local:%H:%M} ngày {local:%d/%m/%Y}; "
            "vui lòng xem lại nội dung mới dưới đây trước khi lưu."
        )


def _require(by, permission: str) -> None:
    if not by.has_perm(permission):
        raise PermissionDenied


@transaction.atomic
def save_inspection(form, *, by) -> Inspection:
    """Create or change a round (đợt kiểm tra) from a valid InspectionForm."""
    creating = form.instance.pk is None
    _require(by, "inspections.add_inspection" if creating else "inspections.change_inspection")
    if not creating:
        Inspection.objects.select_for_update().get(pk=form.instance.pk)  # one writer at a time
    diff = changes(form) | m2m_changes(form)
    inspection = form.save()
    if creating or diff:
        record(inspection, "inspection.create" if creating else "inspection.change", by=by, data=diff)
    return inspection


@transaction.atomic
def save_unit_check(form, *, by) -> UnitCheck:
    """Create or change a visit (kiểm tra tại đơn vị) from a valid UnitCheckForm."""
    creating = form.instance.pk is None
    _require(by, "inspections.add_unitcheck" if creating else "inspections.change_unitcheck")
    if not creating:
        UnitCheck.objects.select_for_update().get(pk=form.instance.pk)
    diff = changes(form)
    unit_check = form.save()
    if creating or diff:
        record(unit_check, "unitcheck.create" if creating else "unitcheck.change", by=by, data=diff)
    return unit_check


@transaction.atomic
def schedule_unit_checks(inspection: Inspection, *, by, days: dict) -> tuple[list[UnitCheck], list]:
    """Create the planned visits of `inspection`, {unit: day}, each audited as one created alone.

    Returns the visits made and the units skipped because a visit was made for them meanwhile.
    """
    _require(by, "inspections.add_unitcheck")
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)  # one scheduler at a time
    in_scope = set(inspection.units.values_list("pk", flat=True))
    taken = set(inspection.unit_checks.values_list("unit_id", flat=True))
    fields = {name: UnitCheck._meta.get_field(name) for name in ("unit", "checked_on", "status")}
    created, skipped = [], []
    for unit, day in days.items():
        if unit.pk not in in_scope:
            raise ValidationError(f"{unit} không thuộc phạm vi của đợt kiểm tra.")
        if not inspection.starts_on <= day <= inspection.ends_on:
            raise ValidationError(f"Ngày kiểm tra {unit} phải nằm trong thời gian của đợt.")
        if unit.pk in taken:
            skipped.append(unit)
            continue
        unit_check = UnitCheck(
            inspection=inspection, unit=unit, checked_on=day, status=UnitCheck.Status.PLANNED
        )
        unit_check.save()
        diff = {
            str(field.verbose_name): ["", as_text(field, getattr(unit_check, name))]
            for name, field in fields.items()
        }
        record(unit_check, "unitcheck.create", by=by, data=diff)
        created.append(unit_check)
    return created, skipped


def last_change(finding: Finding) -> AuditEvent | None:
    return AuditEvent.objects.about(finding).select_related("actor").order_by("-at", "-pk").first()


@transaction.atomic
def save_finding(form, *, by, version: int | None = None) -> Finding:
    """Create or change a finding from a valid FindingForm.

    Optimistic locking: `version` is the version the editor saw. The row is re-read under a
    lock; if someone saved it since, StaleFinding is raised and nothing is written.
    """
    creating = form.instance.pk is None
    _require(by, "inspections.add_finding" if creating else "inspections.change_finding")
    finding = form.instance
    if not creating:
        current = Finding.objects.select_for_update().get(pk=finding.pk)
        if version != current.version:
            raise StaleFinding(current, last_change(current))
        refusal = result_change_refusal(current, finding.result)
        if refusal:
            raise TransitionError(refusal)
        finding.version = current.version + 1
    diff = changes(form)
    finding.refresh_search_text()
    finding = form.save()
    if creating or diff:
        record(finding, "finding.create" if creating else "finding.change", by=by, data=diff)
    return finding


@transaction.atomic
def delete_finding(finding: Finding, *, by) -> None:
    """Delete a finding with its evidence files; the audit line keeps what it said.

    A shortcoming the unit has reported on is refused (TransitionError): its reports and
    their files are records the board keeps; it can be withdrawn with a reason instead.
    """
    _require(by, "inspections.delete_finding")
    from inspections.services.evidence import delete_evidence

    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    refusal = deletion_refusal(finding)
    if refusal:
        raise TransitionError(refusal)

    for evidence in list(finding.evidence.all()):
        delete_evidence(evidence, by=by)
    data = {
        "Nội dung kiểm tra": [finding.criterion.name, ""],
        "Kết quả": [finding.get_result_display(), ""],
        "Nhận xét": [finding.observation, ""],
    }
    record(finding, "finding.delete", by=by, data=data)
    # Also on the visit, whose page lists the history of findings that no longer exist.
    record(finding.unit_check, "finding.delete", by=by, data=data)
    finding.delete()


COMPLIANT_OBSERVATION = "Đạt."


@transaction.atomic
def fill_remaining_compliant(unit_check: UnitCheck, *, by) -> list[Finding]:
    """Record "Đạt" for every criterion of the visit that has no result yet, in one step
    (issue 19), each audited as a new finding; results already entered are left alone."""
    _require(by, "inspections.add_finding")
    unit_check = (
        UnitCheck.objects.select_for_update().select_related("unit", "inspection").get(pk=unit_check.pk)
    )
    entered = set(unit_check.findings.values_list("criterion_id", flat=True))
    created = []
    for criterion in unit_check.inspection.plan.criteria.order_by("position", "pk"):
        if criterion.pk in entered or not criterion.applies_to_kind(unit_check.unit.kind):
            continue
        finding = Finding(
            unit_check=unit_check,
            criterion=criterion,
            result=Finding.Result.COMPLIANT,
            observation=COMPLIANT_OBSERVATION,
        )
        finding.refresh_search_text()
        finding.full_clean()
        finding.save()
        record(
            finding,
            "finding.create",
            by=by,
            data={
                "Kết quả": ["", "Đạt"],
                "Nhận xét": ["", COMPLIANT_OBSERVATION],
                "cách nhập": ["", "Đạt cho các nội dung còn lại"],
            },
        )
        created.append(finding)
    return created
