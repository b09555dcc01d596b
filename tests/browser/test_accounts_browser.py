"""Accounts and error pages as a person in Chromium sees them: Vietnamese, in the site's
layout, accessible (axe), and under the Content-Security-Policy."""

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_missing_page_and_a_forbidden_one_read_vietnamese_in_the_site_layout(
    page, login, outsider, axe, shot
):
    response = page.goto("/khong-co-trang-nay/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Không tìm thấy trang").is_visible()
    assert page.get_by_role("link", name="Về trang chủ").is_visible()
    axe("404")
    shot("error-404")
    login(outsider.username)
    response = page.goto("/notices/")
    assert response.status == 403
    assert page.get_by_role("heading", name="Không có quyền truy cập").is_visible()
    assert page.get_by_role("button", name="Đăng xuất").is_visible()  # the site's menu, logged in
    axe("403")
    shot("error-403")


def test_a_person_changes_their_password_from_the_header(page, login, inspector, axe, shot):
    login(inspector.username)
    page.get_by_role("link", name="Đổi mật khẩu").click()
    assert page.get_by_role("heading", name="Đổi mật khẩu").is_visible()
    axe("password change")
    page.get_by_label("Mật khẩu cũ").fill("pw")
    page.locator("#id_new_password1").fill("Hai-Phong-2024!")
    page.get_by_label("Xác nhận mật khẩu mới").fill("Hai-Phong-2024!")
    shot("password-change")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    assert page.get_by_role("heading", name="Đã đổi mật khẩu").is_visible()
    inspector.refresh_from_db()
    assert inspector.check_password("Hai-Phong-2024!")


def test_a_forgotten_password_once_an_administrator_turned_resetting_on(page, inspector, settings, axe, shot):
    page.goto("/accounts/login/")
    assert page.get_by_role("link", name="Quên mật khẩu?").count() == 0  # off by default
    settings.PASSWORD_RESET_ENABLED = True
    inspector.email = "ha.nt@haiphong.gov.vn"
    inspector.save()
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Quên mật khẩu?").click()
    assert page.get_by_role("heading", name="Quên mật khẩu").is_visible()
    axe("password reset form")
    page.get_by_label("Thư điện tử").fill("ha.nt@haiphong.gov.vn")
    page.get_by_role("button", name="Gửi đường dẫn").click()
    assert page.get_by_role("heading", name="Hãy kiểm tra hộp thư").is_visible()
    axe("password reset done")
    shot("password-reset-done")
    (message,) = mail.outbox
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    page.goto(link)
    assert page.get_by_role("heading", name="Đặt mật khẩu mới").is_visible()
    axe("password reset confirm")


def test_spraying_from_one_address_ends_on_the_address_lock_page(page, login, inspector, axe, settings, shot):
    settings.LOGIN_ADDRESS_SLOWDOWN = 20  # no waiting in this test: only the lock is looked at
    for n in range(20):
        login(f"can_bo_{n % 10}", "123456")
    assert page.get_by_role("heading", name="Địa chỉ mạng tạm bị chặn").is_visible()
    axe("address lock")
    shot("login-address-locked")
    login(inspector.username)
    assert page.get_by_role("heading", name="Địa chỉ mạng tạm bị chặn").is_visible()
