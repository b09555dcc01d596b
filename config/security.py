"""Small security pieces the settings refer to: the Content-Security-Policy header, no caching
of documents, the refusal to serve with the development key, and the deploy checks.

The client's address is config.addresses, the login lockout config.lockout."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


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


class PrivateDocumentsMiddleware:
    """`Cache-Control: private, no-store` on every document the app sends.

    Issued and draft PDFs, Word and Excel files, evidence and follow-up files: anything that
    is not a page, or is sent as an attachment. No proxy or shared computer keeps a copy.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if response.has_header("Content-Disposition") or not content_type.startswith(
            ("text/", "application/json")
        ):
            response["Cache-Control"] = "private, no-store"
        return response


def refuse_insecure_start() -> None:
    """Stop the web server (gunicorn, runserver) from serving with DEBUG off and the development key.

    With the default key anyone can forge session cookies and password-reset links. Commands
    (migrate, check, the tests) still run, so `check --deploy` can say what is missing.
    """
    if not settings.DEBUG and settings.SECRET_KEY.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            "Refusing to start: DEBUG is off and SECRET_KEY is the development default. Set SECRET_KEY "
            'to a long random value (python -c "import secrets; print(secrets.token_urlsafe(50))"), '
            "or DEBUG=true on a development machine."
        )


@checks.register(checks.Tags.security, deploy=True)
def check_trusted_proxies(app_configs, **kwargs) -> list:
    """Behind a proxy, TRUSTED_PROXIES must name it, or every visitor has the proxy's address."""
    if settings.TRUSTED_PROXIES:
        return []
    return [
        checks.Warning(
            "TRUSTED_PROXIES is empty: the app takes every request's socket address as the client's. "
            "Behind nginx every visitor then has nginx's address, and the login lock per address "
            "(LOGIN_ADDRESS_FAILURE_LIMIT) locks everyone at once.",
            hint="Set TRUSTED_PROXIES to the proxy's address (127.0.0.1 when nginx runs on the same host) "
            "and give gunicorn the same --forwarded-allow-ips.",
            id="kiemtra.W001",
        )
    ]
