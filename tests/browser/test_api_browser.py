"""The API's pages in a browser: the docs page renders offline under the Content-Security-Policy,
and a person makes a personal token on their page."""

from urllib.parse import urlsplit

import pytest
from test_security_browser import COLLECT

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_docs_render_offline_under_the_policy_without_violation(
    page, login, inspector, live_server, shot
):
    host = urlsplit(live_server.url).netloc
    outside = []

    def only_our_server(route):
        if urlsplit(route.request.url).netloc != host:
            outside.append(route.request.url)
            return route.abort()  # as if the machine had no Internet
        return route.continue_()

    page.route("**/*", only_our_server)
    page.add_init_script(COLLECT)
    console = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    login(inspector.username)
    page.goto("/api/v1/docs/")
    page.get_by_text("Danh sách phòng, đơn vị").first.wait_for()
    assert page.get_by_text("API Kiểm tra cải cách hành chính").first.is_visible()
    assert page.get_by_text("/api/v1/findings/{id}/").first.is_visible()
    shot("api-docs-offline")
    assert outside == []
    assert page.evaluate("window.__csp") == [] and console == []


def test_a_person_makes_a_token_and_sees_its_key_once(page, login, inspector, axe):
    login(inspector.username)
    page.get_by_role("link", name="Mã truy cập API").click()
    page.get_by_label("Tên gợi nhớ").fill("Báo cáo của thành phố")
    page.get_by_role("button", name="Tạo mã mới").click()
    key = page.locator("code.api-key").inner_text()
    assert key.startswith("kt_")
    axe("api tokens")
    page.goto("/api-tokens/")
    assert key not in page.content()
    assert page.get_by_role("cell", name="Báo cáo của thành phố").is_visible()
    page.get_by_role("button", name="Thu hồi").click()
    assert page.get_by_text("Đã thu hồi mã").is_visible()
