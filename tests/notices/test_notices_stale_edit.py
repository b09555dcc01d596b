"""Two tabs editing one notice draft (issue 19): the stale save is refused as a finding's is,
what was typed stays in the form, and a second deliberate save goes through."""

import pytest
from django.urls import reverse
from test_notices_immutability import edit_post

from inspections.models import AuditEvent, Notice

pytestmark = pytest.mark.django_db


def test_a_notice_draft_saved_in_another_tab_refuses_the_stale_save_and_keeps_the_typed_text(
    client, make_notice, inspector
):
    notice = make_notice("draft")
    url = reverse("inspections:notice-edit", args=[notice.pk])
    client.force_login(inspector)
    first_tab = edit_post(notice, closing="Bản của thẻ thứ nhất./.")
    second_tab = edit_post(notice, closing="Bản của thẻ thứ hai./.")
    assert client.post(url, first_tab).status_code == 302

    response = client.post(url, second_tab)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Dự thảo vừa được Nguyễn Thu Hà sửa lúc" in html and "chưa có gì của bạn được lưu" in html
    assert "Bản của thẻ thứ hai./." in html  # what the second tab typed is still in its box
    notice.refresh_from_db()
    assert notice.closing == "Bản của thẻ thứ nhất./."

    # The page now carries the newer version: a second, deliberate save goes through.
    again = dict(second_tab, version=response.context["form"]["version"].value())
    assert client.post(url, again).status_code == 302
    notice.refresh_from_db()
    assert notice.closing == "Bản của thẻ thứ hai./."
    assert AuditEvent.objects.about(notice).filter(action="notice.change").count() == 2
    assert Notice.objects.count() == 1
