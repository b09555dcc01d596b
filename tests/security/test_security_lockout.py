"""Failed-login lockout: per (username, address) and per address, with the address taken only
from the proxies the operator names; forged X-Forwarded-For neither spreads failures over
made-up addresses nor pins them on somebody else's."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOCKED = "Tài khoản tạm khóa do đăng nhập sai 5 lần liên tiếp. Vui lòng thử lại sau 15 phút."
ADDRESS_LOCKED = (
    "Địa chỉ mạng này tạm bị chặn đăng nhập do có 20 lần đăng nhập sai. Vui lòng thử lại sau 15 phút."
)
WAIT = "Có nhiều lần đăng nhập sai từ địa chỉ mạng này. Vui lòng đợi 30 giây rồi thử lại."
ATTACKER, OFFICE, PROXY = "203.0.113.7", "198.51.100.9", "127.0.0.1"


def attempt(client, username, password, address=ATTACKER, **headers):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def fail_five_times(client, username, address=ATTACKER):
    for _ in range(4):
        response = attempt(client, username, "sai-mat-khau", address)
        assert response.status_code == 200  # the form again, with "wrong password"
        assert "mật khẩu chính xác" in response.text
    # The fifth failure locks, and says so at once.
    response = attempt(client, username, "sai-mat-khau", address)
    assert response.status_code == 429
    assert LOCKED in response.text


def time_passes(seconds):
    """Move every stored failure `seconds` into the past."""
    for row in AccessAttempt.objects.all():
        row.attempt_time -= timedelta(seconds=seconds)
        row.save()


@pytest.fixture
def behind_proxy(settings):
    """The README's production set-up: nginx on the same host, named as the trusted proxy."""
    settings.TRUSTED_PROXIES = [PROXY]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


# --- one username at one address (django-axes) ----------------------------------------


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
    fail_five_times(client, inspector.username, address=ATTACKER)
    # Another person at the same address logs in normally.
    assert attempt(client, clerk.username, "pw", address=ATTACKER).status_code == 302
    client.logout()
    # The same account from another address is not locked (the pair is).
    assert attempt(client, inspector.username, "pw", address=OFFICE).status_code == 302


def test_after_the_cool_off_the_right_password_works_and_clears_the_count(client, inspector):
    fail_five_times(client, inspector.username)
    assert attempt(client, inspector.username, "pw").status_code == 429
    time_passes(15 * 60 + 1)
    assert attempt(client, inspector.username, "pw").status_code == 302
    assert not AccessAttempt.objects.filter(username=inspector.username).exists()


def test_the_admin_login_is_locked_too(client, admin_user):
    for _ in range(5):
        client.post(
            reverse("admin:login"), {"username": admin_user.username, "password": "sai"}, REMOTE_ADDR=ATTACKER
        )
    response = client.post(
        reverse("admin:login"), {"username": admin_user.username, "password": "pw"}, REMOTE_ADDR=ATTACKER
    )
    assert response.status_code == 429
    assert LOCKED in response.text


def test_an_admin_unlocks_an_account_with_the_management_command(client, inspector):
    fail_five_times(client, inspector.username)
    call_command("axes_reset_username", inspector.username)
    assert attempt(client, inspector.username, "pw").status_code == 302


def test_client_login_without_a_request_still_works_for_code_and_tests(client, inspector):
    assert client.login(username=inspector.username, password="pw")
    assert not client.login(username=inspector.username, password="sai")


# --- one address, many usernames (password spraying) ----------------------------------


def spray(client, usernames, passwords, address=ATTACKER, **headers):
    """Try each password on each username, waiting out the slow-down; return the responses."""
    responses = []
    for password in passwords:
        for username in usernames:
            response = attempt(client, username, password, address, **headers)
            if WAIT in response.text:
                time_passes(30)
                response = attempt(client, username, password, address, **headers)
            responses.append(response)
    return responses


def test_twenty_failures_over_ten_usernames_lock_the_address(client, inspector, make_user):
    usernames = [f"can_bo_{n}" for n in range(9)] + [inspector.username]
    responses = spray(client, usernames, ["123456", "matkhau"])
    assert [r.status_code for r in responses[:19]] == [200] * 19  # no username reached 5
    assert responses[19].status_code == 429
    assert ADDRESS_LOCKED in responses[19].text
    # Now nothing gets in from there, not even the right password of an unlocked account …
    locked = attempt(client, inspector.username, "pw")
    assert locked.status_code == 429 and ADDRESS_LOCKED in locked.text
    # … while the same person elsewhere logs in.
    assert attempt(client, inspector.username, "pw", address=OFFICE).status_code == 302


