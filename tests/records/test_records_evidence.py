"""Evidence files: checked by content, stored under a random name, served only with permission."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from records_helpers import HX

from inspections.models import AuditEvent, Evidence

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32


def office_file(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<root/>")
    return buffer.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    book = Workbook()
    book.active["A1"] = "Bảng chấm công tháng 6/2023"
    book.save(buffer)
    return buffer.getvalue()


def upload(client, records, name, content, finding_criterion=None):
    criterion = finding_criterion or records.discipline
    url = reverse("inspections:evidence-add", args=[records.round.pk, records.visit.pk, criterion.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)}, headers=HX)


@pytest.mark.parametrize(
    ("name", "content", "extension", "content_type"),
    [
        ("Biên bản kiểm tra.pdf", PDF, "pdf", "application/pdf"),
        ("ảnh niêm yết.JPG", JPEG, "jpg", "image/jpeg"),
        ("ảnh.jpeg", JPEG, "jpg", "image/jpeg"),
        ("sơ đồ.png", PNG, "png", "image/png"),
        ("báo cáo.docx", office_file("word/document.xml"), "docx", "wordprocessingml"),
        ("chấm công.xlsx", None, "xlsx", "spreadsheetml"),
    ],
)
def test_good_files_of_each_type_are_stored_under_a_random_name(
    client, inspector, records, make_finding, name, content, extension, content_type
):
    finding = make_finding()
    content = content if content is not None else xlsx()
    client.force_login(inspector)
    response = upload(client, records, name, content)
    assert response.status_code == 200
    assert name in response.content.decode()  # listed in the row
    evidence = Evidence.objects.get()
    assert evidence.original_name == name and evidence.extension == extension
    assert content_type in evidence.content_type
    assert evidence.file.name == f"evidence/{finding.pk}/{evidence.token}.{extension}"
    assert len(evidence.token) == 32 and name.split(".")[0] not in evidence.file.name
    assert default_storage.open(evidence.file.name).read() == content
    event = AuditEvent.objects.about(finding).get()
    assert event.action == "evidence.add" and event.data == {"Tài liệu minh chứng": ["", name]}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "bao-cao.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64,
            "không phải PDF, JPEG, PNG, DOCX hoặc XLSX",
        ),
        ("anh.png", b"<html><script>alert(1)</script></html>", "không phải PDF, JPEG, PNG, DOCX hoặc XLSX"),
        ("anh.png", PDF, "có đuôi không khớp với nội dung (nội dung là PDF)"),
        ("tai-lieu.exe", PDF, "có đuôi không khớp với nội dung"),
        ("bao-cao.docx", office_file("content.xml"), "không phải PDF, JPEG, PNG, DOCX hoặc XLSX"),
        ("bang.xlsx", office_file("word/document.xml"), "có đuôi không khớp với nội dung (nội dung là DOCX)"),
        ("hong.docx", b"PK\x03\x04 not really a zip", "Tệp nén bị hỏng hoặc không phải tệp Word/Excel"),
        ("rong.pdf", b"", "Tệp rỗng"),
    ],
)
def test_forged_or_disallowed_files_are_refused(
    client, inspector, records, make_finding, name, content, message
):
    make_finding()
    client.force_login(inspector)
    response = upload(client, records, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Evidence.objects.exists() and not AuditEvent.objects.exists()


def test_an_oversized_file_is_refused(client, inspector, records, make_finding, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    make_finding()
    client.force_login(inspector)
    response = upload(client, records, "lon.pdf", PDF + b"0" * 2000)
    assert "vượt quá mức cho phép 1 KB" in response.content.decode()
    assert not Evidence.objects.exists()
    assert upload(client, records, "vua.pdf", PDF).status_code == 200
    assert Evidence.objects.count() == 1


def test_a_path_traversal_name_is_stored_safely(client, inspector, records, make_finding, settings):
    finding = make_finding()
    client.force_login(inspector)
    upload(client, records, "../../etc/passwd.pdf", PDF)
    evidence = Evidence.objects.get()
    assert evidence.original_name == "passwd.pdf"
    assert ".." not in evidence.file.name and evidence.file.name.startswith(f"evidence/{finding.pk}/")
    assert (settings.MEDIA_ROOT / evidence.file.name).resolve().is_relative_to(settings.MEDIA_ROOT.resolve())


def test_evidence_needs_a_finding_first(client, inspector, records):
    client.force_login(inspector)
    response = upload(client, records, "a.pdf", PDF, finding_criterion=records.posting)
    assert "Hãy nhập kết quả trước khi đính kèm tệp." in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("persona", ["inspector", "leader", "clerk"])
def test_readers_download_as_an_attachment_with_the_original_name(
    client, request, inspector, records, make_finding, persona
):
    make_finding()
    client.force_login(inspector)
    upload(client, records, "Biên bản.pdf", PDF)
    evidence = Evidence.objects.get()
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("inspections:evidence-download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_outsiders_and_visitors_cannot_download(client, inspector, outsider, records, make_finding):
    make_finding()
    client.force_login(inspector)
    upload(client, records, "a.pdf", PDF)
    url = reverse("inspections:evidence-download", args=[Evidence.objects.get().pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.parametrize("persona", ["leader", "clerk"])
def test_readers_cannot_upload_or_delete(client, request, inspector, records, make_finding, persona):
    make_finding()
    client.force_login(inspector)
    upload(client, records, "a.pdf", PDF)
    evidence = Evidence.objects.get()
    client.force_login(request.getfixturevalue(persona))
    assert upload(client, records, "b.pdf", PDF).status_code == 403
    url = reverse(
        "inspections:evidence-delete",
        args=[records.round.pk, records.visit.pk, records.discipline.pk, evidence.pk],
    )
    assert client.post(url).status_code == 403
    assert Evidence.objects.count() == 1


def test_deleting_evidence_removes_the_file_and_is_audited(
    client, inspector, records, make_finding, django_capture_on_commit_callbacks
):
    finding = make_finding()
    client.force_login(inspector)
    upload(client, records, "a.pdf", PDF)
    evidence = Evidence.objects.get()
    url = reverse(
        "inspections:evidence-delete",
        args=[records.round.pk, records.visit.pk, records.discipline.pk, evidence.pk],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, headers=HX)
    assert response.status_code == 200 and "a.pdf" not in response.content.decode()
    assert not Evidence.objects.exists() and not default_storage.exists(evidence.file.name)
    event = AuditEvent.objects.about(finding).get(action="evidence.delete")
    assert event.actor == inspector and event.data == {"Tài liệu minh chứng": ["a.pdf", ""]}


def test_evidence_of_another_finding_cannot_be_deleted_through_this_row(
    client, inspector, records, make_finding
):
    make_finding()
    make_finding(criterion=records.posting)
    client.force_login(inspector)
    upload(client, records, "a.pdf", PDF, finding_criterion=records.posting)
    evidence = Evidence.objects.get()
    url = reverse(
        "inspections:evidence-delete",
        args=[records.round.pk, records.visit.pk, records.discipline.pk, evidence.pk],
    )
    assert client.post(url).status_code == 404
    assert Evidence.objects.exists()
