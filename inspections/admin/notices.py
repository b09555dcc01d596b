"""Admin for notices: what it may do is what the notice's life allows (services/lifecycle.py):
drafts are edited through save_notice (the same lock and `field: old → new` lines as the
edit page); from submission on, a notice and its parts are read-only; issued ones are never
deleted."""

from django.contrib import admin
from django.utils.html import format_html_join

from inspections.admin.base import ServiceAdmin
from inspections.forms.notices import NoticeForm, PartFormSet
from inspections.forms.text import CleanModelForm
from inspections.models import AuditEvent, Notice, NoticeItem, NoticeLegalBasis, NoticeRecipient
from inspections.services.lifecycle import NOTICE
from inspections.services.notices import delete_notice, save_notice


def _editable(request, obj) -> bool:
    return obj is None or NOTICE.check(obj, "edit", request.user).allowed


class PartInline(admin.TabularInline):
    form = CleanModelForm
    formset = PartFormSet  # a row id that is not this draft's is refused, as on the edit page
    extra = 0

    def has_add_permission(self, request, obj=None):
        return _editable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _editable(request, obj) and super().has_delete_permission(request, obj)


class ItemInline(PartInline):
    model = NoticeItem
    fields = ["position", "text"]


class RecipientInline(PartInline):
    model = NoticeRecipient
    fields = ["position", "text"]


class LegalBasisInline(PartInline):
    model = NoticeLegalBasis
    fields = ["position", "document"]


class NoticeAdminForm(NoticeForm):
    """The edit page's form (signers with a title only, line breaks normalised), plus the place."""

    class Meta(NoticeForm.Meta):
        fields = [*NoticeForm.Meta.fields, "place"]


@admin.register(Notice)
class NoticeAdmin(ServiceAdmin):
    form = NoticeAdminForm
    list_display = ["__str__", "title", "status", "issued_on", "signer_name", "created_by"]
    list_filter = ["status", "year", "organization"]
    search_fields = ["title", "search_text", "=number"]
    ordering = ["-created_at"]
    inlines = [ItemInline, RecipientInline, LegalBasisInline]
    fields = [
        "status",
        "organization",
        "inspection",
        "symbol",
        "number",
        "year",
        "issued_on",
        "place",
        "title",
        "opening",
        "closing",
        "signer",
        "authority",
        "authority_title",
        "signer_title",
        "signer_name",
        "replaces",
        "created_by",
        "approved_by",
        "approved_at",
        "pdf_sha256",
        "verification_code",
        "audit_trail",
    ]
    # Only the drafting text is edited here; status, numbers and the signing snapshot change
    # only through the services.
    editable_in_draft = ["place", "title", "opening", "closing", "signer", "authority"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by", "organization")

    def get_readonly_fields(self, request, obj=None):
        if not _editable(request, obj):
            return self.fields
        return [name for name in self.fields if name not in self.editable_in_draft]

    def has_add_permission(self, request):
        return False  # notices are drafted from a round (inspections:notice-draft)

    def has_change_permission(self, request, obj=None):
        return _editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and NOTICE.check(obj, "delete", request.user).allowed

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # would bypass the per-object rule above
        return actions

    @admin.display(description="nhật ký")
    def audit_trail(self, obj):
        events = AuditEvent.objects.about(obj).select_related("actor")
        return format_html_join(
            "\n",
            "<div>{} · {} · {} {}</div>",
            ((f"{e.at:%d/%m/%Y %H:%M}", e.actor, e.action, e.data or "") for e in events),
        )

    def save_with_service(self, request, form, formsets):
        save_notice(form, *formsets, by=request.user)

    def delete_model(self, request, obj):
        delete_notice(obj, by=request.user)
