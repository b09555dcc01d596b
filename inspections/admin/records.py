"""Admin for plans, criteria, reference documents and inspection records.

Every save and delete goes through a service (admin/base.py): plans, criteria, legal bases
and reference documents through services/reference.py, rounds and visits through the same
services as their pages, findings through save_finding with its optimistic lock. Findings are
corrected here, never added or deleted, and never closed: closing is the follow-up page's.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from inspections.admin.base import ServiceAdmin
from inspections.forms.records import FindingForm
from inspections.forms.text import CleanModelForm
from inspections.models import (
    Criterion,
    Evidence,
    Finding,
    Inspection,
    InspectionPlan,
    PlanLegalBasis,
    ReferenceDocument,
    TransitionError,
    UnitCheck,
)
from inspections.services.lifecycle import followup_of
from inspections.services.records import StaleFinding, save_finding, save_inspection, save_unit_check


@admin.register(ReferenceDocument)
class ReferenceDocumentAdmin(ServiceAdmin):
    list_display = ["number_symbol", "kind", "issued_on", "issuer", "summary"]
    list_filter = ["kind"]
    search_fields = ["number_symbol", "summary", "issuer"]
    date_hierarchy = "issued_on"

    # The citation record of a document issued here (paperwork/citations.py) says what that
    # document says; it is written from it, never retyped.
    ISSUED_HERE_FIELDS = ["kind", "number_symbol", "issued_on", "issuer", "summary"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.source_document_id:
            return self.ISSUED_HERE_FIELDS
        return super().get_readonly_fields(request, obj)

    def before_save(self, obj):
        obj.refresh_search_text()


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
class InspectionPlanAdmin(ServiceAdmin):
    list_display = ["title", "year", "document"]
    list_filter = ["year"]
    search_fields = ["title"]
    autocomplete_fields = ["document"]
    inlines = [PlanLegalBasisInline, CriterionInline]


@admin.register(Inspection)
class InspectionAdmin(ServiceAdmin):
    list_display = ["title", "plan", "starts_on", "ends_on"]
    list_filter = ["plan"]
    search_fields = ["title"]
    filter_horizontal = ["units", "team"]
    autocomplete_fields = ["announcement"]

    def save_with_service(self, request, form, formsets):
        save_inspection(form, by=request.user)


@admin.register(UnitCheck)
class UnitCheckAdmin(ServiceAdmin):
    list_display = ["unit", "inspection", "checked_on", "status"]
    list_filter = ["inspection", "status"]
    list_select_related = ["unit", "inspection"]
    ordering = ["-checked_on", "unit__kind", "unit__order", "pk"]

    def save_with_service(self, request, form, formsets):
        save_unit_check(form, by=request.user)


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class FindingAdminForm(FindingForm):
    """The page's form, with the page's rules (result, due date, version), on the admin page."""

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(
            *args, instance=instance, unit_check=instance.unit_check, criterion=instance.criterion, **kwargs
        )


@admin.register(Finding)
class FindingAdmin(ServiceAdmin):
    """Corrections only, through save_finding: an edit made on a stale copy is refused (so an
    inspector's open form is not overwritten), and the search text is refreshed."""

    form = FindingAdminForm
    refusals = (TransitionError, StaleFinding)
    list_display = ["criterion", "unit_check", "result", "due_on", "closed"]
    list_filter = ["result", "closed", "unit_check__inspection"]
    list_select_related = ["criterion", "unit_check__unit"]
    ordering = [
        "-unit_check__checked_on",
        "unit_check__unit__kind",
        "unit_check__unit__order",
        "criterion__position",
    ]
    search_fields = ["observation", "recommendation"]
    readonly_fields = ["unit_check", "criterion", "followup_state"]
    fields = [
        "unit_check",
        "criterion",
        "result",
        "observation",
        "recommendation",
        "due_on",
        "followup_state",
        "version",
    ]
    inlines = [EvidenceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unit_check__unit", "criterion", "followup")

    def get_form(self, request, obj=None, change=False, **kwargs):
        # "version" is the form's hidden copy of the version seen (the model's own column is
        # not editable), so it is rendered from `fields` but not asked of the model.
        kwargs["fields"] = ["result", "observation", "recommendation", "due_on"]
        return super().get_form(request, obj, change, **kwargs)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="theo dõi khắc phục")
    def followup_state(self, obj):
        followup = followup_of(obj)
        if followup.pk is None and obj.result != Finding.Result.SHORTCOMING:
            return "—"
        url = reverse("inspections:followup-detail", args=[obj.pk])
        return format_html(
            '{} · <a href="{}">mở trang theo dõi khắc phục</a> ({})',
            followup.get_status_display(),
            url,
            "đóng tồn tại chỉ ở đó, sau khi đơn vị báo cáo",
        )

    def save_with_service(self, request, form, formsets):
        save_finding(form, by=request.user, version=form.cleaned_data["version"])
        for formset in formsets:
            formset.save()  # the evidence inline is read-only: this writes nothing


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
