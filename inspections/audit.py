"""The audit trail: one line per write, recorded explicitly by services (never by signals)."""

from django.db import models

from inspections.models import AuditEvent

# What people read for each audit action ("<model>.<verb>"); one table for every page.
ACTION_LABELS = {
    "inspection.create": "Tạo đợt kiểm tra",
    "inspection.change": "Sửa đợt kiểm tra",
    "unitcheck.create": "Tạo buổi kiểm tra",
    "unitcheck.change": "Sửa buổi kiểm tra",
    "finding.create": "Nhập kết quả",
    "finding.change": "Sửa kết quả",
    "finding.delete": "Xóa kết quả",
    "evidence.add": "Thêm tài liệu minh chứng",
    "evidence.delete": "Xóa tài liệu minh chứng",
    "followup.report": "Báo cáo khắc phục",
    "followup.close": "Xác nhận đã khắc phục",
    "followup.reopen": "Mở lại tồn tại",
    "notice.draft": "Soạn dự thảo từ đợt kiểm tra",
    "notice.change": "Sửa dự thảo",
    "notice.submit": "Trình duyệt",
    "notice.return": "Trả lại để sửa",
    "notice.approve": "Duyệt",
    "notice.number": "Cấp số, ngày",
    "notice.render": "Tạo bản PDF ban hành",
    "notice.issue": "Ban hành",
    "notice.replace": "Soạn văn bản thay thế",
    "notice.import": "Nhập từ văn bản đã ban hành",
}


def action_label(action: str) -> str:
    """The Vietnamese label of an audit action, or the action itself if it has none."""
    return ACTION_LABELS.get(action, action)


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
