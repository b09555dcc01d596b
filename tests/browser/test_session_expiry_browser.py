"""Issue 19: a session that expires while a finding is being typed keeps the text. The save
meets a 401, the row keeps its form, a dialog offers to log in again in a new tab, and the
second "Lưu" saves what was typed. Limited boxes count their characters and never cut."""

from playwright.sync_api import expect

from inspections.models import Finding, UnitCheck
from units.demo import DEMO_PASSWORD

CRITERION = "Niêm yết Bản cam kết chống phiền hà sách nhiễu"
OBSERVATION = "Bản cam kết niêm yết ở hành lang, khuất tầm nhìn; đã nhắc phòng chuyển ra nơi tiếp dân."


def test_a_session_expired_mid_edit_keeps_the_typed_text_and_saves_after_logging_in_again(
    demo_board, page, login, shot
):
    from django.contrib.sessions.models import Session

    visit = UnitCheck.objects.get(unit__name="Phòng Quản lý Đầu tư", checked_on__month=6)
    login("kiemtra", DEMO_PASSWORD)
    page.goto(visit.get_absolute_url())
    row = page.locator("tr.finding-row", has_text=CRITERION)
    row.get_by_role("button", name="Sửa").click()
    form = page.locator("tr.editing form.finding-form")
    form.get_by_label("Nhận xét").fill(OBSERVATION)
    expect(form.locator(".char-count").first).to_have_text(f"{len(OBSERVATION)}/5.000 ký tự")

    Session.objects.all().delete()  # the working day is over: the session has expired
    form.get_by_role("button", name="Lưu").click()
    dialog = page.get_by_role("dialog", name="Phiên đăng nhập đã hết hạn")
    expect(dialog).to_be_visible()
    expect(form.get_by_label("Nhận xét")).to_have_value(OBSERVATION)  # nothing swapped away
    expect(page.locator("tr.finding-row form input[name='username']")).to_have_count(0)
    shot("session-01-expired-dialog")

    with page.context.expect_page() as new_tab:
        dialog.get_by_role("link", name="Đăng nhập lại (mở thẻ mới)").click()
    tab = new_tab.value
    tab.get_by_label("Tên đăng nhập").fill("kiemtra")
    tab.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    tab.get_by_role("button", name="Đăng nhập").click()
    tab.wait_for_load_state("networkidle")
    tab.close()

    dialog.get_by_role("button", name="Đóng, quay lại nội dung đang nhập").click()
    form.get_by_role("button", name="Lưu").click()
    expect(page.locator("tr.finding-row:not(.editing)", has_text=OBSERVATION)).to_be_visible()
    finding = Finding.objects.get(unit_check=visit, criterion__name=CRITERION)
    assert finding.observation == OBSERVATION


def test_an_over_long_paste_is_counted_and_refused_not_cut(demo_board, page, login):
    visit = UnitCheck.objects.get(unit__name="Phòng Quản lý Đầu tư", checked_on__month=6)
    login("kiemtra", DEMO_PASSWORD)
    page.goto(visit.get_absolute_url())
    page.locator("tr.finding-row", has_text=CRITERION).get_by_role("button", name="Sửa").click()
    form = page.locator("tr.editing form.finding-form")
    text = ("Nhận xét rất dài về việc niêm yết. " * 200)[:6_479] + "."
    form.get_by_label("Nhận xét").fill(text)
    expect(form.get_by_label("Nhận xét")).to_have_value(text)  # all 6,480 characters, none cut
    expect(form.locator(".char-count.over")).to_contain_text("6.480/5.000 ký tự: vượt giới hạn")
    form.get_by_role("button", name="Lưu").click()
    expect(page.locator("tr.editing")).to_contain_text("Tối đa 5.000 ký tự (hiện có 6.480).")
    expect(page.locator("tr.editing form.finding-form").get_by_label("Nhận xét")).to_have_value(text)


def test_the_entered_count_refreshes_after_a_save(demo_board, page, login):
    visit = UnitCheck.objects.get(unit__name="Phòng Quản lý Đầu tư", checked_on__month=6)
    Finding.objects.filter(unit_check=visit, criterion__name=CRITERION).delete()
    total = visit.findings.count() + 1
    login("kiemtra", DEMO_PASSWORD)
    page.goto(visit.get_absolute_url())
    count = page.locator("#entered-count")
    expect(count).to_have_text(f"Đã nhập {total - 1}/{total} nội dung kiểm tra")
    page.locator("tr.finding-row", has_text=CRITERION).get_by_role("button", name="Nhập kết quả").click()
    form = page.locator("tr.editing form.finding-form")
    form.get_by_label("Đạt", exact=True).check()
    form.get_by_label("Nhận xét").fill(OBSERVATION)
    form.get_by_role("button", name="Lưu").click()
    expect(page.locator("tr.finding-row:not(.editing)", has_text=OBSERVATION)).to_be_visible()
    expect(count).to_have_text(f"Đã nhập {total}/{total} nội dung kiểm tra")
