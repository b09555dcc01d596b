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

    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def logout(page):
    def do():
        page.get_by_role("button", name="Đăng xuất").click()
        page.wait_for_load_state("networkidle")

    return do


SIGNING_PASSWORD = "mat-khau-thu"


@pytest.fixture(scope="session")
def signing_p12(tmp_path_factory):
    """A self-signed certificate of the board, made once per session (as `make run` makes one)."""
    from inspections.signing import make_signing_cert

    path = tmp_path_factory.mktemp("cert") / "signing.p12"
    make_signing_cert(path, SIGNING_PASSWORD, "Ban Quản lý Khu kinh tế Hải Phòng")
    return path


@pytest.fixture
def signing(settings, signing_p12):
    """Issued notices are rendered and signed for real with the session's certificate; returns
    its certificate as a trust root for pyHanko's validation."""
    from asn1crypto import x509
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    settings.SIGNING_P12 = str(signing_p12)
    settings.SIGNING_P12_PASSWORD = SIGNING_PASSWORD
    _, cert, _ = pkcs12.load_key_and_certificates(signing_p12.read_bytes(), SIGNING_PASSWORD.encode())
    return x509.Certificate.load(cert.public_bytes(Encoding.DER))


def off_the_loop(function, *args, **kwargs):
    """Call `function` in a worker thread. Playwright's sync API keeps an asyncio loop running
    in the test's thread, and pyHanko (signing, validation) starts loops of its own."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


@pytest.fixture
def issue_in_test(monkeypatch):
    """issue_notice() called by the test itself (setting up a journey): the signature is made
    for real, in a worker thread (see off_the_loop); everything else runs here as usual."""
    from inspections import signing
    from inspections.services.issuing import issue_notice

    def issue(notice, **kwargs):
        real_sign = signing.sign_pdf
        with monkeypatch.context() as patch:
            patch.setattr(signing, "sign_pdf", lambda *a, **k: off_the_loop(real_sign, *a, **k))
            return issue_notice(notice, **kwargs)

    return issue


@pytest.fixture
def validate_signature(signing):
    """pyHanko's verdict on the first signature of `data`, trusting the session's certificate."""

    def validate(data: bytes):
        from io import BytesIO

        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko_certvalidator import ValidationContext

        def run():
            signature = PdfFileReader(BytesIO(data)).embedded_signatures[0]
            return validate_pdf_signature(signature, ValidationContext(trust_roots=[signing]))

        return off_the_loop(run)

    return validate
