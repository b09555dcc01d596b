"""Signed elsewhere, checked here: a leader signs the handed-out PDF on their own computer.

The upload is accepted only if the signature validates, the certificate is the one registered
for that leader and the signed revision is byte for byte the PDF handed out. Anything else is
refused with the reason, and the notice stays in review.
"""

from io import BytesIO

import pytest
from django.urls import reverse
from pdf_inspect import validate_all

from inspections.models import AuditEvent, Notice
from inspections.services.notices import apply_action, draft_notice, snapshot_signer

pytestmark = [pytest.mark.django_db, pytest.mark.real_pdf]


@pytest.fixture
def handed_out(client, demo, inspector, leader, register_signer):
    """The notice in review, the leader's certificate registered (signs elsewhere), and the PDF
    the leader downloaded from the approve page."""
    notice = draft_notice(demo.departments_round, by=inspector)
    notice.signer = leader
    snapshot_signer(notice)
    notice.save()
    notice = apply_action(notice, "submit", by=inspector)
    register_signer(leader, key_store="elsewhere", image=False)
    client.force_login(leader)
    page = client.get(reverse("inspections:notice-approve", args=[notice.pk])).content.decode()
    assert "Ký trên máy của tôi" in page and "Mã PIN" not in page  # no key on the server
    response = client.get(reverse("inspections:notice-to-sign-pdf", args=[notice.pk]), {"download": "1"})
    assert response["Content-Disposition"].startswith("attachment")
    return notice, b"".join(response.streaming_content)


def sign_elsewhere(data: bytes, key, cert, field="Signature1") -> bytes:
    """What the leader's own signing tool does: one PAdES signature in a new field, appended."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.signers import SimpleSigner

    from inspections.signing import certificates, outside_event_loop

    signer = SimpleSigner.load_pkcs12_data(certificates.pkcs12_bytes(key, cert, "pw"), [], passphrase=b"pw")
    meta = signers.PdfSignatureMetadata(field_name=field, md_algorithm="sha256")

    def run():
        return signers.sign_pdf(IncrementalPdfFileWriter(BytesIO(data)), meta, signer=signer).getvalue()

    return outside_event_loop(run)


def upload(client, notice, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("inspections:notice-approve-upload", args=[notice.pk]),
        {
            "da-ky-file": SimpleUploadedFile("da-ky.pdf", data, "application/pdf"),
            "da-ky-comment": "Đã ký trên máy.",
        },
    )


def still_in_review(notice) -> None:
    assert Notice.objects.get(pk=notice.pk).status == "in_review"
    assert not AuditEvent.objects.about(notice).filter(action__in=["notice.approve", "notice.sign"]).exists()


def test_the_handed_out_pdf_signed_with_the_registered_certificate_approves_the_notice(
    client, handed_out, person_keys, leader, clerk, register_board
):
    from inspections.services.issuing import issue_notice

    notice, data = handed_out
    key, cert = person_keys(leader.display_name)
    signed = sign_elsewhere(data, key, cert)

    response = upload(client, notice, signed)

    assert response.status_code == 302
    notice = Notice.objects.get(pk=notice.pk)
    assert notice.status == "approved" and notice.signing.approved_pdf.read() == signed
    event = AuditEvent.objects.about(notice).get(action="notice.sign")
    assert event.data["method"] == "uploaded"
    # The clerk numbers and seals it like any approved notice: both signatures hold.
    register_board(notice.organization)
    issued = issue_notice(notice, by=clerk, number=2881)
    first, second = validate_all(issued.pdf.read(), [])
    assert first.intact and first.modification_level.name == "FORM_FILLING"
    assert second.intact and second.coverage.name == "ENTIRE_FILE"


def test_a_pdf_signed_by_a_different_certificate_is_refused_with_the_reason(client, handed_out, person_keys):
    notice, data = handed_out
    key, cert = person_keys("Người Khác")
    response = upload(client, notice, sign_elsewhere(data, key, cert))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tệp được ký bằng chứng thư “Người Khác”" in page and "không phải chứng thư số đã đăng ký" in page
    still_in_review(notice)


def test_a_signed_pdf_whose_content_differs_from_the_one_handed_out_is_refused(
    client, handed_out, person_keys, leader
):
    notice, data = handed_out
    key, cert = person_keys(leader.display_name)
    altered = data.replace(b"/Producer", b"/Producex", 1) if b"/Producer" in data else data + b"\n% sua\n"
    response = upload(client, notice, sign_elsewhere(altered, key, cert))
    assert response.status_code == 400
    assert "Nội dung đã ký khác với bản PDF trình ký do hệ thống cấp" in response.content.decode()
    still_in_review(notice)


def test_a_signed_pdf_changed_after_signing_is_refused(client, handed_out, person_keys, leader):
    notice, data = handed_out
    key, cert = person_keys(leader.display_name)
    signed = bytearray(sign_elsewhere(data, key, cert))
    signed[len(data) // 2] ^= 0x01  # a bit of the handed-out part, after the signature was made
    response = upload(client, notice, bytes(signed))
    assert response.status_code == 400
    assert "Không nhận tệp" in response.content.decode()
    still_in_review(notice)


def test_an_unsigned_pdf_is_refused(client, handed_out):
    notice, data = handed_out
    response = upload(client, notice, data)
    assert response.status_code == 400
    assert "không có chữ ký số nào" in response.content.decode()
    still_in_review(notice)
