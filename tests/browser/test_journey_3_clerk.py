"""Journey 3 (issue 8): the clerk issues the approved notice with the suggested number, downloads
the signed PDF, prints the round's notices as one PDF, finds the notice in the register and
exports the register to Excel.

Starts where journey 2 ends: the departments' 2023 notice approved by the leader "today",
14/6/2023. The demo already holds 2880 and 2819 of 2023 (imported), so 2881 is suggested."""

import io
import re
import subprocess

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from inspections.models import AuditEvent, Inspection, Notice
from inspections.services.notices import apply_action, draft_notice
from units.demo import DEMO_PASSWORD
from units.models import User

ROUND = "Kiểm tra công tác cải cách hành chính tại các phòng chuyên môn năm 2023"
OTHER_ROUND = "Kiểm tra công tác cải cách hành chính tại các đơn vị sự nghiệp trực thuộc năm 2023"
TITLE = (
    "Kết quả kiểm tra công tác cải cách hành chính tại các phòng chuyên môn thuộc "
    "Ban Quản lý Khu kinh tế Hải Phòng"
)


@pytest.fixture
def approved(demo_board, approve_in_test, issue_in_test):
    """The departments' notice, approved (signed by Bùi Ngọc Hải) today; earlier today the clerk
    issued 2879 for the other round (so there is more than one stored PDF to print together)."""
    inspector = User.objects.get(username="kiemtra")
    other = draft_notice(Inspection.objects.get(title=OTHER_ROUND), by=inspector)
    approve_in_test(apply_action(other, "submit", by=inspector))
    issue_in_test(other, by=User.objects.get(username="vanthu"), number=2879)
    notice = draft_notice(Inspection.objects.get(title=ROUND), by=inspector)
    return approve_in_test(apply_action(notice, "submit", by=inspector))


