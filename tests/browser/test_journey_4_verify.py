"""Journey 4 (issue 8): anyone who received the signed PDF, without an account, opens the
verification page from the code printed on it and checks the file: the file as issued is
identical; a copy with one byte changed is not.

Starts where journey 3 ends: 2881/TB-BQL issued and signed for real (through the service)."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from inspections.models import Inspection, Notice
from inspections.services.notices import apply_action, draft_notice
from units.models import User

ROUND = "Kiểm tra công tác cải cách hành chính tại các phòng chuyên môn năm 2023"


@pytest.fixture
def received(demo_board, approve_in_test, issue_in_test, settings, tmp_path):
    """The PDF as a recipient got it by e-mail, from 2881/TB-BQL issued on 14/6/2023."""
    settings.SITE_URL = "https://kiemtra.bqlkkt.haiphong.gov.vn"
    inspector = User.objects.get(username="kiemtra")
    notice = draft_notice(Inspection.objects.get(title=ROUND), by=inspector)
    approve_in_test(apply_action(notice, "submit", by=inspector))
    notice = issue_in_test(notice, by=User.objects.get(username="vanthu"), number=2881)
    path = tmp_path / "2881-TB-BQL-2023.pdf"
    path.write_bytes(notice.pdf.read())
    return path


def test_anyone_checks_a_received_pdf_on_the_verification_page(received, page, shot, axe, tmp_path):
    # The code and the address are printed on the PDF (read as text, as a person reads them).
    pdftotext = ["pdftotext", str(received), "-"]
    text = subprocess.run(pdftotext, capture_output=True, text=True, check=True).stdout
    address = re.search(r"https://kiemtra\.bqlkkt\.haiphong\.gov\.vn(/verify/([A-Z2-9]{10})/)", text)
    assert address, text
    path, code = address.groups()
    assert code == Notice.objects.get(number=2881).verification_code

    page.goto(path)  # the same address, on this test server; nobody is logged in
    expect(page.get_by_role("heading", name="Xác thực văn bản")).to_be_visible()
    expect(page.get_by_role("button", name="Đăng xuất")).to_have_count(0)
    facts = page.get_by_role("table").first
    expect(facts.get_by_role("row", name="Số, ký hiệu")).to_contain_text("2881/TB-BQL")
    expect(facts.get_by_role("row", name="Ngày ban hành")).to_contain_text("14/6/2023")
    expect(facts.get_by_role("row", name="Người ký")).to_contain_text("Bùi Ngọc Hải")
    expect(facts.get_by_role("row", name="Trích yếu")).to_contain_text("các phòng chuyên môn")
    shot("j4-01-verify-page")
    axe("verification page")

    page.get_by_label("Tệp PDF cần đối chiếu").set_input_files(str(received))
    page.get_by_role("button", name="Đối chiếu", exact=True).click()
    expect(page.get_by_text("Tệp trùng khớp từng byte với văn bản đã ban hành.")).to_be_visible()
    # Both signatures, the leader's then the board's, each intact and valid when made.
    signatures = page.get_by_role("region", name="Chữ ký số trên văn bản đã ban hành")
    expect(
        signatures.get_by_role("heading", name="Chữ ký 1: Người có thẩm quyền: Bùi Ngọc Hải")
    ).to_be_visible()
    expect(
        signatures.get_by_role("heading", name="Chữ ký 2: Cơ quan: Ban Quản lý Khu kinh tế Hải Phòng")
    ).to_be_visible()
    expect(signatures.get_by_text("Chữ ký hợp lệ")).to_have_count(2)
    shot("j4-02-verify-identical")
    axe("verification: identical")

    # One byte of the rendered pages changed: no longer the issued file, and both signatures,
    # which cover those pages, are broken.
    data = bytearray(received.read_bytes())
    middle = len(data) // 3
    data[middle] = (data[middle] + 1) % 256
    tampered = tmp_path / "2881-TB-BQL-2023-sua.pdf"
    tampered.write_bytes(bytes(data))
    page.get_by_label("Tệp PDF cần đối chiếu").set_input_files(str(tampered))
    page.get_by_role("button", name="Đối chiếu", exact=True).click()
    expect(page.get_by_text("không trùng khớp với văn bản đã ban hành")).to_be_visible()
    expect(page.get_by_text("Tệp trùng khớp từng byte")).to_have_count(0)
    expect(page.get_by_text("Chữ ký KHÔNG hợp lệ")).to_have_count(2)  # the changed byte breaks both
    shot("j4-03-verify-tampered")
    axe("verification: tampered")

    # A code nobody issued finds nothing.
    assert page.goto("/verify/KHONGCOMA2/").status == 404
