"""A notice's text is refused, next to its field, when it holds a character no print font has."""

import pytest
from django.urls import reverse
from test_notices_pages import form_data

from inspections.models import AuditEvent

pytestmark = pytest.mark.django_db

MESSAGE = "Không in được ký tự “漢” (U+6F22)"


def test_an_unprintable_character_is_refused_next_to_its_field_and_nothing_is_saved(
    client, make_notice, inspector
):
    notice = make_notice("draft")
    url = reverse("inspections:notice-edit", args=[notice.pk])
    client.force_login(inspector)
    data = form_data(client.get(url))
    data["title"] = "Kết quả kiểm tra 漢"
    data["items-0-text"] = "Mục một có chữ 漢 lạ."
    data["closing"] = "Đoạn kết mới, chưa được lưu."

    response = client.post(url, data)

    assert response.status_code == 400
    page = response.content.decode()
    assert page.count(MESSAGE) == 2
    assert "Kết quả kiểm tra 漢" in page and "Mục một có chữ 漢 lạ." in page  # kept as typed
    assert "Đoạn kết mới, chưa được lưu." in page
    notice.refresh_from_db()
    assert "漢" not in notice.title and notice.closing != "Đoạn kết mới, chưa được lưu."
    assert not notice.items.filter(text__contains="漢").exists()
    assert not AuditEvent.objects.about(notice).filter(action="notice.change").exists()


def test_symbols_and_emoji_the_fonts_have_are_saved(client, make_notice, inspector):
    notice = make_notice("draft")
    url = reverse("inspections:notice-edit", args=[notice.pk])
    client.force_login(inspector)
    data = form_data(client.get(url))
    data["items-0-text"] = "Đã niêm yết ✓, chưa ☐ ⇒ bổ sung 👍."
    assert client.post(url, data).status_code == 302
    assert notice.items.filter(text="Đã niêm yết ✓, chưa ☐ ⇒ bổ sung 👍.").exists()
