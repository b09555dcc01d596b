"""Who is calling: a personal token (Authorization: Bearer …) or the browser's session with
CSRF; how often a token may call; and the role checks the pages use."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, throttling

from config.throttle import Rate, wait_seconds
from inspections.services.api_tokens import TokenRefused, user_for_key

KEYWORD = "Bearer"


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer kt_…`: the token's person, if the token is live and they are active."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Tiêu đề Authorization phải có dạng “Bearer <mã truy cập>”."
            )
        try:
            key = header[1].decode("ascii")
            user, token = user_for_key(key)
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Mã truy cập không đúng.") from None
        except TokenRefused as refused:
            raise exceptions.AuthenticationFailed(str(refused)) from None
        return user, token

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="api"'


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = TokenAuthentication
    name = "maTruyCap"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Mã truy cập cá nhân, tạo tại trang “Mã truy cập API” của mỗi người.",
        }


class TokenRateThrottle(throttling.BaseThrottle):
    """At most API_REQUESTS_PER_MINUTE requests a minute per token, counted in the shared cache
    (config.throttle), so every app process counts together. Session requests are the pages'
    browser and are not counted here."""

    def allow_request(self, request, view):
        token = request.auth
        if token is None or not hasattr(token, "key_sha256"):
            return True
        self.wait_for = wait_seconds("api", f"token:{token.pk}", Rate(settings.API_REQUESTS_PER_MINUTE, 60))
        return not self.wait_for

    def wait(self):
        return self.wait_for


def need(request, *permissions: str) -> None:
    """Refuse with 403 unless the caller has every one of `permissions` (as the page does)."""
    if not all(request.user.has_perm(name) for name in permissions):
        raise exceptions.PermissionDenied("Bạn không có quyền thực hiện thao tác này.")
