"""The life of the departments' 2023 notice in a real browser: drafted from the round by an
inspector, returned with a comment and later approved by a leader, issued by the clerk as
2880/TB-BQL dated 14/6/2023, then found in the register."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inspections import demo as inspections_demo
from inspections.models import Notice
from units import demo as units_demo
from units.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

ROUND = "Kiểm tra công tác cải cách hành chính tại các phòng chuyên môn năm 2023"


@pytest.fixture
def june_14_2023(monkeypatch):
    """Let the story happen on 14 June 2023, the day the real notice was approved and issued."""
    real_now = timezone.now
    shift = datetime(2023, 6, 14, 8, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")) - real_now()
    monkeypatch.setattr("django.utils.timezone.now", lambda: real_now() + shift)


@pytest.fixture
def board(june_14_2023, monkeypatch):
    monkeypatch.setattr("inspections.pdf.render_issued_pdf", lambda notice: b"%PDF-1.7 stub")
    return inspections_demo.load(units_demo.load())


def log_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state("networkidle")


def test_a_notice_goes_from_the_round_to_the_register(board, page, login, shot):
    # The inspector drafts the notice from the round in one click.
    login("kiemtra", DEMO_PASSWORD)
    page.get_by_role("link", name="Thông báo", exact=True).click()
    shot("notices-01-list-inspector")
    page.get_by_role("row", name=ROUND).get_by_role("button", name="Soạn thông báo từ đợt kiểm tra").click()
    expect(page.get_by_text("Đã soạn dự thảo thông báo")).to_be_visible()
    opening = page.get_by_label("Phần mở đầu").input_value()
    assert "các phòng chuyên môn (09/09 phòng) từ ngày 06-07/6/2023." in opening
    shot("notices-02-edit-draft")

    closing = page.get_by_label("Phần kết luận, yêu cầu")
    closing.fill(
        closing.input_value().replace("./.", "; tăng cường công tác kiểm soát thủ tục hành chính./.")
    )
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_text("Đã lưu dự thảo.")).to_be_visible()
    expect(page.get_by_text("tăng cường công tác kiểm soát thủ tục hành chính./.").first).to_be_visible()
    page.get_by_role("button", name="Trình Lãnh đạo duyệt").click()
    expect(page.get_by_text("Đã trình dự thảo")).to_be_visible()
    notice_url = page.url
    log_out(page)

    # The leader returns it with a comment.
    login("lanhdao", DEMO_PASSWORD)
    page.goto(notice_url)
    page.get_by_role("button", name="Trả lại dự thảo").click()
    expect(page.get_by_text("Nhập ý kiến khi trả lại dự thảo.")).to_be_visible()
    page.get_by_label("Ý kiến").fill("Mục 1 cần nêu rõ cán bộ, công chức tại thời điểm kiểm tra.")
    page.get_by_role("button", name="Trả lại dự thảo").click()
    expect(page.get_by_text("Đã trả lại dự thảo kèm ý kiến.")).to_be_visible()
    shot("notices-03-returned")
    log_out(page)

    # The inspector sees the comment, edits item 1 and submits again.
    login("kiemtra", DEMO_PASSWORD)
    page.goto(notice_url)
    expect(
        page.get_by_text("Mục 1 cần nêu rõ cán bộ, công chức tại thời điểm kiểm tra.").first
    ).to_be_visible()
    shot("notices-04-comment-seen")
    page.get_by_role("link", name="Sửa dự thảo").click()
    page.locator("textarea[name='items-0-text']").fill(
        "Về thực hiện kỷ luật, kỷ cương công vụ, quy chế làm việc: tại thời điểm kiểm tra, "
        "cán bộ, công chức, nhân viên tại các phòng chuyên môn nghiêm chỉnh chấp hành "
        "thời gian làm việc theo đúng quy định."
    )
    page.get_by_role("button", name="Lưu dự thảo").click()
    page.get_by_role("button", name="Trình Lãnh đạo duyệt").click()
    log_out(page)

    # The leader approves.
    login("lanhdao", DEMO_PASSWORD)
    page.goto(notice_url)
    page.get_by_role("button", name="Duyệt thông báo").click()
    expect(page.get_by_text("Đã duyệt thông báo")).to_be_visible()
    log_out(page)

    # The clerk issues it as 2880/TB-BQL dated 14/6/2023.
    login("vanthu", DEMO_PASSWORD)
    page.goto(notice_url)
    page.get_by_role("link", name="Cấp số và ban hành").click()
    assert page.get_by_label("Số văn bản").input_value() == "1"
    assert page.get_by_label("Ngày ban hành").input_value() == "2023-06-14"
    page.get_by_label("Số văn bản").fill("2880")
    shot("notices-05-issue-form")
    page.get_by_role("button", name="Cấp số và ban hành").click()
    expect(page.get_by_text("Đã ban hành Thông báo số 2880/TB-BQL ngày 14/6/2023.")).to_be_visible()
    expect(page.get_by_text("KT. TRƯỞNG BAN")).to_be_visible()
    shot("notices-06-issued")

    page.get_by_role("link", name="Sổ đăng ký", exact=True).click()
    row = page.get_by_role("row").filter(has_text="2880")
    expect(row.get_by_text("TB-BQL")).to_be_visible()
    expect(row.get_by_text("14/6/2023")).to_be_visible()
    expect(row.get_by_text("Bùi Ngọc Hải")).to_be_visible()
    shot("notices-07-register")

    notice = Notice.objects.get()
    assert (notice.status, notice.number, notice.issued_on.isoformat()) == ("issued", 2880, "2023-06-14")
    actions = set(notice_actions(notice))
    assert {"notice.draft", "notice.change", "notice.submit", "notice.return", "notice.approve"} <= actions
    assert "notice.issue" in actions


def notice_actions(notice):
    from inspections.models import AuditEvent

    return AuditEvent.objects.about(notice).values_list("action", flat=True)
