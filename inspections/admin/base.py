"""The admin writes through the services: the same permission checks, locks and audit lines
(`field: old → new`) as the pages, for every model it edits."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect

from inspections.forms.text import CleanModelForm
from inspections.models import TransitionError
from inspections.services.reference import delete_record, save_record


class ServiceAdmin(admin.ModelAdmin):
    """Saves the object and its inlines in one service call; deletes through a service."""

    form = CleanModelForm  # the app's text rules (NFC, invisible characters, lengths) here too
    # Refusals a service may raise at write time, told to the person as a message.
    refusals: tuple[type[Exception], ...] = (TransitionError,)

    def save_model(self, request, obj, form, change):
        pass  # saved with its inlines by save_related(), in one service call

    def save_related(self, request, form, formsets, change):
        self.save_with_service(request, form, formsets)

    def save_with_service(self, request, form, formsets):
        save_record(form, *formsets, by=request.user, before_save=self.before_save)

    def before_save(self, obj):
        """Fill derived columns (e.g. a search text) before the service writes the row."""

    def delete_model(self, request, obj):
        delete_record(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # A rule that changed between the form's check and the locked write (someone else saved,
        # the notice left "draft") is told to the person instead of a server error.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except self.refusals as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
