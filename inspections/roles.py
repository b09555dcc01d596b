"""The working roles from DESIGN.md §1. Admins put people into these groups; what each
group may do is defined here and re-applied on every migrate, not edited in the admin."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

READ = [
    "inspections.view_inspectionplan",
    "inspections.view_criterion",
    "inspections.view_referencedocument",
    "inspections.view_inspection",
    "inspections.view_unitcheck",
    "inspections.view_finding",
    "inspections.view_evidence",
    "inspections.view_minutesscan",
    "inspections.view_notice",
    "inspections.view_registerentry",
    "units.view_unit",
]

ROLES: dict[str, list[str]] = {
    "inspector": [
        *READ,
        "inspections.add_inspection",
        "inspections.change_inspection",
        "inspections.add_unitcheck",
        "inspections.change_unitcheck",
        "inspections.add_finding",
        "inspections.change_finding",
        "inspections.delete_finding",
        "inspections.add_evidence",
        "inspections.delete_evidence",
        "inspections.add_minutesscan",
        "inspections.add_notice",
        "inspections.change_notice",
        "inspections.submit_notice",
        "inspections.report_followup",
        "inspections.close_followup",
    ],
    "leader": [*READ, "inspections.approve_notice"],
    # The clerk keeps the outgoing register: enters documents issued outside the app, corrects them.
    "clerk": [
        *READ,
        "inspections.issue_notice",
        "inspections.add_registerentry",
        "inspections.change_registerentry",
        # The clerk scans the biên bản signed on site and attaches it to the visit (issue 13).
        "inspections.add_minutesscan",
    ],
}

# What people see: the group names stay codes (the rules above and the tests name them).
ROLE_LABELS = {
    "clerk": "Văn thư",
    "inspector": "Thành viên Đoàn kiểm tra",
    "leader": "Lãnh đạo Ban",
    "admin": "Quản trị",
}


def role_label(name: str) -> str:
    """The Vietnamese name of the role group `name` ("clerk" -> "Văn thư"); other groups as named."""
    return ROLE_LABELS.get(name, name)


PERMISSION_ACTIONS = {"add": "Thêm", "change": "Sửa", "delete": "Xóa", "view": "Xem"}


def permission_label(permission: Permission) -> str:
    """ "Kiểm tra cải cách hành chính | Sửa kết quả kiểm tra" instead of Django's English "Can change …"."""
    model = permission.content_type.model_class()
    app = apps.get_app_config(permission.content_type.app_label).verbose_name
    action, _, rest = permission.codename.partition("_")
    if model is not None and action in PERMISSION_ACTIONS and rest == permission.content_type.model:
        return f"{app} | {PERMISSION_ACTIONS[action]} {model._meta.verbose_name}"
    return f"{app} | {permission.name}"


def permissions_for(codenames: list[str]):
    query = Q(pk__in=[])
    for name in codenames:
        app_label, codename = name.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(query)


def sync_roles(**kwargs) -> None:
    """Create the role groups and give each exactly the permissions listed in ROLES."""
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions_for(codenames))
