"""Every upload is bounded while it streams: the server stops receiving a file at the
endpoint's limit, so it never holds or writes more than the limit, and says so next to the field."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hostile_files import MB, MultipartBody, post_stream

from inspections.models import FollowUpReport
from inspections.views.documents import VERIFY_MAX_BYTES

pytestmark = pytest.mark.django_db
CHUNK = 64 * 1024


def temporary_bytes(folder) -> int:
    return sum(path.stat().st_size for path in folder.iterdir() if path.is_file())


def test_a_200_mb_post_to_the_verification_page_is_cut_off_at_the_limit(world, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    (tmp_path / "uploads").mkdir()
    on_disk = []
    body = MultipartBody(
        {"csrfmiddlewaretoken": "CSRF-TOKEN"},
        "file",
        "ban-sao.pdf",
        200 * MB,
        on_read=lambda: on_disk.append(temporary_bytes(tmp_path / "uploads")),
    )
    notice = world.notices["issued"]
    response = post_stream(reverse("inspections:verify", args=[notice.verification_code]), body)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Tệp quá lớn (tối đa 50 MB)." in html and "trùng khớp" not in html
    assert max(on_disk) <= VERIFY_MAX_BYTES  # never more than the limit on disk
    assert max(on_disk) > VERIFY_MAX_BYTES - 2 * CHUNK  # the upload did reach the disk up to it
    assert body.consumed <= VERIFY_MAX_BYTES + len(body.head) + 2 * CHUNK  # and the rest was never read
    assert temporary_bytes(tmp_path / "uploads") == 0  # the partial file is gone


def test_a_body_just_over_the_limit_is_read_to_its_end_so_the_browser_gets_the_message(world, settings):
    settings.EVIDENCE_MAX_BYTES = 1 * MB
    inspector = world.users["inspector"]
    from django.test import Client

    client = Client()
    client.force_login(inspector)
    body = MultipartBody(
        {"csrfmiddlewaretoken": "CSRF-TOKEN", "text": "Đã niêm yết tại bộ phận một cửa."},
        "file",
        "bien-ban.pdf",
        int(1.5 * MB),
    )
    path = reverse("inspections:followup-report", args=[world.shortcoming.pk])
    response = post_stream(path, body, session_cookie=f"sessionid={client.cookies['sessionid'].value}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tệp “bien-ban.pdf” dung lượng 1,5 MB, vượt quá mức cho phép 1 MB." in html
    assert "Đã niêm yết tại bộ phận một cửa." in html  # what was typed is kept
    assert body.consumed == body.length  # drained (not stored), so the page reaches the browser
    assert not FollowUpReport.objects.exists()


def test_nobody_uploads_to_a_page_that_takes_no_file_or_before_logging_in(world):
    anonymous = MultipartBody({"csrfmiddlewaretoken": "CSRF-TOKEN"}, "file", "x.pdf", 10 * MB)
    response = post_stream(reverse("inspections:import-upload"), anonymous)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert anonymous.consumed <= len(anonymous.head) + 2 * CHUNK

    from django.test import Client

    client = Client()
    client.force_login(world.users["inspector"])
    sneaked = MultipartBody({"csrfmiddlewaretoken": "CSRF-TOKEN", "title": "x"}, "file", "x.pdf", 10 * MB)
    path = reverse("inspections:notice-edit", args=[world.notices["draft"].pk])
    post_stream(path, sneaked, session_cookie=f"sessionid={client.cookies['sessionid'].value}")
    assert sneaked.consumed <= len(sneaked.head) + 2 * CHUNK


def test_the_import_page_says_a_cut_off_file_is_too_big(client, clerk, organization):
    client.force_login(clerk)
    upload = SimpleUploadedFile("thong-bao.txt", b"THONG BAO\n" * (600 * 1024))
    response = client.post(reverse("inspections:import-upload"), {"file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["Tệp quá lớn (trên 5 MB)."]
