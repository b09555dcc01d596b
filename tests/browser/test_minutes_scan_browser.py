"""The clerk attaches the scan of the biên bản signed on site to the visit (issue 13), in place;
a file that is no scan is refused next to the field. Accessible (axe), looked at as PNG."""

from playwright.sync_api import expect

from inspections.models import MinutesScan
from units.demo import DEMO_PASSWORD

ROUND = "Kiểm tra công tác cải cách hành chính tại các phòng chuyên môn năm 2023"
SCAN = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_the_clerk_attaches_the_signed_scan_to_the_visit(demo_board, page, login, shot, axe, tmp_path):
    forged = tmp_path / "bien-ban.pdf"
    forged.write_bytes(b"MZ\x90\x00 not a scan")
    scan = tmp_path / "Biên bản Phòng Quản lý Đầu tư đã ký.pdf"
    scan.write_bytes(SCAN)
    login("vanthu", DEMO_PASSWORD)
    page.goto("/inspections/")
    page.get_by_role("link", name=ROUND).click()
    page.get_by_role("link", name="Phòng Quản lý Đầu tư").click()
    section = page.locator("#bien-ban-da-ky")
    expect(section.get_by_text("Chưa có bản quét biên bản đã ký.")).to_be_visible()
    expect(section.get_by_text("200 dpi")).to_be_visible()

    page.evaluate("window.__no_reload = true")  # the section is swapped in place
    section.get_by_label("Bản quét biên bản đã ký").set_input_files(forged)
    section.get_by_role("button", name="Tải lên").click()
    expect(page.locator("#scan-file-errors")).to_contain_text("không phải bản quét PDF, JPEG hoặc PNG")
    axe("visit: minutes scan refused")
    assert not MinutesScan.objects.exists()

    page.locator("#bien-ban-da-ky").get_by_label("Bản quét biên bản đã ký").set_input_files(scan)
    page.locator("#bien-ban-da-ky").get_by_label("Ghi chú").fill("Bản quét màu 300 dpi")
    page.locator("#bien-ban-da-ky").get_by_role("button", name="Tải lên").click()
    current = page.locator("#bien-ban-da-ky")
    expect(current.get_by_role("link", name=scan.name)).to_be_visible()
    expect(current.get_by_text("Tải lên bởi")).to_be_visible()
    assert page.evaluate("window.__no_reload") is True
    axe("visit: minutes scan attached")
    current.scroll_into_view_if_needed()
    shot("minutes-scan-attached")
    assert MinutesScan.objects.get().original_name == scan.name
