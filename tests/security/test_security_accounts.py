"""Accounts: log in and out, change one's own password; resetting a forgotten password by
e-mail only when an administrator turns it on, and then throttled, in Vietnamese."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

RESET = "/accounts/password_reset/"


@pytest.fixture
def reset_on(settings):
    """An administrator has set PASSWORD_RESET_ENABLED=true (the counts of the rate limits live
    in the shared cache, a fresh one in each test)."""
    settings.PASSWORD_RESET_ENABLED = True


@pytest.fixture
def with_email(inspector, clerk):
    inspector.email, clerk.email = "ha.nt@haiphong.gov.vn", "hoa.pt@haiphong.gov.vn"
    inspector.save()
    clerk.save()
    return inspector


@pytest.mark.parametrize(
    "path",
    [RESET, "/accounts/password_reset/done/", "/accounts/reset/MQ/set-password/", "/accounts/reset/done/"],
)
def test_the_reset_pages_answer_404_by_default_to_everyone(client, inspector, path):
    assert client.get(path).status_code == 404
    assert client.post(path, {"email": "ha.nt@haiphong.gov.vn"}).status_code == 404
    client.force_login(inspector)
    assert client.get(path).status_code == 404
    assert mail.outbox == []


def test_the_login_page_offers_no_reset_link_by_default(client):
    assert RESET not in client.get(reverse("login")).content.decode()


def test_once_turned_on_a_reset_mail_in_vietnamese_leads_to_a_new_password(client, reset_on, with_email):
    assert RESET in client.get(reverse("login")).content.decode()
    response = client.post(RESET, {"email": "ha.nt@haiphong.gov.vn"})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    (message,) = mail.outbox
    assert message.subject == "Đặt lại mật khẩu – Kiểm tra cải cách hành chính"
    assert "Kính gửi Nguyễn Thu Hà," in message.body and "trong 3 ngày" in message.body
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    page = client.get(link.split("testserver", 1)[1], follow=True)
    assert "Đặt mật khẩu mới" in page.content.decode()
    done = client.post(
        page.redirect_chain[-1][0], {"new_password1": "Hai-Phong-2024!", "new_password2": "Hai-Phong-2024!"}
    )
    assert done.status_code == 302
    with_email.refresh_from_db()
    assert with_email.check_password("Hai-Phong-2024!")


def test_one_address_may_ask_five_times_an_hour(client, reset_on, with_email):
    for n in range(5):
        assert client.post(RESET, {"email": f"khong-co-{n}@example.vn"}).status_code == 302
    refused = client.post(RESET, {"email": "ha.nt@haiphong.gov.vn"})
    assert refused.status_code == 429
    assert "Địa chỉ mạng này đã gửi 5 yêu cầu đặt lại mật khẩu trong một giờ qua." in refused.content.decode()
    assert mail.outbox == []
    # Another address is not affected.
    assert (
        Client(REMOTE_ADDR="198.51.100.9").post(RESET, {"email": "ha.nt@haiphong.gov.vn"}).status_code == 302
    )
    assert len(mail.outbox) == 1


def test_one_account_gets_three_mails_an_hour_whoever_asks(reset_on, with_email):
    for n in range(3):
        response = Client(REMOTE_ADDR=f"192.0.2.{n}").post(RESET, {"email": "HA.NT@haiphong.gov.vn"})
        assert response.status_code == 302
    refused = Client(REMOTE_ADDR="192.0.2.50").post(RESET, {"email": "ha.nt@haiphong.gov.vn"})
    assert refused.status_code == 429
    assert refused.context["form"].errors["email"] == [
        "Đã có 3 yêu cầu đặt lại mật khẩu cho địa chỉ e-mail này trong một giờ qua. "
        "Hãy kiểm tra hộp thư (cả thư rác) hoặc thử lại sau."
    ]
    assert len(mail.outbox) == 3
    # The clerk's mailbox is a different account.
    assert (
        Client(REMOTE_ADDR="192.0.2.51").post(RESET, {"email": "hoa.pt@haiphong.gov.vn"}).status_code == 302
    )


def test_the_reset_form_needs_its_csrf_token(reset_on, with_email):
    client = Client(enforce_csrf_checks=True)
    response = client.post(RESET, {"email": "ha.nt@haiphong.gov.vn"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()
    assert mail.outbox == []


def test_a_logged_in_person_changes_their_password_in_the_site_layout(client, inspector):
    client.force_login(inspector)
    home = client.get(reverse("home")).content.decode()
    assert reverse("password_change") in home
    page = client.get(reverse("password_change"))
    assert "Đổi mật khẩu" in page.content.decode() and 'class="site-header"' in page.content.decode()
    wrong = client.post(
        reverse("password_change"),
        {"old_password": "sai", "new_password1": "Hai-Phong-2024!", "new_password2": "Hai-Phong-2024!"},
    )
    assert wrong.status_code == 200
    assert "Mật khẩu cũ" in wrong.content.decode()  # Django's own message, in Vietnamese
    done = client.post(
        reverse("password_change"),
        {"old_password": "pw", "new_password1": "Hai-Phong-2024!", "new_password2": "Hai-Phong-2024!"},
    )
    assert done.status_code == 302
    inspector.refresh_from_db()
    assert inspector.check_password("Hai-Phong-2024!")


def test_changing_a_password_needs_a_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_session_lasts_a_working_day(client, inspector, settings):
    assert settings.SESSION_COOKIE_AGE == 10 * 3600
    response = client.post(reverse("login"), {"username": inspector.username, "password": "pw"})
    assert response.cookies["sessionid"]["max-age"] == 10 * 3600
