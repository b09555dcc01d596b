"""A person's own API tokens: make one (its key shown once), see them, revoke one."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from inspections.forms.text import TextRulesMixin
from inspections.models import ApiToken
from inspections.services.api_tokens import TokenRefused, can_revoke, create_token, revoke_token


class TokenForm(TextRulesMixin, forms.Form):
    name = forms.CharField(
        label="Tên gợi nhớ",
        max_length=100,
        help_text="Dùng để làm gì, ví dụ “Đồng bộ sang hệ thống văn phòng điện tử”.",
        error_messages={"required": "Vui lòng nhập tên gợi nhớ của mã."},
    )


def api_token_list(request):
    """GET: my tokens. POST: make one; the page shows its key this once."""
    form = TokenForm(request.POST or None)
    key = None
    if request.method == "POST" and form.is_valid():
        try:
            _, key = create_token(request.user, name=form.cleaned_data["name"], by=request.user)
        except TokenRefused as refused:
            form.add_error(None, str(refused))
        else:
            form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user).select_related("revoked_by")
    context = {"form": form, "key": key, "tokens": tokens}
    response = render(request, "inspections/api_token_list.html", context, status=400 if form.errors else 200)
    response["Cache-Control"] = "private, no-store"  # the page may carry a key
    return response


@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk)
    if not can_revoke(token, request.user):
        raise PermissionDenied
    revoke_token(token, by=request.user)
    messages.success(request, f"Đã thu hồi mã {token.prefix}…; các chương trình dùng mã này sẽ bị từ chối.")
    return redirect("inspections:api-token-list")
