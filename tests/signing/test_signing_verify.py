"""The public verification page shows each signature of the issued file, and of an uploaded one."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from inspections.models import Notice

pytestmark = [pytest.mark.django_db, pytest.mark.real_pdf]


@pytest.fixture
def notice_2880(settings):
    settings.DEBUG = True  # the demo's keys and images are made in development only
    call_command("load_demo")
    return Notice.objects.get(number=2880, year=2023)


def test_the_page_shows_each_signature_signer_certificate_time_and_what_changed_after_it(client, notice_2880):
    page = client.get(reverse("inspections:verify", args=[notice_2880.verification_code])).content.decode()
    leader, board = page.split("Chữ ký 2:")
    assert "Chữ ký 1: Người có thẩm quyền: Bùi Ngọc Hải" in leader
    assert "Cơ quan: Ban Quản lý Khu kinh tế Hải Phòng" in board
    for part in (leader, board):
        assert "Chữ ký hợp lệ" in part and "còn nguyên vẹn" in part and "còn hiệu lực lúc ký" in part
        # The signing time as a Vietnamese date and time, not raw ISO 8601 (issue 19).
        assert "(giờ Việt Nam)" in part and "+07:00" not in part
    assert "CN=Bùi Ngọc Hải" in leader and "Tổ chức cấp" in leader
    assert "chỉ có: điền trường biểu mẫu (số, ngày ban hành) và chữ ký số khác" in leader
    assert "chữ ký bao trùm toàn bộ tệp" in board


def test_an_uploaded_file_with_other_bytes_says_so_and_whose_signatures_it_still_carries(client, notice_2880):
    """The leader-signed PDF before numbering is not the issued file, but its signature is valid."""
    url = reverse("inspections:verify", args=[notice_2880.verification_code])
    earlier = notice_2880.signing.approved_pdf.read()
    page = client.post(url, {"file": SimpleUploadedFile("2880.pdf", earlier)}).content.decode()
    assert "không</strong> trùng khớp" in page
    result = page.split("Đối chiếu tệp bạn nhận được")[1]
    assert "vẫn mang 1 chữ ký số" in result
    assert "Người có thẩm quyền: Bùi Ngọc Hải" in result and "Chữ ký hợp lệ" in result


def test_a_tampered_copy_shows_both_signatures_broken(client, notice_2880):
    data = bytearray(notice_2880.pdf.read())
    data[len(data) // 3] ^= 0x01
    url = reverse("inspections:verify", args=[notice_2880.verification_code])
    page = client.post(url, {"file": SimpleUploadedFile("2880.pdf", bytes(data))}).content.decode()
    result = page.split("Đối chiếu tệp bạn nhận được")[1]
    assert "không</strong> trùng khớp" in result
    assert result.count("Chữ ký KHÔNG hợp lệ") == 2
    assert result.count("đã bị thay đổi hoặc chữ ký hỏng") == 2


def test_the_same_file_matches_byte_for_byte(client, notice_2880):
    url = reverse("inspections:verify", args=[notice_2880.verification_code])
    page = client.post(url, {"file": SimpleUploadedFile("2880.pdf", notice_2880.pdf.read())}).content.decode()
    assert "Tệp trùng khớp từng byte với văn bản đã ban hành." in page
