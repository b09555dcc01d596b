"""The audit trail: one line per write, recorded explicitly by services (never by signals)."""

from django.db import models

from inspections.models import AuditEvent


def record(obj: models.Model, action: str, *, by, data: dict | None = None) -> AuditEvent:
    """Append one line to the audit trail of `obj`."""
    return AuditEvent.objects.create(
        target=obj, action=action, actor=by, summary=str(obj)[:300], data=data or {}
    )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    return str(value)


def changes(form) -> dict[str, list[str]]:
    """Return {field label: [old, new]} as text for what a valid ModelForm is about to save.

    Reads the stored row, because `is_valid()` has already copied the new values onto
    `form.instance`. Many-to-many fields must be added by the caller.
    """
    fields = form.instance._meta
    names = [name for name in form.changed_data if name in {f.name for f in fields.concrete_fields}]

    def label(name: str) -> str:
        return str(fields.get_field(name).verbose_name)

    if form.instance.pk is None:
        return {label(name): ["", _text(getattr(form.instance, name))] for name in names}
    old = type(form.instance)._default_manager.get(pk=form.instance.pk)
    diff = {}
    for name in names:
        before, after = _text(getattr(old, name)), _text(getattr(form.instance, name))
        if before != after:
            diff[label(name)] = [before, after]
    return diff
