"""The public verification page is rate-limited per address: the 6th post in a minute from one
address gets a Vietnamese 429 page, before its body is read; other addresses are not affected."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hostile_files import MB, MultipartBody, post_stream

pytestmark = pytest.mark.django_db


def verify_url(world) -> str:
    return reverse("inspections:verify", args=[world.notices["issued"].verification_code])


def post_pdf(client: Client, url: str, **extra):
    return client.post(url, {"file": SimpleUploadedFile("2880.pdf", b"%PDF-1.7 ban sao")}, **extra)


def test_the_sixth_post_in_a_minute_from_one_address_gets_429(world):
    url = verify_url(world)
    visitor = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(5):
        response = post_pdf(visitor, url)
        assert response.status_code == 200 and "không</strong> trùng khớp" in response.content.decode()

    refused = post_pdf(visitor, url)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    html = refused.content.decode()
    assert "Quá nhiều yêu cầu" in html
    assert "Địa chỉ của bạn đã gửi 5 lần đối chiếu tệp trong 60 giây" in html
    assert f"Vui lòng thử lại sau <strong>{refused['Retry-After']} giây</strong>" in html

    assert visitor.get(url).status_code == 200  # the page itself stays readable
    assert post_pdf(Client(REMOTE_ADDR="203.0.113.8"), url).status_code == 200  # another address


def test_a_throttled_post_is_refused_before_its_body_is_read(world):
    url = verify_url(world)
    for _ in range(5):
        post_pdf(Client(REMOTE_ADDR="203.0.113.7"), url)
    body = MultipartBody({"csrfmiddlewaretoken": "CSRF-TOKEN"}, "file", "ban-sao.pdf", 40 * MB)
    response = post_stream(url, body)  # from 203.0.113.7
    assert response.status_code == 429
    assert body.consumed == 0


def test_behind_the_proxy_the_count_follows_the_address_the_proxy_saw(world, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # the README's nginx on the same host
    url = verify_url(world)
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    for spoofed in range(5):
        # Whatever the client puts first, the proxy appends the address it saw last.
        forwarded = f"10.0.0.{spoofed}, 198.51.100.4"
        assert post_pdf(proxy, url, HTTP_X_FORWARDED_FOR=forwarded).status_code == 200
    assert post_pdf(proxy, url, HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.4").status_code == 429
    assert post_pdf(proxy, url, HTTP_X_FORWARDED_FOR="198.51.100.5").status_code == 200
