"""The main pages on a tablet held upright (768 px wide): nothing runs off the side of the page
(wide tables scroll inside their own box), the navigation and the main actions stay visible,
and axe finds nothing serious."""

import pytest
from playwright.sync_api import expect

from inspections.models import Notice
from units.demo import DEMO_PASSWORD

ROUND = "Kiểm tra công tác cải cách hành chính tại các phòng chuyên môn năm 2023"


@pytest.fixture
def tablet(page):
    page.set_viewport_size({"width": 768, "height": 1024})
    return page


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_main_pages_fit_a_tablet(demo_board, tablet, login, shot, axe):
    page = tablet
    login("kiemtra", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Việc chờ tôi xử lý")).to_be_visible()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    assert fits_the_width(page)
    shot("tablet-01-dashboard")
    axe("dashboard, tablet")

    page.get_by_role("link", name="Đợt kiểm tra", exact=True).click()
    page.get_by_role("link", name=ROUND).click()
    expect(page.get_by_role("button", name="Soạn thông báo từ đợt kiểm tra")).to_be_visible()
    assert fits_the_width(page)
    grid = page.locator(".table-wrap").filter(has=page.locator("table.grid"))
    assert grid.evaluate("box => box.scrollWidth > box.clientWidth")  # the grid scrolls in its box
    shot("tablet-02-round-grid")
    axe("round grid, tablet")

    page.get_by_role("link", name="Phòng Quản lý Đầu tư").click()
    page.locator("tr.finding-row").first.get_by_role("button", name="Sửa").click()
    form = page.locator("tr.editing form.finding-form")
    expect(form.get_by_role("button", name="Lưu")).to_be_visible()
    assert fits_the_width(page)
    shot("tablet-03-visit-with-form")
    axe("visit, tablet")

    page.goto(Notice.objects.get(number=2880).get_absolute_url())
    expect(page.get_by_role("heading", name="Thông báo số 2880/TB-BQL")).to_be_visible()
    expect(page.get_by_role("article", name="Nội dung thông báo")).to_be_visible()
    expect(page.locator(".trail li", has_text="Phạm Thị Hoa: Ban hành").first).to_be_visible()
    assert fits_the_width(page)
    shot("tablet-04-notice")
    axe("notice, tablet")

    page.get_by_role("link", name="Sổ đăng ký", exact=True).click()
    expect(page.get_by_role("button", name="In các thông báo đã chọn (một tệp PDF)")).to_be_visible()
    assert fits_the_width(page)
    shot("tablet-05-register")
    axe("register, tablet")
