"""A phone held upright (390 × 844): the menu folds behind one button, file inputs speak
Vietnamese, and an inspector enters a finding with a photo taken on the spot."""

import pytest
from playwright.sync_api import expect
from test_journey_1_inspector import small_png

from inspections.models import Evidence, Finding
from units.demo import DEMO_PASSWORD

ROUND = "Kiểm tra công tác cải cách hành chính tại các phòng chuyên môn năm 2023"
CRITERION = "Niêm yết Bản cam kết chống phiền hà sách nhiễu"
OBSERVATION = "Bản cam kết niêm yết ở hành lang, khuất tầm nhìn của người đến làm thủ tục."


def no_sideways_scroll(page) -> bool:
    """Issue 19: the visit page was 752 px wide on a 390 px phone. Neither the page nor a box
    inside it (a table scrolling within its wrapper) may be wider than the screen; clipped
    1-px "visually hidden" labels for screen readers do not count."""
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate(
        "Array.from(document.querySelectorAll('main *')).filter(e => e.clientWidth > 1"
        " && e.scrollWidth - e.clientWidth > 1 && getComputedStyle(e).overflowX !== 'visible')"
        ".map(e => e.tagName + '.' + e.className)"
    )
    assert not inner, f"boxes scrolling sideways: {inner}"
    return width <= 390


@pytest.fixture
def page(browser, live_server):
    """This module's page is a phone: the shared login, axe and shot fixtures drive it."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
    )
    page = context.new_page()
    yield page
    context.close()


def test_the_menu_folds_behind_one_button_and_keeps_name_and_logout_reachable(
    demo_board, page, login, shot, axe
):
    login("kiemtra", DEMO_PASSWORD)
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 100  # the content starts high on the screen, not ~300 px down
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("link", name="Đợt kiểm tra", exact=True)).to_be_hidden()
    shot("phone-01-menu-closed")

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="Đợt kiểm tra", exact=True)).to_be_visible()
    expect(page.get_by_text("Nguyễn Thu Hà")).to_be_visible()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    shot("phone-02-menu-open")
    axe("menu open on a phone")
    page.get_by_role("link", name="Đợt kiểm tra", exact=True).click()
    expect(page.get_by_role("heading", name="Đợt kiểm tra")).to_be_visible()


def test_an_inspector_enters_a_finding_with_a_photo_on_a_phone(demo_board, page, login, shot, axe, tmp_path):
    login("kiemtra", DEMO_PASSWORD)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Đợt kiểm tra", exact=True).click()
    page.get_by_role(
        "link", name="Kiểm tra công tác cải cách hành chính tại các phòng chuyên môn năm 2023"
    ).click()
    page.get_by_role("link", name="Phòng Quản lý Đầu tư").click()
    expect(page.get_by_role("heading", name="Kiểm tra tại Phòng Quản lý Đầu tư")).to_be_visible()

    row = page.locator("tr.finding-row", has_text=CRITERION)
    row.get_by_role("button", name="Sửa").click()
    form = page.locator("tr.editing form.finding-form")
    form.get_by_label("Có tồn tại, hạn chế").check()
    form.get_by_label("Nhận xét").fill(OBSERVATION)
    form.get_by_label("Hạn khắc phục").fill("30/06/2023")
    shot("phone-03-finding-form")
    assert no_sideways_scroll(page), "the finding form is wider than the phone"
    form.get_by_role("button", name="Lưu").click()
    saved = page.locator("tr.finding-row:not(.editing)", has_text=OBSERVATION)
    expect(saved).to_be_visible()
    assert no_sideways_scroll(page), "the visit page is wider than the phone"

    # The file input speaks Vietnamese and offers the camera; the browser's "Choose File" is hidden.
    expect(saved.get_by_role("button", name="Chụp ảnh")).to_be_visible()
    expect(saved.get_by_text("Chưa chọn tệp")).to_be_visible()
    file_input = saved.get_by_label(f"Tệp minh chứng cho “{CRITERION}”")
    expect(file_input).to_have_attribute("accept", ".pdf,.jpg,.jpeg,.png,.docx,.xlsx")
    photo = tmp_path / "anh-chup-bang-niem-yet.png"
    photo.write_bytes(small_png())
    with page.expect_file_chooser() as chooser:
        saved.get_by_role("button", name="Chụp ảnh").click()
    assert chooser.value.element.get_attribute("capture") == "environment"
    chooser.value.set_files(str(photo))
    expect(saved.get_by_text("anh-chup-bang-niem-yet.png")).to_be_visible()
    shot("phone-04-photo-chosen")
    saved.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_role("link", name="anh-chup-bang-niem-yet.png")).to_be_visible()
    axe("visit on a phone")

    finding = Finding.objects.get(  # the June round (the demo also holds an October spot check)
        unit_check__unit__name="Phòng Quản lý Đầu tư",
        unit_check__checked_on__month=6,
        criterion__name=CRITERION,
    )
    assert finding.result == "shortcoming" and finding.observation == OBSERVATION
    evidence = Evidence.objects.get(finding=finding)
    assert evidence.original_name == "anh-chup-bang-niem-yet.png" and evidence.content_type == "image/png"
