"""Failed-login lockout (django-axes): 5 wrong passwords lock that username from that address
for 15 minutes, with a Vietnamese message; other people and other addresses are not affected."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOCKED = "Tài khoản tạm khóa do đăng nhập sai 5 lần liên tiếp. Vui lòng thử lại sau 15 phút."


def attempt(client, username, password, address="203.0.113.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def fail_five_times(client, username, address="203.0.113.7"):
    for _ in range(4):
        response = attempt(client, username, "sai-mat-khau", address)
        assert response.status_code == 200  # the form again, with "wrong password"
        assert "mật khẩu chính xác" in response.text
    # The fifth failure locks, and says so at once.
    response = attempt(client, username, "sai-mat-khau", address)
    assert response.status_code == 429
    assert LOCKED in response.text


def test_four_wrong_passwords_do_not_lock_and_the_fifth_right_one_logs_in(client, inspector):
    for _ in range(4):
        attempt(client, inspector.username, "sai-mat-khau")
    response = attempt(client, inspector.username, "pw")
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_after_five_wrong_passwords_even_the_right_one_is_refused_with_the_message(client, inspector):
    fail_five_times(client, inspector.username)
    response = attempt(client, inspector.username, "pw")
    assert response.status_code == 429
    assert LOCKED in response.text
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302  # still logged out


def test_the_lock_holds_for_another_user_from_elsewhere_only_for_that_pair(client, inspector, clerk):
    fail_five_times(client, inspector.username, address="203.0.113.7")
    # Another person at the same address logs in normally.
    assert attempt(client, clerk.username, "pw", address="203.0.113.7").status_code == 302
    client.logout()
    # The same account from another address is not locked (the pair is).
    assert attempt(client, inspector.username, "pw", address="198.51.100.9").status_code == 302


def test_after_the_cool_off_the_right_password_works_and_clears_the_count(client, inspector):
    fail_five_times(client, inspector.username)
    assert attempt(client, inspector.username, "pw").status_code == 429
    # 15 minutes pass: move the stored failures back in time.
    record = AccessAttempt.objects.get(username=inspector.username)
    record.attempt_time -= timedelta(minutes=15, seconds=1)
    record.save()
    assert attempt(client, inspector.username, "pw").status_code == 302
    assert not AccessAttempt.objects.filter(username=inspector.username).exists()


def test_the_admin_login_is_locked_too(client, admin_user):
    for _ in range(5):
        client.post(
            reverse("admin:login"),
            {"username": admin_user.username, "password": "sai"},
            REMOTE_ADDR="203.0.113.7",
        )
    response = client.post(
        reverse("admin:login"),
        {"username": admin_user.username, "password": "pw"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 429
    assert LOCKED in response.text


def test_an_admin_unlocks_an_account_with_the_management_command(client, inspector):
    from django.core.management import call_command

    fail_five_times(client, inspector.username)
    call_command("axes_reset_username", inspector.username)
    assert attempt(client, inspector.username, "pw").status_code == 302


def test_behind_the_proxy_the_address_is_the_one_the_proxy_appended(client, inspector, clerk, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    def via_proxy(username, password, forwarded):
        return client.post(
            reverse("login"),
            {"username": username, "password": password},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
            HTTP_X_FORWARDED_PROTO="https",
        )

    # A client that forges a different first entry on every try is still counted by the
    # address our proxy appended last.
    for forged in range(5):
        via_proxy(inspector.username, "sai", f"192.0.2.{forged}, 203.0.113.7")
    assert via_proxy(inspector.username, "pw", "192.0.2.99, 203.0.113.7").status_code == 429
    # Someone else behind the same proxy (another real address) is not locked.
    assert via_proxy(inspector.username, "pw", "198.51.100.9").status_code == 302


def test_client_login_without_a_request_still_works_for_code_and_tests(client, inspector):
    assert client.login(username=inspector.username, password="pw")
    assert not client.login(username=inspector.username, password="sai")
