"""The audit trail: one line per write, recorded explicitly by services (never by signals)."""

from datetime import date

from django.apps import apps
from django.db import models

from inspections.models import AuditEvent
from inspections.vn import vn_short_date

# What people read for each audit action ("<model>.<verb>"); one table for every page.
ACTION_LABELS = {
    "apitoken.create": "Tạo mã truy cập API",
    "apitoken.revoke": "Thu hồi mã truy cập API",
    "inspection.create": "Tạo đợt kiểm tra",
    "inspection.change": "Sửa đợt kiểm tra",
    "unitcheck.create": "Tạo buổi kiểm tra",
    "unitcheck.change": "Sửa buổi kiểm tra",
    "finding.create": "Nhập kết quả",
    "finding.change": "Sửa kết quả",
    "finding.delete": "Xóa kết quả",
    "evidence.add": "Thêm tài liệu minh chứng",
    "evidence.delete": "Xóa tài liệu minh chứng",
    "minutesscan.add": "Đính kèm bản quét biên bản đã ký",
    "followup.report": "Báo cáo khắc phục",
    "followup.close": "Xác nhận đã khắc phục",
    "followup.reopen": "Mở lại tồn tại",
    "followup.withdraw": "Rút lại tồn tại",
    "notice.draft": "Soạn dự thảo từ đợt kiểm tra",
    "notice.refresh": "Soạn lại dự thảo từ kết quả mới nhất",
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
    "notice.paper_copy": "Tạo bản PDF của ứng dụng cho văn bản giấy",
    "notice.import": "Nhập từ văn bản đã ban hành",
    "notice.delete": "Xóa thông báo chưa ban hành",
    "registerentry.create": "Vào sổ văn bản ban hành ngoài ứng dụng",
    "registerentry.correct": "Sửa dòng sổ đăng ký (có lý do)",
    "certificate.register": "Đăng ký chứng thư số",
    "certificate.change": "Sửa thông tin chứng thư số",
    "certificate.revoke": "Thu hồi chứng thư số",
    "signingimage.save": "Lưu ảnh chữ ký / con dấu",
}


VERBS = {"create": "Thêm", "change": "Sửa", "delete": "Xóa"}


def action_label(action: str) -> str:
    """The Vietnamese label of an audit action: from the table, or "<verb> <model's name>"
    for the admin's create/change/delete of reference data ("Sửa nội dung kiểm tra")."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    model_name, _, verb = action.partition(".")
    for app_label in ("inspections", "units"):
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        if verb in VERBS:
            return f"{VERBS[verb]} {model._meta.verbose_name}"
    return action


def record(obj: models.Model, action: str, *, by, data: dict | None = None) -> AuditEvent:
    """Append one line to the audit trail of `obj`."""
    return AuditEvent.objects.create(
        target=obj, action=action, actor=by, summary=str(obj)[:300], data=data or {}
    )


def as_text(field, value) -> str:
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


# Never written to the trail, not even as a hash.
SECRET_FIELDS = {"password"}


def changes(form) -> dict[str, list[str]]:
    """Return {field label: [old, new]} as text for what a valid ModelForm is about to save.

    Reads the stored row, because `is_valid()` has already copied the new values onto
    `form.instance`. A new record lists every field of the form that has a value, so its
    first audit line is a full snapshot. Many-to-many fields must be added by the caller.
    """
    instance = form.instance
    concrete = {field.name: field for field in instance._meta.concrete_fields}
    names = [name for name in form.fields if name in concrete and name not in SECRET_FIELDS]
    old = None if instance.pk is None else type(instance)._default_manager.get(pk=instance.pk)
    diff = {}
    for name in names:
        field = concrete[name]
        before = "" if old is None else as_text(field, getattr(old, name))
        after = as_text(field, getattr(instance, name))
        if before != after:
            diff[str(field.verbose_name)] = [before, after]
    return diff


def m2m_changes(form) -> dict[str, list[str]]:
    """{label: [old, new]} for the many-to-many fields of a valid ModelForm (names joined by "; ")."""
    instance = form.instance
    diff = {}
    for field in instance._meta.many_to_many:
        if field.name not in form.fields or field.name not in form.changed_data:
            continue
        before = sorted(str(obj) for obj in getattr(instance, field.name).all()) if instance.pk else []
        after = sorted(str(obj) for obj in form.cleaned_data[field.name])
        if before != after:
            diff[str(field.verbose_name)] = ["; ".join(before), "; ".join(after)]
    return diff


def formset_changes(formset) -> list[tuple[str, object, dict[str, list[str]]]]:
    """(verb, form, {label: [old, new]}) for each row a valid inline formset is about to
    create, change or delete. Deleted rows list what they held."""
    found = []
    for form in formset.forms:
        if form in formset.deleted_forms:
            if form.instance.pk:
                stored = type(form.instance)._default_manager.get(pk=form.instance.pk)
                snapshot = {
                    str(stored._meta.get_field(name).verbose_name): [
                        as_text(stored._meta.get_field(name), getattr(stored, name)),
                        "",
                    ]
                    for name in form.fields
                    if name in {f.name for f in stored._meta.concrete_fields}
                }
                found.append(("delete", form, snapshot))
            continue
        if not form.has_changed():
            continue
        diff = changes(form)
        if form.instance.pk is None:
            found.append(("create", form, diff))
        elif diff:
            found.append(("change", form, diff))
    return found
