"""Admin for the board, its units and its people. Saves and deletes go through the audited
services (inspections/admin/base.py): each change is a line `field: old → new` in the trail."""

from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from inspections.admin.base import ServiceAdmin
from inspections.forms.text import TextRulesMixin
from units.models import Organization, Unit, User


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
    list_display = ["username", "full_name", "title", "unit", "is_active", "is_staff"]
    list_filter = ["groups", "is_active", "is_staff", "unit"]
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
