from datetime import date

import pytest
from django.core.management import call_command

from inspections.models import AuditEvent, Finding
from units.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_inspector_records_a_shortcoming_inline_without_reloading(page, login, shot):
    call_command("load_demo")
    login("kiemtra", DEMO_PASSWORD)
    page.get_by_role("link", name="Đợt kiểm tra", exact=True).click()
    shot("records-01-rounds")
    page.get_by_role(
        "link", name="Kiểm tra công tác cải cách hành chính tại các phòng chuyên môn năm 2023"
    ).click()
    assert page.get_by_text("Đã kiểm tra 9/9 phòng").is_visible()
    shot("records-02-round-grid")

    page.get_by_role("link", name="Phòng Quản lý Đầu tư").click()
    assert page.get_by_role("heading", name="Kiểm tra tại Phòng Quản lý Đầu tư").is_visible()
    page.evaluate("window.__no_reload = true")  # survives only if the page is never reloaded
    row = page.locator("tr.finding-row", has_text="Niêm yết Bản cam kết chống phiền hà sách nhiễu")
    row.get_by_role("button", name="Sửa").click()
    form = page.locator("tr.editing form.finding-form")
    form.wait_for()
    form.get_by_label("Có tồn tại, hạn chế").check()
    form.get_by_label("Nhận xét").fill("Chưa niêm yết Bản cam kết tại bộ phận một cửa.")
    form.get_by_label("Kiến nghị").fill("Niêm yết ngay tại nơi tiếp công dân.")
    form.get_by_label("Hạn khắc phục").fill("2023-06-30")
    shot("records-03-inline-form")
    form.get_by_role("button", name="Lưu").click()

    saved = page.locator(
        "tr.finding-row:not(.editing)", has_text="Chưa niêm yết Bản cam kết tại bộ phận một cửa."
    )
    saved.wait_for()
    assert saved.get_by_text("! Có tồn tại, hạn chế").is_visible()
    assert saved.get_by_text("Hạn 30/6/2023").is_visible()
    assert page.evaluate("window.__no_reload") is True
    shot("records-04-row-saved")

    finding = Finding.objects.get(
        unit_check__unit__name="Phòng Quản lý Đầu tư", criterion__name__startswith="Niêm yết"
    )
    assert finding.result == "shortcoming" and finding.due_on == date(2023, 6, 30) and finding.version == 2
    assert AuditEvent.objects.about(finding).get().actor.username == "kiemtra"

    page.reload()
    assert page.locator("#history").get_by_text("Chưa niêm yết Bản cam kết tại bộ phận một cửa.").is_visible()
    shot("records-05-history")
