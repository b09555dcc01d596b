"""Journey 2 (issue 8): the leader finds the submitted draft waiting, returns it with a comment;
the inspector reads the comment, fixes the draft and submits it again; the notice's signer,
Bùi Ngọc Hải, approves it by signing (issue 12): a wrong password first, then his own.

Starts where journey 1 ends: the departments' 2023 notice drafted from the round and submitted
by the inspector (through the services), on 14/6/2023."""

import re

import pytest
from playwright.sync_api import expect

from inspections.models import AuditEvent, Inspection, Notice
from inspections.services.notices import apply_action, draft_notice
from units.demo import DEMO_PASSWORD
from units.models import User

ROUND = "Kiểm tra công tác cải cách hành chính tại các phòng chuyên môn năm 2023"
TITLE = (
    "Kết quả kiểm tra công tác cải cách hành chính tại các phòng chuyên môn thuộc "
    "Ban Quản lý Khu kinh tế Hải Phòng"
)
COMMENT = "Mục 1 cần nêu rõ cán bộ, công chức tại thời điểm kiểm tra."
FIXED = (
    "Về thực hiện kỷ luật, kỷ cương công vụ, quy chế làm việc: tại thời điểm kiểm tra, "
    "cán bộ, công chức, nhân viên tại các phòng chuyên môn nghiêm chỉnh chấp hành "
    "thời gian làm việc theo đúng quy định."
)


@pytest.fixture
def submitted(demo_board):
    inspector = User.objects.get(username="kiemtra")
    notice = draft_notice(Inspection.objects.get(title=ROUND), by=inspector)
    return apply_action(notice, "submit", by=inspector)


