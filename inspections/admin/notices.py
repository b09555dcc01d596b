"""Admin for notices: drafts are editable (and audited); once submitted, and above all once
issued, a notice and its parts are read-only and cannot be deleted."""

from django.contrib import admin
from django.utils.html import format_html_join

from inspections.audit import record
from inspections.forms_text import CleanModelForm
from inspections.models import AuditEvent, Notice, NoticeItem, NoticeLegalBasis, NoticeRecipient
from inspections.services.notices import refresh_search, snapshot_signer


def _editable(obj) -> bool:
    return obj is None or obj.is_editable


class PartInline(admin.TabularInline):
    form = CleanModelForm
    extra = 0

    def has_add_permission(self, request, obj=None):
        return _editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _editable(obj) and super().has_delete_permission(request, obj)


class ItemInline(PartInline):
    model = NoticeItem
    fields = ["position", "text"]


class RecipientInline(PartInline):
    model = NoticeRecipient
    fields = ["position", "text"]


class LegalBasisInline(PartInline):
    model = NoticeLegalBasis
    fields = ["position", "document"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    form = CleanModelForm
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
        if not _editable(obj):
            return self.fields
        return [name for name in self.fields if name not in self.editable_in_draft]

    def has_add_permission(self, request):
        return False  # notices are drafted from a round (inspections:notice-draft)

    def has_change_permission(self, request, obj=None):
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and not obj.is_issued and super().has_delete_permission(request, obj)

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

    def save_model(self, request, obj, form, change):
        snapshot_signer(obj)
        super().save_model(request, obj, form, change)
        if form.changed_data:
            record(obj, "notice.change", by=request.user, data={"admin": True, "fields": form.changed_data})

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_search(form.instance)
        form.instance.save(update_fields=["search_text", "updated_at"])
