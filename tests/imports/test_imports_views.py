"""The upload page: preview before saving, as a clerk; 403 for everyone else."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.models import Notice

pytestmark = pytest.mark.django_db
UPLOAD = reverse("inspections:import-upload")
SAVE = reverse("inspections:import-save")


def upload(client, data: bytes, name="2880.txt"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data, content_type="text/plain")})


def test_clerk_previews_then_saves(client, board, clerk, seed_000):
    client.force_login(clerk)
    page = client.get(UPLOAD)
    assert page.status_code == 200 and "Nhập văn bản" in page.content.decode()
    response = upload(client, seed_000)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Xem trước: Thông báo số 2880/TB-BQL" in html
    assert "Kết quả kiểm tra công tác cải cách hành chính tại các phòng chuyên môn thuộc" in html
    assert "2335/TB-BQL" in html and "Bùi Ngọc Hải" in html and "Lãnh đạo Ban (để báo cáo)" in html
    assert "Thiếu dấu “/”" in html  # the repair is shown with its line
    assert html.count("đã có</span>") >= 6  # 4 bases, plan, round matched
    assert not Notice.objects.exists()  # nothing written by the preview
    token = response.context["token"]
    saved = client.post(SAVE, {"token": token}, follow=True)
    notice = Notice.objects.get()
    assert (notice.reference, notice.imported, notice.status) == ("2880/TB-BQL", True, "issued")
    assert "Đã nhập thông báo 2880/TB-BQL ngày 14/6/2023." in saved.content.decode()
    # The token is spent: posting it again saves nothing more.
    again = client.post(SAVE, {"token": token}, follow=True)
    assert "hết hạn" in again.content.decode() and Notice.objects.count() == 1


def test_a_refused_file_shows_the_reason_next_to_the_field(client, board, clerk):
    client.force_login(clerk)
    response = upload(client, "Biên bản họp.\n\nNội dung.".encode(), "bien-ban.txt")
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Không phải thông báo: không thấy dòng “THÔNG BÁO” (tên loại văn bản)."
    ]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Notice.objects.exists()


def test_a_number_of_another_notice_shows_no_save_button(client, board, clerk, import_file, seed_000):
    import_file(seed_000)
    client.force_login(clerk)
    changed = seed_000.replace("tại nơi làm việc.".encode(), "tại trụ sở.".encode())
    html = upload(client, changed).content.decode()
    assert "Số 2880/TB-BQL năm 2023 đã thuộc thông báo khác" in html
    assert SAVE not in html


def test_a_token_from_another_session_saves_nothing(client, board, clerk, seed_000):
    client.force_login(clerk)
    token = upload(client, seed_000).context["token"]
    client.logout()
    client.force_login(clerk)  # a new session does not hold the token
    client.post(SAVE, {"token": token})
    assert not Notice.objects.exists()


@pytest.mark.parametrize("persona", ["inspector", "leader", "outsider"])
def test_others_get_403(client, board, seed_000, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(UPLOAD).status_code == 403
    assert upload(client, seed_000).status_code == 403
    assert client.post(SAVE, {"token": "x"}).status_code == 403
    assert not Notice.objects.exists()


def test_nav_link_shows_only_to_clerks(client, board, clerk, inspector):
    client.force_login(inspector)
    assert UPLOAD not in client.get(reverse("home")).content.decode()
    client.force_login(clerk)
    assert UPLOAD in client.get(reverse("home")).content.decode()


def test_import_page_list_does_not_grow_with_rows(client, board, clerk, import_file, seed_000, seed_001):
    client.force_login(clerk)
    import_file(seed_000)
    client.get(UPLOAD)
    with CaptureQueriesContext(connection) as one:
        client.get(UPLOAD)
    import_file(seed_001)
    with CaptureQueriesContext(connection) as two:
        response = client.get(UPLOAD)
    assert len(response.context["recent"]) == 2
    assert len(two.captured_queries) == len(one.captured_queries)