def test_leader_returns_the_draft_with_a_comment_then_approves_the_fixed_one(
    submitted, page, login, logout, shot, axe
):
    # The leader sees the draft waiting, on the start page and in the notifications.
    login("lanhdao", DEMO_PASSWORD)
    waiting = page.locator("section.waiting")
    expect(waiting.get_by_role("heading", name="Dự thảo chờ duyệt (1)")).to_be_visible()
    expect(waiting.get_by_text("trình bởi Nguyễn Thu Hà")).to_be_visible()
    badge = page.get_by_role("navigation", name="Chức năng chính").get_by_role(
        "link", name="Thông báo cho tôi"
    )
    expect(badge.locator(".badge")).to_have_text("1")
    shot("j2-01-leader-dashboard-waiting")
    axe("leader dashboard")
    badge.click()
    expect(page.get_by_role("link", name=f"Dự thảo chờ duyệt: {TITLE}")).to_be_visible()
    expect(page.get_by_text("Trình bởi Nguyễn Thu Hà")).to_be_visible()
    shot("j2-02-leader-notifications")
    axe("notifications")

    # Returning needs a comment; the message says so and nothing changes.
    page.get_by_role("link", name=f"Dự thảo chờ duyệt: {TITLE}").click()
    expect(page.get_by_text("Chờ duyệt").first).to_be_visible()
    expect(page.get_by_role("link", name="Duyệt và ký số…")).to_have_count(0)  # he does not sign it
    expect(page.get_by_role("button", name="Trả lại dự thảo")).to_be_visible()
    axe("notice in review, for the leader")
    page.get_by_role("button", name="Trả lại dự thảo").click()
    expect(page.get_by_text("Trả lại dự thảo phải kèm ý kiến.")).to_be_visible()
    axe("return form with its error")
    page.get_by_label("Ý kiến").fill(COMMENT)
    page.get_by_role("button", name="Trả lại dự thảo").click()
    expect(page.get_by_text("Đã trả lại dự thảo kèm ý kiến.")).to_be_visible()
    expect(page.get_by_role("button", name="Trả lại dự thảo")).to_have_count(0)
    shot("j2-03-returned-by-leader")
    axe("returned notice, for the leader")
    notice_url = page.url
    logout()

    # The inspector finds it returned, reads the comment, fixes item 1 and submits again.
    login("kiemtra", DEMO_PASSWORD)
    waiting = page.locator("section.waiting")
    expect(waiting.get_by_role("heading", name="Dự thảo của tôi bị trả lại (1)")).to_be_visible()
    shot("j2-04-inspector-dashboard-returned")
    axe("inspector dashboard with a returned draft")
    waiting.get_by_role("link", name=TITLE).click()
    comments = page.get_by_role("region", name="Ý kiến của Lãnh đạo")
    expect(comments.get_by_text(COMMENT)).to_be_visible()
    expect(comments.get_by_text("Trần Văn Minh")).to_be_visible()
    expect(page.get_by_role("link", name="Duyệt và ký số…")).to_have_count(0)  # not one's own
    shot("j2-05-comment-seen")
    axe("returned notice, for the inspector")
    page.get_by_role("link", name="Sửa dự thảo").click()
    page.get_by_label("Nội dung mục 1").fill(FIXED)
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_text("Đã lưu dự thảo.")).to_be_visible()
    expect(page.get_by_role("article", name="Nội dung thông báo").get_by_text(FIXED)).to_be_visible()
    page.get_by_role("button", name="Trình Lãnh đạo duyệt").click()
    expect(page.get_by_text("Đã trình dự thảo")).to_be_visible()
    logout()

    # The signer approves by signing: the approve page, a wrong password, then his own.
    login("bui.ngoc.hai", DEMO_PASSWORD)
    page.goto(notice_url)
    expect(page.get_by_role("article", name="Nội dung thông báo").get_by_text(FIXED)).to_be_visible()
    page.get_by_role("link", name="Duyệt và ký số…").click()
    expect(page.get_by_role("heading", name="Duyệt và ký số thông báo")).to_be_visible()
    expect(
        page.get_by_role("row", name=re.compile(r"^Chủ thể CN=Bùi Ngọc Hải, T=Phó Trưởng ban"))
    ).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bản PDF cần ký").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    shot("j2-06-approve-page")
    axe("approve page")
    sign_here = page.get_by_role("region", name="Ký tại đây")
    sign_here.get_by_label("Ý kiến").fill("Đồng ý ban hành.")
    page.get_by_label("Mật khẩu tệp chứng thư (PKCS#12)").fill("sai-mat-khau")
    page.get_by_role("button", name="Duyệt và ký số").click()
    expect(page.get_by_text("mật khẩu không đúng")).to_be_visible()
    sign_here = page.get_by_role("region", name="Ký tại đây")
    expect(sign_here.get_by_label("Ý kiến")).to_have_value("Đồng ý ban hành.")  # kept; the password is not
    shot("j2-07-approve-wrong-password")
    axe("approve page with its error")
    assert Notice.objects.get(pk=submitted.pk).status == "in_review"
    page.get_by_label("Mật khẩu tệp chứng thư (PKCS#12)").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Duyệt và ký số").click()
    expect(page.get_by_text("Đã duyệt và ký số thông báo")).to_be_visible()
    expect(page.get_by_text("Người duyệt: Bùi Ngọc Hải")).to_be_visible()
    expect(page.get_by_role("button", name="Trả lại dự thảo")).to_have_count(0)
    shot("j2-08-approved")
    axe("approved notice")

    notice = Notice.objects.get(pk=submitted.pk)
    assert (notice.status, notice.approved_by.username) == ("approved", "bui.ngoc.hai")
    assert notice.items.get(position=1).text == FIXED
    trail = AuditEvent.objects.about(notice).order_by("pk")
    assert [(e.action, e.actor.username) for e in trail] == [
        ("notice.draft", "kiemtra"),
        ("notice.submit", "kiemtra"),
        ("notice.return", "lanhdao"),
        ("notice.change", "kiemtra"),
        ("notice.submit", "kiemtra"),
        ("notice.prepare", "bui.ngoc.hai"),
        ("notice.approve", "bui.ngoc.hai"),
        ("notice.sign", "bui.ngoc.hai"),
    ]
    assert trail[2].data["comment"] == COMMENT
