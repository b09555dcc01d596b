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
