"""Issue 19 in the browser: a notice without its parts cannot be submitted and its page names
what is missing; a draft of a round only partly inspected never claims the whole round."""

import pytest
from playwright.sync_api import expect

from inspections.models import Inspection, NoticeItem
from inspections.services.notices import draft_notice
from units.demo import DEMO_PASSWORD
from units.models import User

ROUND = "Kiểm tra công tác cải cách hành chính tại các phòng chuyên môn năm 2023"


@pytest.fixture
def empty_draft(demo_board):
    inspector = User.objects.get(username="kiemtra")
    notice = draft_notice(Inspection.objects.get(title=ROUND), by=inspector)
    NoticeItem.objects.filter(notice=notice).delete()
    return notice


def test_a_notice_with_no_items_cannot_be_submitted_and_the_checklist_names_it(
    empty_draft, page, login, shot, axe
):
    login("kiemtra", DEMO_PASSWORD)
    page.goto(empty_draft.get_absolute_url())
    checklist = page.locator("section.checklist")
    expect(checklist.locator("li.check-missing")).to_have_count(1)
    expect(checklist.locator("li.check-missing")).to_contain_text("Các mục kết quả")
    expect(checklist.locator("li.check-missing")).to_contain_text("Chưa có mục kết quả nào.")
    expect(page.get_by_role("button", name="Trình Lãnh đạo duyệt")).to_have_count(0)
    expect(page.locator(".why-not")).to_contain_text("Thông báo còn thiếu: Chưa có mục kết quả nào.")
    shot("checklist-01-no-items")
    axe("notice page with its checklist")


def test_an_incomplete_rounds_draft_warns_first_and_never_prints_09_of_09(demo_board, page, login, shot):
    from inspections.models import UnitCheck

    visits = list(UnitCheck.objects.filter(inspection__title=ROUND).order_by("unit__order", "pk"))
    UnitCheck.objects.filter(pk__in=[v.pk for v in visits[4:]]).update(status=UnitCheck.Status.PLANNED)
    login("kiemtra", DEMO_PASSWORD)
    page.goto(Inspection.objects.get(title=ROUND).get_absolute_url())
    page.get_by_role("button", name="Soạn thông báo từ đợt kiểm tra").first.click()
    expect(page.get_by_role("alert")).to_contain_text("mới kiểm tra 4/9 đơn vị")
    shot("draft-01-incomplete-round-asks")
    page.get_by_label("Tôi hiểu đợt kiểm tra chưa kiểm tra xong", exact=False).check()
    page.get_by_role("button", name="Vẫn soạn dự thảo mới").click()
    expect(page.get_by_text("Đợt kiểm tra chưa kiểm tra xong")).to_be_visible()
    opening = page.get_by_label("Phần mở đầu").input_value()
    assert "09/09" not in opening and "04/09 phòng chuyên môn" in opening
    assert "chưa kiểm tra " + visits[4].unit.name in opening
    page.goto(page.url.replace("/edit/", "/"))
    assert "09/09" not in page.locator("article.notice-text").inner_text()
