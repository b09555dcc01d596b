"""Admin for the board, its units and its people. Saves and deletes go through the audited
services (inspections/admin/base.py): each change is a line `field: old → new` in the trail."""

from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group

from inspections.admin.base import ServiceAdmin
from inspections.forms.text import TextRulesMixin
from inspections.roles import permission_label, role_label
from units.models import Organization, Unit, User


def vietnamese_choices(db_field, formfield):
    """Show roles and permissions by their Vietnamese names in a many-to-many field."""
    if db_field.name == "groups":
        formfield.label = "Vai trò"
        formfield.label_from_instance = lambda group: f"{role_label(group.name)} ({group.name})"
    elif db_field.name in {"permissions", "user_permissions"}:
        formfield.label_from_instance = permission_label
    return formfield


class RoleFilter(admin.SimpleListFilter):
    title = "vai trò"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [(group.name, role_label(group.name)) for group in Group.objects.order_by("name")]

    def queryset(self, request, queryset):
        return queryset.filter(groups__name=self.value()) if self.value() else queryset


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(BaseGroupAdmin):
    """The role groups by their Vietnamese names; the codes stay the group names (inspections/roles.py)."""

    list_display = ["label", "name"]

    @admin.display(description="vai trò", ordering="name")
    def label(self, group):
        return role_label(group.name)

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        return vietnamese_choices(db_field, super().formfield_for_manytomany(db_field, request, **kwargs))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        group = self.get_object(request, object_id)
        if group is not None:
            extra_context = {"title": f"Vai trò: {role_label(group.name)}", **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)


class UserChangeForm(TextRulesMixin, auth_forms.UserChangeForm):
    pass


class UserCreationForm(TextRulesMixin, auth_forms.AdminUserCreationForm):
    pass


@admin.register(Organization)
class OrganizationAdmin(ServiceAdmin):
    list_display = ["name", "abbreviation", "parent_name", "place", "head_title"]
    search_fields = ["name", "abbreviation"]


@admin.register(Unit)
class UnitAdmin(ServiceAdmin):
    list_display = ["name", "short_name", "kind", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["kind", "active", "organization"]
    search_fields = ["name", "short_name"]
    ordering = ["kind", "order", "name"]


@admin.register(User)
class UserAdmin(ServiceAdmin, BaseUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ["username", "full_name", "title", "unit", "roles", "is_active", "is_staff"]
    list_filter = [RoleFilter, "is_active", "is_staff", "unit"]
    search_fields = ["username", "full_name", "email"]
    ordering = ["full_name", "username"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("Công tác", {"fields": ["full_name", "title", "unit"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        ("Công tác", {"fields": ["full_name", "title", "unit"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="vai trò")
    def roles(self, user):
        labels = [role_label(group.name) for group in user.groups.all()]
        if user.is_superuser:
            labels.insert(0, role_label("admin"))
        return ", ".join(labels) or "–"

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        return vietnamese_choices(db_field, super().formfield_for_manytomany(db_field, request, **kwargs))
