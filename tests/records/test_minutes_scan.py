"""The signed biên bản of a visit, scanned and attached: only real PDF/JPEG/PNG scans, kept with
their SHA-256, audited, never replaced, and never served once the stored bytes changed."""

import hashlib
import io
import logging
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from records_helpers import HX

from inspections.models import AuditEvent, MinutesScan, ScanKept
from inspections.services.storage import check_storage

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32


def docx() -> bytes:
    """A real Word file: a document, but no scan."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<root/>")
    return buffer.getvalue()


def upload(client, visit, name=None, content=b"", note="", **headers):
    data = {"note": note}
    if name is not None:
        data["file"] = SimpleUploadedFile(name, content)
    url = reverse("inspections:unitcheck-minutes-scan", args=[visit.pk])
    return client.post(url, data, headers=headers)


def stored_scans() -> list[str]:
    try:
        folders, _ = default_storage.listdir("minutes")
    except FileNotFoundError:
        return []
    return [name for folder in folders for name in default_storage.listdir(f"minutes/{folder}")[1]]


def alarms(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "inspections.integrity" and r.levelno >= logging.ERROR]


def test_an_inspector_attaches_the_signed_scan_stored_hashed_and_audited(client, inspector, records):
    client.force_login(inspector)
    response = upload(client, records.visit, "Biên bản ký ngày 6-6.pdf", PDF, note="Bản quét 300 dpi")
    assert response.status_code == 302
    assert response["Location"] == records.visit.get_absolute_url() + "#bien-ban-da-ky"
    scan = MinutesScan.objects.get()
    assert scan.unit_check == records.visit and scan.uploaded_by == inspector
    assert scan.original_name == "Biên bản ký ngày 6-6.pdf" and scan.content_type == "application/pdf"
    assert scan.size == len(PDF) and scan.note == "Bản quét 300 dpi"
    assert scan.file_sha256 == hashlib.sha256(PDF).hexdigest()
    # Stored under a random name in the visit's folder, the client's name only a label.
    assert scan.file.name == f"minutes/{records.visit.pk}/{scan.token}.pdf"
    assert default_storage.open(scan.file.name).read() == PDF
    event = AuditEvent.objects.about(records.visit).get()
    assert event.action == "minutesscan.add" and event.actor == inspector
    assert event.data["Bản quét biên bản đã ký"] == ["", "Biên bản ký ngày 6-6.pdf"]
    assert event.data["SHA-256"] == ["", scan.file_sha256]
    page = client.get(records.visit.get_absolute_url()).content.decode()
    assert "Biên bản ký ngày 6-6.pdf" in page and scan.file_sha256[:12] in page
    assert reverse("inspections:minutesscan-download", args=[scan.pk]) in page
    assert "Đính kèm bản quét biên bản đã ký" in page  # the visit's history


def test_a_clerk_attaches_a_photo_of_the_signed_pages_in_place(client, clerk, records):
    client.force_login(clerk)
    response = upload(client, records.visit, "anh-bien-ban.JPG", JPEG, **HX)
    assert response.status_code == 200
    assert 'id="bien-ban-da-ky"' in response.content.decode()
    assert "anh-bien-ban.JPG" in response.content.decode()
    scan = MinutesScan.objects.get()
    assert scan.content_type == "image/jpeg" and scan.file.name.endswith(".jpg")


def test_a_newer_scan_supersedes_the_older_which_is_kept(client, inspector, clerk, records):
    client.force_login(inspector)
    upload(client, records.visit, "ban-dau.pdf", PDF)
    client.force_login(clerk)
    upload(client, records.visit, "ban-ro-hon.png", PNG)
    first, second = MinutesScan.objects.order_by("pk")
    assert default_storage.exists(first.file.name) and default_storage.exists(second.file.name)
    page = client.get(records.visit.get_absolute_url()).content.decode()
    section = page.split('id="bien-ban-da-ky"', 1)[1].split("</section>", 1)[0]
    current, older = section.split("Các bản đã thay (1)")
    assert "ban-ro-hon.png" in current and "ban-dau.pdf" not in current
    assert "ban-dau.pdf" in older


def test_the_page_tells_the_clerk_decree_30s_scan_format(client, clerk, leader, records):
    client.force_login(clerk)
    page = client.get(records.visit.get_absolute_url()).content.decode()
    assert "200 dpi" in page and "PDF" in page
    client.force_login(leader)  # a reader sees the scans, not the upload form
    page = client.get(records.visit.get_absolute_url()).content.decode()
    assert "Biên bản đã ký (bản quét)" in page and "200 dpi" not in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (None, b"", "Vui lòng chọn tệp bản quét biên bản đã ký."),
        ("rong.pdf", b"", "Tệp rỗng"),
        (
            "bien-ban.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64,
            "không phải bản quét PDF, JPEG hoặc PNG",
        ),
        ("bien-ban.png", b"<html><script>alert(1)</script></html>", "không phải bản quét PDF, JPEG hoặc PNG"),
        ("bien-ban.docx", None, "không phải bản quét PDF, JPEG hoặc PNG"),
        ("bien-ban.pdf", None, "có đuôi không khớp với nội dung (nội dung là DOCX)"),
        ("bien-ban.png", PDF, "có đuôi không khớp với nội dung (nội dung là PDF)"),
        ("bien-ban.exe", PDF, "có đuôi không khớp với nội dung"),
        ("hong.pdf", b"PK\x03\x04 not a zip", "không phải bản quét PDF, JPEG hoặc PNG"),
    ],
)
def test_a_missing_forged_or_wrong_file_is_refused_next_to_the_field(
    client, inspector, records, name, content, message
):
    client.force_login(inspector)
    response = upload(client, records.visit, name, docx() if content is None else content)
    assert response.status_code == 400
    page = response.content.decode()
    field_errors = page.split('id="scan-file-errors"', 1)[1].split("</ul>", 1)[0]
    assert message in field_errors
    assert not MinutesScan.objects.exists() and not AuditEvent.objects.exists()
    assert stored_scans() == []


def test_a_refusal_comes_back_in_place_for_htmx(client, inspector, records):
    client.force_login(inspector)
    response = upload(client, records.visit, "bien-ban.png", PDF, **HX)
    assert response.status_code == 200  # htmx swaps it in
    assert "có đuôi không khớp với nội dung" in response.content.decode()
    assert not MinutesScan.objects.exists()


def test_a_scan_over_the_size_limit_is_refused(client, inspector, records, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    client.force_login(inspector)
    response = upload(client, records.visit, "lon.pdf", PDF + b"0" * 4000)
    assert response.status_code == 400
    assert "vượt quá mức cho phép 1 KB" in response.content.decode()
    assert not MinutesScan.objects.exists() and stored_scans() == []


@pytest.mark.parametrize("persona", ["leader", "outsider"])
def test_people_outside_the_team_and_the_clerks_cannot_attach(client, request, records, persona):
    client.force_login(request.getfixturevalue(persona))
    assert upload(client, records.visit, "a.pdf", PDF).status_code == 403
    assert not MinutesScan.objects.exists()


@pytest.mark.parametrize("persona", ["inspector", "leader", "clerk"])
def test_readers_download_the_scan_as_uploaded(client, request, inspector, records, persona):
    client.force_login(inspector)
    upload(client, records.visit, "Biên bản.pdf", PDF)
    scan = MinutesScan.objects.get()
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("inspections:minutesscan-download", args=[scan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_outsiders_and_visitors_cannot_download(client, inspector, outsider, records):
    client.force_login(inspector)
    upload(client, records.visit, "a.pdf", PDF)
    url = reverse("inspections:minutesscan-download", args=[MinutesScan.objects.get().pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_a_tampered_stored_scan_is_refused_and_alarmed(client, inspector, records, settings, caplog):
    client.force_login(inspector)
    upload(client, records.visit, "Biên bản.pdf", PDF)
    scan = MinutesScan.objects.get()
    forged = PDF.replace(b"trailer", b"TRAILER")
    (settings.MEDIA_ROOT / scan.file.name).write_bytes(forged)
    response = client.get(reverse("inspections:minutesscan-download", args=[scan.pk]))
    assert response.status_code == 409
    assert forged not in response.content
    assert "tệp lưu trữ đã bị thay đổi sau khi tải lên" in response.content.decode()
    assert alarms(caplog) and scan.file_sha256 in alarms(caplog)[0].getMessage()
    # The operators' storage check lists it too (the `file_sha256` sibling-field convention).
    assert [record.pk for record, _ in check_storage().mismatched] == [scan.pk]


def test_a_lost_stored_scan_gives_a_clear_page(client, inspector, records, caplog):
    client.force_login(inspector)
    upload(client, records.visit, "Biên bản.pdf", PDF)
    scan = MinutesScan.objects.get()
    default_storage.delete(scan.file.name)
    response = client.get(reverse("inspections:minutesscan-download", args=[scan.pk]))
    assert response.status_code == 409 and "mất tệp lưu trữ" in response.content.decode()
    assert alarms(caplog)


def test_a_scan_is_never_deleted_or_overwritten(client, inspector, records):
    client.force_login(inspector)
    upload(client, records.visit, "a.pdf", PDF)
    scan = MinutesScan.objects.get()
    scan.note = "sửa"
    for attempt in (scan.save, scan.delete, MinutesScan.objects.all().delete):
        with pytest.raises(ScanKept):
            attempt()
    with pytest.raises(ScanKept):
        MinutesScan.objects.update(note="sửa")
    assert MinutesScan.objects.get().note == "" and default_storage.exists(scan.file.name)