def test_after_ten_failures_the_address_is_slowed_to_one_try_per_thirty_seconds(client, inspector):
    for n in range(10):
        assert attempt(client, f"can_bo_{n}", "123456").status_code == 200
    too_soon = attempt(client, inspector.username, "pw")
    assert too_soon.status_code == 429 and WAIT in too_soon.text
    assert "_auth_user_id" not in client.session
    time_passes(30)
    assert attempt(client, inspector.username, "pw").status_code == 302  # the wait was not a failure


def test_logging_into_one_account_does_not_clear_the_address_count(client, inspector, clerk):
    spray(client, [f"can_bo_{n}" for n in range(9)], ["123456", "matkhau"])  # 18 failures
    time_passes(30)
    assert attempt(client, clerk.username, "pw").status_code == 302  # the attacker's own account
    client.logout()
    responses = spray(client, ["can_bo_9"], ["123456", "matkhau"])
    assert responses[-1].status_code == 429 and ADDRESS_LOCKED in responses[-1].text


def test_an_admin_lifts_the_address_lock_with_the_management_command(client, inspector):
    spray(client, [f"can_bo_{n}" for n in range(10)], ["123456", "matkhau"])
    assert attempt(client, inspector.username, "pw").status_code == 429
    call_command("axes_reset_ip", ATTACKER)
    assert attempt(client, inspector.username, "pw").status_code == 302


# --- addresses: forged X-Forwarded-For, through and around the proxy --------------------


def test_twelve_forged_addresses_sent_past_the_proxy_still_lock_the_account(client, inspector, behind_proxy):
    # Straight to gunicorn's port: the socket address is the attacker's, the header is ignored.
    for n in range(12):
        attempt(client, inspector.username, "sai", ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = attempt(client, inspector.username, "pw", ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429 and LOCKED in response.text
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_forged_entries_sent_through_the_proxy_are_not_read(client, inspector, behind_proxy):
    # nginx appends the address it saw to whatever the client sent.
    for n in range(12):
        forwarded = f"192.0.2.{n}, {ATTACKER}"
        attempt(client, inspector.username, "sai", PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    response = attempt(
        client, inspector.username, "pw", PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.99, {ATTACKER}"
    )
    assert response.status_code == 429 and LOCKED in response.text
    # Someone else behind the same proxy (another real address) is not locked.
    assert attempt(client, inspector.username, "pw", PROXY, HTTP_X_FORWARDED_FOR=OFFICE).status_code == 302


def test_nobody_can_lock_out_someone_else_by_naming_their_address(client, inspector, behind_proxy):
    # Around the proxy and through it, the attacker claims to be the office.
    for _ in range(6):
        attempt(client, inspector.username, "sai", ATTACKER, HTTP_X_FORWARDED_FOR=OFFICE)
        attempt(client, inspector.username, "sai", PROXY, HTTP_X_FORWARDED_FOR=f"{OFFICE}, {ATTACKER}")
    spray(
        client,
        [f"can_bo_{n}" for n in range(10)],
        ["1", "2"],
        PROXY,
        HTTP_X_FORWARDED_FOR=f"{OFFICE}, {ATTACKER}",
    )
    # The inspector, at the office, logs in through the proxy.
    assert attempt(client, inspector.username, "pw", PROXY, HTTP_X_FORWARDED_FOR=OFFICE).status_code == 302


def test_without_a_trusted_proxy_forwarded_headers_are_never_read(client, inspector):
    for n in range(5):
        attempt(client, inspector.username, "sai", ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert attempt(client, inspector.username, "pw", ATTACKER).status_code == 429


def test_behind_the_proxy_two_people_are_two_addresses_not_one(client, inspector, clerk, behind_proxy):
    # Before TRUSTED_PROXIES, everyone behind nginx shared its address: one person's typos
    # locked everybody. Now the office is not locked by the attacker's failures.
    spray(client, [f"can_bo_{n}" for n in range(10)], ["1", "2"], PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert attempt(client, clerk.username, "pw", PROXY, HTTP_X_FORWARDED_FOR=OFFICE).status_code == 302


def test_an_https_claim_from_outside_the_proxy_is_dropped(client, inspector, behind_proxy, settings):
    settings.SECURE_SSL_REDIRECT = True
    # From the proxy, X-Forwarded-Proto says the request came over HTTPS.
    page = client.get(reverse("login"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https")
    assert page.status_code == 200
    # From anywhere else the same header is dropped: plain HTTP, sent to HTTPS.
    page = client.get(reverse("login"), REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_PROTO="https")
    assert page.status_code == 301 and page.url.startswith("https://")
