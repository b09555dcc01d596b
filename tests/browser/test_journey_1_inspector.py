"""Journey 1 (issue 8): the inspector records a shortcoming at one department, inline, with its
due date and a photo as evidence, drafts the round's notice, edits a paragraph and submits it.

The story happens on 14/6/2023 (clock fixture) on the demo data (`manage.py load_demo`)."""

import struct
import zlib
from datetime import date

import pytest
from playwright.sync_api import expect

from inspections.models import AuditEvent, Finding, Notice
from units.demo import DEMO_PASSWORD

ROUND = "Kiểm tra công tác cải cách hành chính tại các phòng chuyên môn năm 2023"
CRITERION = "Niêm yết Bản cam kết chống phiền hà sách nhiễu"
OBSERVATION = "Chưa niêm yết Bản cam kết chống phiền hà, sách nhiễu tại bộ phận một cửa."


def small_png(width: int = 48, height: int = 32) -> bytes:
    """A real (tiny, red) PNG image, as a phone photo of the notice board would be."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xc0\x20\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "anh-bang-niem-yet.png"
    path.write_bytes(small_png())
    return path


def test_inspector_records_a_shortcoming_drafts_the_notice_and_submits_it(
    demo_board, page, login, shot, axe, photo
):
    login("kiemtra", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Tổng quan công tác kiểm tra năm 2023")).to_be_visible()
    axe("home of the inspector")

    # The rounds, then the departments' round and its grid.
    page.get_by_role("link", name="Đợt kiểm tra", exact=True).click()
    expect(page.get_by_role("link", name=ROUND)).to_be_visible()
    shot("j1-01-rounds")
    axe("rounds")
    page.get_by_role("link", name=ROUND).click()
    expect(page.get_by_role("heading", name=ROUND)).to_be_visible()
    expect(page.get_by_text("Đã kiểm tra 9/9 phòng")).to_be_visible()
    shot("j1-02-round-grid")
    axe("round grid")

    # The visit to one department; the finding is edited in its row, without a reload.
    page.get_by_role("link", name="Phòng Quản lý Đầu tư").click()
    expect(page.get_by_role("heading", name="Kiểm tra tại Phòng Quản lý Đầu tư")).to_be_visible()
    axe("visit")
    page.evaluate("window.__no_reload = true")  # survives only if the page is never reloaded
    row = page.locator("tr.finding-row", has_text=CRITERION)
    row.get_by_role("button", name="Sửa").click()
    form = page.locator("tr.editing form.finding-form")
    form.wait_for()
    form.get_by_label("Có tồn tại, hạn chế").check()
    form.get_by_label("Nhận xét").fill(OBSERVATION)
    form.get_by_label("Kiến nghị").fill("Niêm yết ngay tại nơi tiếp công dân.")
    axe("inline finding form")

    # A shortcoming without a due date is refused, next to the field, keeping what was typed.
    form.get_by_role("button", name="Lưu").click()
    form = page.locator("tr.editing form.finding-form")
    expect(form.get_by_text("Kết quả có tồn tại, hạn chế phải có hạn khắc phục.")).to_be_visible()
    expect(form.get_by_label("Nhận xét")).to_have_value(OBSERVATION)
    shot("j1-03-inline-form-error")
    axe("inline form with an error")
    form.get_by_label("Hạn khắc phục").fill("30/06/2023")
    form.get_by_role("button", name="Lưu").click()

    saved = page.locator("tr.finding-row:not(.editing)", has_text=OBSERVATION)
    expect(saved.get_by_text("! Có tồn tại, hạn chế")).to_be_visible()
    expect(saved.get_by_text("Hạn 30/6/2023")).to_be_visible()
    expect(saved.get_by_text("Kiến nghị: Niêm yết ngay tại nơi tiếp công dân.")).to_be_visible()

    # The photo goes with the finding, in the same row.
    saved.get_by_label(f"Tệp minh chứng cho “{CRITERION}”").set_input_files(str(photo))
    saved.get_by_role("button", name="Tải lên").click()
    evidence = page.locator("tr.finding-row", has_text=OBSERVATION).get_by_role(
        "link", name="anh-bang-niem-yet.png"
    )
    expect(evidence).to_be_visible()
    assert page.evaluate("window.__no_reload") is True
    shot("j1-04-finding-saved-with-evidence")
    axe("visit after saving")
    with page.expect_download() as download:
        evidence.click()
    assert download.value.path().read_bytes() == photo.read_bytes()

    # After a reload the change is in the visit's history.
    page.reload()
    expect(page.locator("#history").get_by_text(OBSERVATION)).to_be_visible()
    shot("j1-05-visit-history")

    finding = Finding.objects.get(  # the June round (the demo also holds an October spot check)
        unit_check__unit__name="Phòng Quản lý Đầu tư",
        unit_check__checked_on__month=6,
        criterion__name__startswith="Niêm yết",
    )
    assert (finding.result, finding.due_on, finding.version) == ("shortcoming", date(2023, 6, 30), 2)
    trail = AuditEvent.objects.about(finding).order_by("pk")
    assert [(e.action, e.actor.username) for e in trail] == [
        ("finding.change", "kiemtra"),
        ("evidence.add", "kiemtra"),
    ]
    assert [e.original_name for e in finding.evidence.all()] == ["anh-bang-niem-yet.png"]

    # The round's grid shows it; the notice is drafted from the round.
    page.get_by_role("link", name=ROUND).click()
    grid_row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Phòng Quản lý Đầu tư"))
    expect(grid_row.get_by_text("! Có tồn tại, hạn chế")).to_be_visible()
    expect(grid_row.get_by_text("Hạn 30/6/2023")).to_be_visible()
    page.get_by_role("button", name="Soạn thông báo từ đợt kiểm tra").click()
    expect(page.get_by_text("Đã soạn dự thảo thông báo")).to_be_visible()
    expect(page.get_by_label("Phần mở đầu")).to_contain_text("(09/09 phòng) từ ngày 06-07/6/2023.")
    expect(page.get_by_label("Nội dung mục 5")).to_contain_text(f"tại Phòng Quản lý Đầu tư: {OBSERVATION}")
    shot("j1-06-draft-edit")
    axe("draft edit form")

    # The inspector edits the closing paragraph and saves.
    closing = page.get_by_label("Phần kết luận, yêu cầu")
    closing.fill(
        closing.input_value().replace("./.", "; tăng cường công tác kiểm soát thủ tục hành chính./.")
    )
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_text("Đã lưu dự thảo.")).to_be_visible()
    article = page.get_by_role("article", name="Nội dung thông báo")
    expect(article.get_by_text("tăng cường công tác kiểm soát thủ tục hành chính./.")).to_be_visible()
    expect(page.get_by_role("heading", name="Nhật ký")).to_be_visible()
    shot("j1-07-draft-saved")
    axe("draft notice")

    page.get_by_role("button", name="Trình Lãnh đạo duyệt").click()
    expect(page.get_by_text("Đã trình dự thảo")).to_be_visible()
    expect(page.get_by_text("Chờ duyệt").first).to_be_visible()
    expect(page.get_by_role("link", name="Sửa dự thảo")).to_have_count(0)
    shot("j1-08-submitted")
    axe("submitted notice")

    # The notices list shows it waiting; the round can still be drafted from again there.
    page.get_by_role("link", name="Văn bản", exact=True).click()
    listed = page.get_by_role("row").filter(has=page.get_by_role("link", name="Kết quả kiểm tra công tác"))
    expect(listed.filter(has_text="Chờ duyệt").filter(has_text="Nguyễn Thu Hà")).to_have_count(1)
    expect(
        page.get_by_role("row", name=ROUND).get_by_role("button", name="Soạn thông báo từ đợt kiểm tra")
    ).to_be_visible()
    shot("j1-09-notice-list")
    axe("notice list")

    notice = Notice.objects.get(status=Notice.Status.IN_REVIEW)
    assert notice.created_by.username == "kiemtra"
    assert notice.closing.endswith("tăng cường công tác kiểm soát thủ tục hành chính./.")
    actions = list(AuditEvent.objects.about(notice).values_list("action", flat=True))
    assert {"notice.draft", "notice.change", "notice.submit"} <= set(actions)
