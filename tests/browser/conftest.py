"""Playwright driving Debian's Chromium against pytest-django's live server."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself (fixtures) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
# axe-core 4.14.1 (MPL-2.0), vendored from the npm package so tests need no network.
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _site_url_is_the_live_server(settings, live_server):
    # Approving and issuing refuse a SITE_URL other than the address served (issue 19).
    settings.SITE_URL = live_server.url


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="vi-VN"
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def shot(page):
    """Save a full-page screenshot under artifacts/screenshots/ (CI keeps the folder)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login(page):
    def do(username: str, password: str = "pw"):
        page.goto("/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state("networkidle")

    return do


@pytest.fixture
def axe(page):
    """Run axe-core on the current page; fail on any "serious" or "critical" violation."""
    source = AXE_JS.read_text()

    def check(label: str = "") -> None:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            # Through DevTools, not a <script> tag: the pages' CSP forbids inline scripts.
            page.evaluate(source)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        assert not bad, f"accessibility violations on {label or page.url}:\n" + "\n".join(bad)

    return check


# -- the four journeys of issue 8 (test_journey_*.py) ------------------------------------------


@pytest.fixture
def june_14_2023():
    """Let the story happen on 14 June 2023, the day the real notice 2880/TB-BQL was approved
    and issued: the live server runs in this process, so it sees the same clock."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from inspections.demo_notices import replay_at

    with replay_at(datetime(2023, 6, 14, 8, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        yield


@pytest.fixture
def demo_board(transactional_db, june_14_2023):
    """`manage.py load_demo` as a new installation runs it: the 2023 records of the board and
    the two real notices 2880/TB-BQL and 2819/TB-BQL of 14/6/2023, imported."""
    from io import StringIO

    from django.core.management import call_command
    from django.test import override_settings

    # With DEBUG on, as `make run` loads it: the demo's self-signed keys and images are made.
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=StringIO())


@pytest.fixture
def logout(page):
    def do():
        page.get_by_role("button", name="Đăng xuất").click()
        page.wait_for_load_state("networkidle")

    return do


@pytest.fixture
def signing(demo_board):
    """Trust roots for pyHanko's validation: the certificates load_demo registered (the board's
    key is the session's SIGNING_P12, the leaders' are demo PKCS#12 keys)."""
    from asn1crypto import x509

    from inspections.models import Certificate

    return [x509.Certificate.load(bytes(c.der)) for c in Certificate.objects.all()]


@pytest.fixture
def approve_in_test():
    """The notice's signer (the demo's Bùi Ngọc Hải) approves by signing with his demo key."""
    from inspections.services.signing import approve_and_sign
    from units.demo import DEMO_PASSWORD
    from units.models import User

    def approve(notice):
        return approve_and_sign(notice, by=User.objects.get(username="bui.ngoc.hai"), secret=DEMO_PASSWORD)

    return approve


@pytest.fixture
def issue_in_test():
    """issue_notice() called by the test itself (setting up a journey); the board's signature is
    made for real (pyHanko runs off Playwright's event loop: signing.outside_event_loop)."""
    from inspections.services.issuing import issue_notice

    return issue_notice


@pytest.fixture
def validate_signature(signing):
    """pyHanko's verdict on each signature of `data`, trusting the registered certificates."""

    def validate(data: bytes):
        from io import BytesIO

        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko_certvalidator import ValidationContext

        from inspections.signing import outside_event_loop

        def run():
            signatures = PdfFileReader(BytesIO(data)).embedded_signatures
            return [validate_pdf_signature(s, ValidationContext(trust_roots=signing)) for s in signatures]

        return outside_event_loop(run)

    return validate
