from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.utils.decorators import method_decorator

from config.addresses import client_ip
from config.throttle import Rate, wait_seconds
from inspections.views.dashboard import dashboard_page

HOUR = 3600


def home(request):
    """The start page after login is the leaders' dashboard (it also lists the units by kind)."""
    return dashboard_page(request)


class LoginView(auth_views.LoginView):
    """Django's login page, linking to the reset page only when resetting is turned on."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "password_reset_enabled": settings.PASSWORD_RESET_ENABLED
        }


class ResetEnabledMixin:
    """The reset pages exist only once an administrator sets PASSWORD_RESET_ENABLED=true.

    Logged out people reach them (that is their use), so they answer 404, not the login page.
    """

    @method_decorator(login_not_required)
    def dispatch(self, request, *args, **kwargs):
        if not settings.PASSWORD_RESET_ENABLED:
            raise Http404("Đặt lại mật khẩu qua e-mail chưa được bật.")
        return super().dispatch(request, *args, **kwargs)


class PasswordResetView(ResetEnabledMixin, auth_views.PasswordResetView):
    """Django's reset form, at most PASSWORD_RESET_PER_ADDRESS requests an hour from one
    address and PASSWORD_RESET_PER_ACCOUNT for one e-mail address (whoever asks)."""

    email_template_name = "registration/password_reset_email.txt"

    @property
    def extra_email_context(self):
        return {"timeout_days": settings.PASSWORD_RESET_TIMEOUT // 86400}

    def post(self, request, *args, **kwargs):
        limit = settings.PASSWORD_RESET_PER_ADDRESS
        if wait_seconds("password-reset-address", client_ip(request), Rate(limit, HOUR)):
            return self.refuse(
                None,
                f"Địa chỉ mạng này đã gửi {limit} yêu cầu đặt lại mật khẩu trong một giờ qua. "
                "Vui lòng thử lại sau.",
            )
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        limit = settings.PASSWORD_RESET_PER_ACCOUNT
        email = form.cleaned_data["email"].strip().lower()
        if wait_seconds("password-reset-account", email, Rate(limit, HOUR)):
            return self.refuse(
                "email",
                f"Đã có {limit} yêu cầu đặt lại mật khẩu cho địa chỉ e-mail này trong một giờ qua. "
                "Hãy kiểm tra hộp thư (cả thư rác) hoặc thử lại sau.",
            )
        return super().form_valid(form)

    def refuse(self, field, message):
        form = self.get_form()
        form.is_valid()
        form.add_error(field, message)
        return self.render_to_response(self.get_context_data(form=form), status=429)


class PasswordResetDoneView(ResetEnabledMixin, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(ResetEnabledMixin, auth_views.PasswordResetConfirmView):
    pass


class PasswordResetCompleteView(ResetEnabledMixin, auth_views.PasswordResetCompleteView):
    pass
