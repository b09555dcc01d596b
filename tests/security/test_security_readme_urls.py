"""Every URL the README names answers (issue 15: it gave a register export URL that was a 404).

The README's inline `code` spans that begin with "/" (or SITE_URL/) are the app's URLs, with
placeholders such as <id> and <code>; each is resolved, filled with a real record of that kind
(as the permission matrix fills it), and requested by a person who may use it: GET, or POST
with the matrix's data for a POST-only action. File paths the README names are listed below.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from test_permission_matrix import ADDRESSES, EXPECTED, ROLES, checked_urls, path_kwargs

pytestmark = pytest.mark.django_db
README = Path(__file__).resolve().parents[2] / "README.md"
# Paths on the server's disk that the README names (operators' examples), not URLs.
FILE_PATHS = ("/etc/", "/srv/", "/backups/", "/usr/", "/var/", "/tmp/")
PREFERRED = ("inspector", "leader", "clerk", "admin", "unit_member", "no_role", "anonymous")


def readme_urls() -> list[str]:
    spans = re.findall(r"`(?:SITE_URL)?(/[^`\s]*)`", README.read_text())
    return sorted({span for span in spans if not span.startswith(FILE_PATHS)})


def test_the_readme_names_the_urls_people_use():
    urls = readme_urls()
    assert "/reports/notice-register.xlsx?year=2023" in urls and "/verify/<code>/" in urls
    assert len(urls) >= 15


@pytest.mark.parametrize("url", readme_urls())
def test_every_url_the_readme_names_answers(url, world, no_slow_pdfs):
    parts = urlsplit(url)
    try:
        match = resolve(re.sub(r"<[^>]+>", "1", parts.path))
    except Resolver404:
        pytest.fail(f"README.md names {url}, which is no URL of the app (a file path? add it to FILE_PATHS)")
    name = match.view_name
    row = EXPECTED[name]
    path = reverse(name, kwargs=path_kwargs(name, checked_urls()[name], world))
    target = f"{path}?{parts.query}" if parts.query else path
    method, table = ("GET", row.get) if 200 in row.get.values() else ("POST", row.post)
    role = next(role for role in PREFERRED if table.get(role) == 200)
    client = Client(REMOTE_ADDR=ADDRESSES[role])
    if role != "anonymous":
        client.force_login(world.users[role])
    response = client.get(target) if method == "GET" else client.post(target, row.data(world))
    assert response.status_code == 200, f"{method} {target} as {role}: {response.status_code}"
    assert set(PREFERRED) == set(ROLES)


def test_the_readme_proxy_sets_the_apps_body_limits(settings):
    from inspections.views.documents import VERIFY_MAX_BYTES

    nginx = re.search(r"```nginx\n(.*?)```", README.read_text(), re.S).group(1)
    limits = {
        location: int(size) * 1024 * 1024
        for location, size in re.findall(r"(location \S+ \{\n\s*|)client_max_body_size (\d+)m;", nginx)
    }
    form = 1024 * 1024  # room for the form's other fields and the multipart framing
    assert limits[""] == settings.EVIDENCE_MAX_BYTES + form
    assert limits[next(k for k in limits if "/verify/" in k)] == VERIFY_MAX_BYTES + form
