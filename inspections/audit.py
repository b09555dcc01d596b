"""The audit trail: one line per write, recorded explicitly by services (never by signals)."""

from datetime import date

from django.db import models

from inspections.models import AuditEvent
from inspections.vn import vn_short_date

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
    "notice.prepare": "Tạo bản PDF trình ký",
    "notice.sign": "Ký số khi duyệt (Lãnh đạo)",
    "notice.number": "Cấp số, ngày",
    "notice.render": "Tạo bản PDF ban hành",
    "notice.seal": "Ghi số, ngày và ký số kèm con dấu của cơ quan",
    "notice.issue": "Ban hành",
    "notice.replace": "Soạn văn bản thay thế",
    "notice.import": "Nhập từ văn bản đã ban hành",
    "certificate.register": "Đăng ký chứng thư số",
    "certificate.change": "Sửa thông tin chứng thư số",
    "certificate.revoke": "Thu hồi chứng thư số",
    "signingimage.save": "Lưu ảnh chữ ký / con dấu",
}


def action_label(action: str) -> str:
    """The Vietnamese label of an audit action, or the action itself if it has none."""
    return ACTION_LABELS.get(action, action)


def record(obj: models.Model, action: str, *, by, data: dict | None = None) -> AuditEvent:
    """Append one line to the audit trail of `obj`."""
    return AuditEvent.objects.create(
        target=obj, action=action, actor=by, summary=str(obj)[:300], data=data or {}
    )


def _text(field, value) -> str:
    """A stored value as people read it: choice labels, dates as 30/6/2023, Có/Không."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, date):
        return vn_short_date(value)
    return str(value)


def changes(form) -> dict[str, list[str]]:
    """Return {field label: [old, new]} as text for what a valid ModelForm is about to save.

    Reads the stored row, because `is_valid()` has already copied the new values onto
    `form.instance`. A new record lists every field of the form that has a value, so its
    first audit line is a full snapshot. Many-to-many fields must be added by the caller.
    """
    instance = form.instance
    concrete = {field.name: field for field in instance._meta.concrete_fields}
    names = [name for name in form.fields if name in concrete]
    old = None if instance.pk is None else type(instance)._default_manager.get(pk=instance.pk)
    diff = {}
    for name in names:
        field = concrete[name]
        before = "" if old is None else _text(field, getattr(old, name))
        after = _text(field, getattr(instance, name))
        if before != after:
            diff[str(field.verbose_name)] = [before, after]
    return diff