def test_clerk_issues_the_notice_downloads_prints_and_exports_the_register(
    approved, validate_signature, page, login, shot, axe
):
    login("vanthu", DEMO_PASSWORD)
    waiting = page.locator("section.waiting")
    expect(
        waiting.get_by_role("heading", name="Văn bản đã duyệt, chờ cấp số và ban hành (1)")
    ).to_be_visible()
    expect(waiting.get_by_text("duyệt bởi Bùi Ngọc Hải")).to_be_visible()
    shot("j3-01-clerk-dashboard-waiting")
    axe("clerk dashboard")
    waiting.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text("Đã duyệt").first).to_be_visible()
    axe("approved notice, for the clerk")
    page.get_by_role("link", name="Cấp số và ban hành").click()

    # The form suggests the next free number of 2023 and today's date.
    expect(page.get_by_role("heading", name="Cấp số và ban hành thông báo")).to_be_visible()
    expect(page.get_by_label("Số văn bản")).to_have_value("2881")
    expect(page.get_by_label("Ngày ban hành")).to_have_value("14/06/2023")
    expect(page.get_by_text("Số gợi ý 2881 là số tiếp theo")).to_be_visible()
    shot("j3-02-issue-form")
    axe("issue form")

    # A date after today and a number already taken are refused, with the reason.
    page.get_by_label("Ngày ban hành").fill("15/06/2023")
    page.get_by_role("button", name="Cấp số và ban hành").click()
    expect(page.get_by_text("Ngày ban hành không được sau hôm nay (14/6/2023).")).to_be_visible()
    expect(page.get_by_label("Số văn bản")).to_have_value("2881")
    axe("issue form with a date error")
    page.get_by_label("Ngày ban hành").fill("14/06/2023")
    page.get_by_label("Số văn bản").fill("2880")
    page.get_by_role("button", name="Cấp số và ban hành").click()
    expect(page.get_by_text("Số tiếp theo còn trống: 2881.")).to_be_visible()
    shot("j3-03-issue-form-number-taken")
    assert Notice.objects.get(pk=approved.pk).status == "approved"

    page.get_by_label("Số văn bản").fill("2881")
    page.get_by_role("button", name="Cấp số và ban hành").click()
    expect(page.get_by_text("Đã ban hành Thông báo số 2881/TB-BQL ngày 14/6/2023.")).to_be_visible()
    expect(page.get_by_role("heading", name="Thông báo số 2881/TB-BQL")).to_be_visible()
    expect(page.get_by_text("KT. TRƯỞNG BAN")).to_be_visible()
    expect(page.get_by_role("link", name="Sửa dự thảo")).to_have_count(0)
    code = page.locator("p", has_text="Mã xác thực:").locator("code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{10}", code)
    expect(page.get_by_text(f"Mã xác thực: {code}")).to_be_visible()
    shot("j3-04-issued")
    axe("issued notice")

    # The signed PDF: the leader's signature, then the board's covering the whole file.
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải PDF đã ký").click()
    assert download.value.suggested_filename == "2881-TB-BQL-2023.pdf"
    signed = download.value.path().read_bytes()
    assert signed.startswith(b"%PDF") and b"/ByteRange" in signed
    leader, board = validate_signature(signed)
    assert (
        leader.intact and leader.valid and leader.trusted and leader.modification_level.name == "FORM_FILLING"
    )
    assert board.intact and board.valid and board.trusted and board.coverage.name == "ENTIRE_FILE"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=signed, capture_output=True, check=True
    ).stdout.decode()
    assert "Số: 2881/TB-BQL" in text and code in text  # the number is a filled field

    # The round's issued notices printed as one PDF: the demo's 2880 then 2881.
    page.get_by_role("link", name="Đợt kiểm tra", exact=True).click()
    page.get_by_role("link", name=ROUND).click()
    notices = page.get_by_role("region", name="Thông báo kết quả của đợt")
    expect(notices.get_by_role("link").filter(has_text="2881/TB-BQL")).to_be_visible()
    expect(notices.get_by_role("link").filter(has_text="2880/TB-BQL")).to_be_visible()
    shot("j3-05-round-notices")
    axe("round page with issued notices")
    merged = print_to_pdf(page, notices.get_by_role("button", name="In tất cả văn bản đã ban hành của đợt"))
    pages = {n.number: len(PdfReader(n.pdf.path).pages) for n in Notice.objects.issued().exclude(pdf="")}
    assert {2819, 2879, 2880, 2881} <= set(pages)  # the demo's two were issued by the app too
    # The round's whole paperwork in number order: its schedule notice, biên bản, then 2880, 2881.
    of_round = list(
        Notice.objects.issued().filter(inspection__title=ROUND).exclude(pdf="").order_by("number")
    )
    assert [n.number for n in of_round][0] == 2335 and [n.number for n in of_round][-2:] == [2880, 2881]
    assert len(merged.pages) == sum(pages[n.number] for n in of_round)
    before_2880 = sum(pages[n.number] for n in of_round[:-2])
    assert "2335/TB-BQL" in merged.pages[0].extract_text()  # fields drawn into the merged pages
    assert "2880/TB-BQL" in merged.pages[before_2880].extract_text()
    assert "2881/TB-BQL" in merged.pages[before_2880 + pages[2880]].extract_text()

    # The register: tick two issued notices and print them as one PDF, in number order.
    page.get_by_role("link", name="Sổ đăng ký", exact=True).click()
    expect(page.get_by_role("heading", name="Sổ đăng ký văn bản đi", exact=True)).to_be_visible()
    for number in (2819, 2879, 2880, 2881):
        expect(register_row(page, number)).to_have_count(1)
    page.get_by_label("Chọn 2881/TB-BQL để in").check()
    page.get_by_label("Chọn 2879/TB-BQL để in").check()
    shot("j3-06-register-ticked")
    axe("register")
    ticked = print_to_pdf(page, page.get_by_role("button", name="In các thông báo đã chọn (một tệp PDF)"))
    assert len(ticked.pages) == pages[2879] + pages[2881]
    assert "2879/TB-BQL" in ticked.pages[0].extract_text()
    assert "2881/TB-BQL" in ticked.pages[pages[2879]].extract_text()

    # The clerk finds the new notice by words of its summary, typed without accents.
    page.get_by_label("Tìm").fill("phong chuyen mon")
    page.get_by_role("button", name="Lọc").click()
    row = register_row(page, 2881)
    expect(row.get_by_text("14/6/2023")).to_be_visible()
    expect(row.get_by_text("Bùi Ngọc Hải")).to_be_visible()
    expect(row.get_by_role("link", name=TITLE)).to_be_visible()
    expect(register_row(page, 2879)).to_have_count(0)  # the units' round
    shot("j3-07-register-search")
    axe("register, filtered")

    # The register in Excel, with the same filter.
    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất Excel (.xlsx)").click()
    assert download.value.suggested_filename == "so-dang-ky-van-ban-di.xlsx"
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    line = next(r for r in rows if r[0] == 2881)
    assert line[1] == "TB-BQL" and line[2].date().isoformat() == "2023-06-14"
    assert line[3] == TITLE and line[4] == "Bùi Ngọc Hải" and line[6] == ROUND
    # The same filter as the page: the departments round's notices, not the units' 2879 (the
    # round's other documents issued in the demo match the words too).
    numbers = [r[0] for r in rows if isinstance(r[0], int)]
    assert numbers[-2:] == [2880, 2881] and 2879 not in numbers and 2819 not in numbers

    notice = Notice.objects.get(pk=approved.pk)
    assert (notice.status, notice.number, notice.issued_on.isoformat()) == ("issued", 2881, "2023-06-14")
    assert notice.verification_code == code
    actions = [
        e.action for e in AuditEvent.objects.about(notice).filter(actor__username="vanthu").order_by("pk")
    ]
    assert actions == ["notice.number", "notice.seal", "notice.issue"]


def register_row(page, number):
    return page.get_by_role("row").filter(has=page.get_by_role("cell", name=str(number), exact=True))


def print_to_pdf(page, button) -> PdfReader:
    """Click a print button whose answer is one PDF (Chromium shows it in its viewer, out of
    Playwright's reach: the bytes are taken on the way); then come back."""
    captured = []

    def keep(route):
        response = route.fetch()
        captured.append((response.status, response.headers["content-type"], response.body()))
        route.fulfill(response=response)

    page.route("**/print/", keep)
    with page.expect_navigation():
        button.click()
    page.unroute("**/print/")
    [(status, content_type, data)] = captured
    assert (status, content_type) == (200, "application/pdf") and data.startswith(b"%PDF")
    page.go_back()
    return PdfReader(io.BytesIO(data))
