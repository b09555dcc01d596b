"""Small security pieces the settings refer to: the Content-Security-Policy header, the client
address used by the login lockout, and the lockout backend."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Send settings.CONTENT_SECURITY_POLICY on every response that does not set its own.

    Django 5.2 has no CSP of its own; one fixed policy needs no package. Our pages load only
    their own scripts and styles (no inline <script>, no style attributes), so the policy can
    forbid everything inline.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = "; ".join(
            f"{directive} {' '.join(sources)}"
            for directive, sources in settings.CONTENT_SECURITY_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


def client_ip(request) -> str:
    """The address the login lockout counts failures for.

    Behind our proxy (BEHIND_PROXY=true) every request comes from the proxy, which appends the
    real client to X-Forwarded-For; only that last entry is trusted (earlier ones are whatever
    the client sent). Otherwise the socket's address.
    """
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "")


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, first in AUTHENTICATION_BACKENDS.

    Every login over HTTP (our login page, the admin's) passes the request and is checked.
    Only code that calls authenticate() without a request (the test client's login(), a shell)
    has no address to count: axes would raise, we let it through to the password check.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
