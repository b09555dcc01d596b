"""Production settings pass `check --deploy`; every response carries the security headers."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]

# The README's "Production" variables.
PRODUCTION = {
    "DEBUG": "False",
    "ALLOWED_HOSTS": "example.gov.vn",
    "CSRF_TRUSTED_ORIGINS": "https://example.gov.vn",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "SESSION_COOKIE_SECURE": "true",
    "CSRF_COOKIE_SECURE": "true",
    "TRUSTED_PROXIES": "127.0.0.1",
}


def check_deploy(env: dict) -> subprocess.CompletedProcess:
    # Only what a production shell has: none of the test run's own variables (the browser
    # tests set DJANGO_ALLOW_ASYNC_UNSAFE, which `check --deploy` rightly refuses).
    dropped = {*PRODUCTION, "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "config.settings"} | env,
        capture_output=True,
        text=True,
    )


def test_check_deploy_prints_no_warning_with_the_documented_production_settings():
    result = check_deploy(PRODUCTION | {"SECRET_KEY": secrets.token_urlsafe(60)})
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_check_deploy_warns_when_the_production_settings_are_missing():
    result = check_deploy({"DEBUG": "False", "ALLOWED_HOSTS": "example.gov.vn"})
    report = result.stdout + result.stderr
    for warning in ("security.W004", "security.W008", "security.W009", "security.W012", "security.W016"):
        assert warning in report


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_pages_carry_the_security_headers(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_the_home_page_has_the_policy_and_no_inline_script_or_style(client, inspector):
    client.force_login(inspector)
    response = client.get(reverse("home"))
    assert "Content-Security-Policy" in response.headers
    html = response.text
    # Every <script> loads a file; no style attribute or <style> block the policy would block.
    assert html.count("<script") == html.count("<script src=")
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", html), "inline event handler attribute"
    assert "javascript:" not in html


def test_a_view_may_set_its_own_policy(rf):
    from django.http import HttpResponse

    from config.security import ContentSecurityPolicyMiddleware

    def view(request):
        response = HttpResponse()
        response.headers["Content-Security-Policy"] = "sandbox"
        return response

    assert ContentSecurityPolicyMiddleware(view)(rf.get("/"))["Content-Security-Policy"] == "sandbox"
