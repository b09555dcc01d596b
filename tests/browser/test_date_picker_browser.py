"""The app's date fields show and send dd/mm/yyyy, with a calendar to pick from (issue 19)."""

from datetime import date

import pytest

from inspections.models import Inspection
from units.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def calendar_button(page, field_id: str):
    field = page.locator(".datepicker-field", has=page.locator(f"#{field_id}"))
    return field.get_by_role("button", name="Chọn ngày trên lịch")


def test_an_inspector_picks_a_date_on_the_calendar_and_it_is_saved(demo_board, page, login, shot, axe):
    round_ = Inspection.objects.get(title__contains="các phòng chuyên môn")
    login("kiemtra", DEMO_PASSWORD)
    page.goto(f"/inspections/{round_.pk}/edit/")
    ends = page.get_by_label("Đến ngày")
    # Shown in the Vietnamese order, whatever the browser's language.
    assert ends.input_value() == "07/06/2023"
    assert page.get_by_label("Từ ngày").input_value() == "06/06/2023"

    calendar_button(page, "id_ends_on").click()
    calendar = page.get_by_role("dialog", name="Chọn ngày")
    assert calendar.get_by_text("Tháng 6 năm 2023").is_visible()
    assert calendar.locator("th").all_inner_texts() == ["T2", "T3", "T4", "T5", "T6", "T7", "CN"]
    assert (
        calendar.get_by_role("button", name="7 tháng 6 năm 2023", exact=True).get_attribute("aria-pressed")
        == "true"
    )
    shot("date-picker-open")
    axe("date picker open")
    # Forward a month and back, then pick Friday 9 June.
    calendar.get_by_role("button", name="Tháng sau").click()
    assert calendar.get_by_text("Tháng 7 năm 2023").is_visible()
    calendar.get_by_role("button", name="Tháng trước").click()
    calendar.get_by_role("button", name="9 tháng 6 năm 2023", exact=True).click()
    assert not calendar.is_visible()
    assert ends.input_value() == "09/06/2023"

    page.get_by_role("button", name="Lưu đợt kiểm tra").click()
    page.wait_for_load_state("networkidle")
    round_.refresh_from_db()
    assert round_.ends_on == date(2023, 6, 9)
    page.goto(f"/inspections/{round_.pk}/edit/")
    assert page.get_by_label("Đến ngày").input_value() == "09/06/2023"


def test_a_typed_day_first_date_is_read_day_first_and_escape_closes_the_calendar(demo_board, page, login):
    round_ = Inspection.objects.get(title__contains="các phòng chuyên môn")
    login("kiemtra", DEMO_PASSWORD)
    page.goto(f"/inspections/{round_.pk}/edit/")
    calendar_button(page, "id_starts_on").click()
    assert page.get_by_role("dialog", name="Chọn ngày").is_visible()
    page.keyboard.press("Escape")
    assert not page.get_by_role("dialog", name="Chọn ngày").is_visible()
    # 05/06/2023 is 5 June, never 6 May.
    page.get_by_label("Từ ngày").fill("05/06/2023")
    page.get_by_role("button", name="Lưu đợt kiểm tra").click()
    page.wait_for_load_state("networkidle")
    round_.refresh_from_db()
    assert round_.starts_on == date(2023, 6, 5)
