"""Admin for plans, criteria, reference documents and inspection records.

Saves made here keep the folded search columns filled and write the same audit lines as the
app's services; findings and evidence are read-mostly (no adding or deleting here).
"""

from django.contrib import admin

from inspections.audit import changes, record
from inspections.forms_text import CleanModelForm
from inspections.models import (
    Criterion,
    Evidence,
    Finding,
    Inspection,
    InspectionPlan,
    PlanLegalBasis,
    ReferenceDocument,
    UnitCheck,
)


class AuditedAdmin(admin.ModelAdmin):
    """Writes `<model>.create|change|delete` audit lines for saves made in the admin."""

    form = CleanModelForm

    def save_model(self, request, obj, form, change):
        diff = changes(form)
        self.before_save(obj)
        super().save_model(request, obj, form, change)
        if not change or diff:
            verb = "change" if change else "create"
            record(obj, f"{obj._meta.model_name}.{verb}", by=request.user, data=diff)

    def before_save(self, obj):
        pass

    def delete_model(self, request, obj):
        record(obj, f"{obj._meta.model_name}.delete", by=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record(obj, f"{obj._meta.model_name}.delete", by=request.user)
        super().delete_queryset(request, queryset)


@admin.register(ReferenceDocument)
class ReferenceDocumentAdmin(admin.ModelAdmin):
    form = CleanModelForm
    list_display = ["number_symbol", "kind", "issued_on", "issuer", "summary"]
    list_filter = ["kind"]
    search_fields = ["number_symbol", "summary", "issuer"]
    date_hierarchy = "issued_on"

    def save_model(self, request, obj, form, change):
        obj.refresh_search_text()
        super().save_model(request, obj, form, change)


class PlanLegalBasisInline(admin.TabularInline):
    model = PlanLegalBasis
    extra = 1
    autocomplete_fields = ["document"]
    ordering = ["position", "pk"]


class CriterionInline(admin.StackedInline):
    model = Criterion
    form = CleanModelForm
    extra = 1
    ordering = ["position", "pk"]
    fields = [("position", "applies_to"), "name", "compliant_text", "compliant_text_service_unit"]


@admin.register(InspectionPlan)
class InspectionPlanAdmin(admin.ModelAdmin):
    form = CleanModelForm
    list_display = ["title", "year", "document"]
    list_filter = ["year"]
    search_fields = ["title"]
    autocomplete_fields = ["document"]
    inlines = [PlanLegalBasisInline, CriterionInline]


@admin.register(Inspection)
class InspectionAdmin(AuditedAdmin):
    list_display = ["title", "plan", "starts_on", "ends_on"]
    list_filter = ["plan"]
    search_fields = ["title"]
    filter_horizontal = ["units", "team"]
    autocomplete_fields = ["announcement"]


@admin.register(UnitCheck)
class UnitCheckAdmin(AuditedAdmin):
    list_display = ["unit", "inspection", "checked_on", "status"]
    list_filter = ["inspection", "status"]
    list_select_related = ["unit", "inspection"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Finding)
class FindingAdmin(AuditedAdmin):
    """Corrections only: findings are entered on the visit page; edits here bump the version
    (so an inspector's open form is refused, not overwritten) and refresh the search text."""

    list_display = ["criterion", "unit_check", "result", "due_on", "closed"]
    list_filter = ["result", "closed", "unit_check__inspection"]
    list_select_related = ["criterion", "unit_check__unit"]
    search_fields = ["observation", "recommendation"]
    readonly_fields = ["unit_check", "criterion", "version"]
    fields = [
        "unit_check",
        "criterion",
        "result",
        "observation",
        "recommendation",
        "due_on",
        "closed",
        "version",
    ]
    inlines = [EvidenceInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def before_save(self, obj):
        obj.refresh_search_text()
        if obj.pk:
            obj.version += 1


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["original_name", "finding", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["finding__criterion", "uploaded_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
