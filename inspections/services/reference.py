"""Writes to reference data made in the admin: cited documents, plans with their legal bases
and criteria, the board, its units and its people.

The same shape as every other service: the person's permission is checked, the row is locked,
and each row written (the main one and every inline row) gets an audit line `field: old → new`
(`criterion.change`, `unit.create`, …), so a plan's page can show who changed a criterion.
"""

from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from inspections.audit import as_text, changes, formset_changes, m2m_changes, record


def _permission(obj: models.Model, verb: str) -> str:
    return f"{obj._meta.app_label}.{verb}_{obj._meta.model_name}"


def _require(by, obj: models.Model, verb: str) -> None:
    if not by.has_perm(_permission(obj, verb)):
        raise PermissionDenied


def _action(obj: models.Model, verb: str) -> str:
    return f"{obj._meta.model_name}.{verb}"


@transaction.atomic
def save_record(form, *formsets, by, before_save=None) -> models.Model:
    """Create or change the object of a valid ModelForm and the rows of its inline formsets.

    `before_save(instance)` fills derived columns (a search text) before the write.
    """
    instance = form.instance
    creating = instance.pk is None
    _require(by, instance, "add" if creating else "change")
    if not creating:
        type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    diff = changes(form) | m2m_changes(form)
    rows = [row for formset in formsets for row in formset_changes(formset)]
    for verb, row_form, _ in rows:
        _require(by, row_form.instance, "add" if verb == "create" else verb)
    for verb, row_form, row_diff in rows:
        if verb == "delete":  # recorded while the row still has its id, and on its parent,
            # whose page lists the history of rows that no longer exist
            record(row_form.instance, _action(row_form.instance, verb), by=by, data=row_diff)
            if not creating:
                record(instance, _action(row_form.instance, verb), by=by, data=row_diff)
    if before_save:
        before_save(instance)
    saved = form.save()
    for formset in formsets:
        formset.save()
    if creating or diff:
        record(saved, _action(saved, "create" if creating else "change"), by=by, data=diff)
    for verb, row_form, row_diff in rows:
        if verb != "delete":
            record(row_form.instance, _action(row_form.instance, verb), by=by, data=row_diff)
    return saved


@transaction.atomic
def delete_record(obj: models.Model, *, by) -> None:
    """Delete `obj`; its audit line keeps every value it held.

    Rows that records point to are PROTECTed: Django refuses and nothing is written.
    """
    _require(by, obj, "delete")
    obj = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    snapshot = {
        str(field.verbose_name): [as_text(field, getattr(obj, field.name)), ""]
        for field in obj._meta.concrete_fields
        if field.editable and not field.primary_key and field.name != "password"
    }
    record(obj, _action(obj, "delete"), by=by, data=snapshot)
    obj.delete()


@transaction.atomic
def start_next_year_plan(plan, *, by):
    """Start next year's plan from `plan`: its title with the new year, its criteria and its
    legal bases copied (to be confirmed), no plan document yet (issue 19)."""
    from inspections.models import Criterion, InspectionPlan, PlanLegalBasis

    if not by.has_perm("inspections.add_inspectionplan"):
        raise PermissionDenied
    year = plan.year + 1
    new = InspectionPlan.objects.create(
        organization=plan.organization,
        year=year,
        title=plan.title.replace(str(plan.year), str(year)),
    )
    Criterion.objects.bulk_create(
        Criterion(
            plan=new,
            position=c.position,
            name=c.name,
            applies_to=c.applies_to,
            compliant_text=c.compliant_text,
            compliant_text_service_unit=c.compliant_text_service_unit,
        )
        for c in plan.criteria.order_by("position", "pk")
    )
    PlanLegalBasis.objects.bulk_create(
        PlanLegalBasis(plan=new, document_id=link.document_id, position=link.position)
        for link in plan.basis_links.order_by("position", "pk")
    )
    record(new, "inspectionplan.create", by=by, data={"from_plan": plan.pk, "from_year": plan.year})
    return new
