import pytest
from django.core.management import call_command

from units.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_demo_inspector_logs_in_sees_the_units_and_logs_out(page, login, shot, axe):
    call_command("load_demo")
    page.goto("/")
    assert "/accounts/login/" in page.url
    shot("00-login")
    axe("login")
    login("kiemtra", DEMO_PASSWORD)
    assert page.get_by_role(
        "heading", name="Các phòng, đơn vị thuộc Ban Quản lý Khu kinh tế Hải Phòng"
    ).is_visible()
    assert page.get_by_text("Trường Trung cấp Khu kinh tế", exact=True).is_visible()
    assert page.get_by_text("Nguyễn Thu Hà").is_visible()
    shot("01-home-inspector")
    axe("home")
    page.get_by_role("button", name="Đăng xuất").click()
    assert page.get_by_role("heading", name="Đã đăng xuất").is_visible()


def test_a_wrong_password_keeps_the_username_and_says_why(page, login):
    call_command("load_demo")
    login("kiemtra", "sai-mat-khau")
    assert page.get_by_text("mật khẩu chính xác").is_visible()
    assert page.get_by_label("Tên đăng nhập").input_value() == "kiemtra"
