"""Downloads, the public verification page, merged printing and the notice_pdf command."""

import hashlib
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from pdf_inspect import tiny_pdf
from pypdf import PdfReader

from inspections.views import documents

pytestmark = pytest.mark.django_db

STORED = b"%PDF-1.7 the signed bytes as issued"


@pytest.fixture
def no_render(monkeypatch):
    """Fail the test if anything renders: issued notices are served from storage."""

    def fail(notice):
        pytest.fail("an issued notice was rendered again")

    monkeypatch.setattr(documents, "render_notice_pdf", fail)
    monkeypatch.setattr("inspections.management.commands.notice_pdf.render_notice_pdf", fail)


@pytest.fixture
def issued(seed_notice, store_issued):
    return store_issued(seed_notice(2880), STORED)


def test_issued_pdf_download_serves_the_stored_bytes(client, clerk, issued, no_render):
    client.force_login(clerk)
    response = client.get(reverse("inspections:notice-pdf", args=[issued.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == STORED
    assert "2880-TB-BQL-2023.pdf" in response["Content-Disposition"]
    # The stored bytes never change, so their SHA-256 is their ETag (caches and the reader's
    # own check agree with the verification page's hash).
    assert response["ETag"] == f'"{hashlib.sha256(STORED).hexdigest()}"' == f'"{issued.pdf_sha256}"'


def test_draft_pdf_is_rendered_on_demand_for_people_who_view_notices(
    client, inspector, seed_notice, monkeypatch
):
    draft = seed_notice(2880, numbered=False)
    rendered = []
    monkeypatch.setattr(documents, "render_notice_pdf", lambda n: rendered.append(n.pk) or b"%PDF draft")
    client.force_login(inspector)
    response = client.get(reverse("inspections:notice-pdf", args=[draft.pk]) + "?download=1")
    assert response.status_code == 200
    assert response.content == b"%PDF draft" and rendered == [draft.pk]
    assert response["Content-Disposition"].startswith("attachment;")
    assert "ETag" not in response  # a draft changes: no validator that would let it be cached


def test_people_without_a_role_cannot_download(client, outsider, issued):
    client.force_login(outsider)
    assert client.get(reverse("inspections:notice-pdf", args=[issued.pk])).status_code == 403


def test_verify_page_is_public_and_shows_only_the_issued_facts(client, issued):
    response = client.get(reverse("inspections:verify", args=["SEED2880"]))
    assert response.status_code == 200
    page = response.content.decode()
    for shown in [
        "2880/TB-BQL",
        "14/6/2023",
        "Kết quả kiểm tra công tác cải cách hành chính",
        "Bùi Ngọc Hải",
    ]:
        assert shown in page
    assert issued.pdf_sha256[:32] in page and issued.pdf_sha256[32:] in page
    assert "Căn cứ Kế hoạch" not in page  # the body is not revealed
    assert "Đăng xuất" not in page


def test_verify_tells_whether_an_upload_is_byte_identical(client, issued):
    url = reverse("inspections:verify", args=["SEED2880"])
    same = client.post(url, {"file": SimpleUploadedFile("tb.pdf", STORED, "application/pdf")})
    assert "trùng khớp từng byte" in same.content.decode()
    changed = client.post(url, {"file": SimpleUploadedFile("tb.pdf", STORED + b" ", "application/pdf")})
    assert "không</strong> trùng khớp" in changed.content.decode()


def test_verify_needs_a_file_and_a_csrf_token(issued):
    from django.test import Client

    url = reverse("inspections:verify", args=["SEED2880"])
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url, {}).status_code == 403
    response = Client().post(url, {})
    assert response.status_code == 200 and "Trường này là bắt buộc" in response.content.decode()


def test_verify_knows_nothing_of_unknown_codes_or_unissued_notices(client, seed_notice):
    seed_notice(2819)  # numbered and coded, but not issued yet
    assert client.get(reverse("inspections:verify", args=["SEED2819"])).status_code == 404
    assert client.get(reverse("inspections:verify", args=["KHONGCO"])).status_code == 404


def test_merged_print_concatenates_stored_pdfs_in_number_order(
    client, clerk, seed_notice, store_issued, no_render
):
    later = store_issued(seed_notice(2880), tiny_pdf(500))
    earlier = store_issued(seed_notice(2819), tiny_pdf(400))
    draft = seed_notice(2880, numbered=False)
    client.force_login(clerk)
    response = client.post(reverse("inspections:print-merged"), {"notices": [later.pk, earlier.pk, draft.pk]})
    assert response.status_code == 200
    widths = [float(page.mediabox.width) for page in PdfReader(BytesIO(response.content)).pages]
    assert widths == [400, 500]


def test_merged_print_of_a_round(client, clerk, seed_notice, store_issued):
    notice = store_issued(seed_notice(2819), tiny_pdf(400))
    client.force_login(clerk)
    response = client.post(reverse("inspections:print-merged"), {"inspection": notice.inspection_id})
    assert len(PdfReader(BytesIO(response.content)).pages) == 1


def test_merged_print_with_nothing_chosen_says_so(client, clerk):
    client.force_login(clerk)
    response = client.post(
        reverse("inspections:print-merged"), {"next": "https://evil.example/"}, follow=True
    )
    assert "Chưa chọn văn bản đã ban hành nào để in." in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("home")


def test_notice_pdf_command_writes_the_stored_bytes(issued, tmp_path, no_render):
    out = tmp_path / "tb.pdf"
    call_command("notice_pdf", "2880/TB-BQL/2023", "-o", str(out))
    assert out.read_bytes() == STORED


def test_notice_pdf_command_explains_what_it_cannot_find(issued, tmp_path):
    with pytest.raises(CommandError, match="Không có thông báo đã ban hành số 2881/TB-BQL năm 2023"):
        call_command("notice_pdf", "2881/TB-BQL/2023", "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="không đúng dạng"):
        call_command("notice_pdf", "2880-TB-BQL", "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="đã ban hành"):
        call_command("notice_pdf", "--draft", str(issued.pk), "-o", str(tmp_path / "x.pdf"))


def test_notice_pdf_command_renders_a_draft(seed_notice, tmp_path, monkeypatch):
    draft = seed_notice(2819, numbered=False)
    monkeypatch.setattr(
        "inspections.management.commands.notice_pdf.render_notice_pdf",
        lambda n: f"%PDF draft {n.pk}".encode(),
    )
    out = tmp_path / "draft.pdf"
    call_command("notice_pdf", "--draft", str(draft.pk), "-o", str(out))
    assert out.read_bytes() == f"%PDF draft {draft.pk}".encode()
