"""Admin for personal API tokens: see who has which, revoke (never make: a key is made and
seen only by its owner, on their own page)."""

from django.contrib import admin, messages

from inspections.models import ApiToken
from inspections.services.api_tokens import revoke_token


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["prefix", "name", "user__username", "user__full_name"]
    ordering = ["-created_at", "-pk"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # nothing to edit: a token is seen, and revoked with the action

    def has_delete_permission(self, request, obj=None):
        return False  # revoked tokens stay, with who revoked them

    @admin.action(description="Thu hồi các mã đã chọn")
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            revoke_token(token, by=request.user)
        messages.success(request, "Đã thu hồi các mã đã chọn.")
