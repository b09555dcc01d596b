"""Approving is signing: through a SoftHSM2 token with a PIN, or a PKCS#12 file with a password.

A leader who cannot sign (wrong PIN, no certificate, an expired or revoked one, not the
notice's signer) reads why in Vietnamese, and nothing changes: the notice stays in review.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pdf_inspect import validate_all

from inspections.models import AuditEvent, Certificate, Notice, NoticeSigning
from inspections.services.notices import apply_action, draft_notice, snapshot_signer
from inspections.services.signing import approve_and_sign
from inspections.signing import SigningError

pytestmark = [pytest.mark.django_db, pytest.mark.real_pdf]
PIN = "246810"


@pytest.fixture
def in_review(demo, inspector, leader):
    """The departments' notice, signer: the leader persona, submitted for review."""
    notice = draft_notice(demo.departments_round, by=inspector)
    notice.signer = leader
    snapshot_signer(notice)
    notice.save()
    return apply_action(notice, "submit", by=inspector)


def nothing_changed(notice) -> None:
    notice = Notice.objects.get(pk=notice.pk)
    assert (notice.status, notice.approved_by, notice.approved_at) == ("in_review", None, None)
    assert not NoticeSigning.objects.filter(notice=notice).exclude(approved_pdf="").exists()
    assert not AuditEvent.objects.about(notice).filter(action__in=["notice.approve", "notice.sign"]).exists()


@pytest.fixture
def token_certificate(softhsm, person_keys, register_signer, leader):
    """The leader's key on a SoftHSM2 token (PIN 246810), its certificate registered as PKCS#11."""
    key, _ = person_keys(leader.display_name)
    softhsm("token-bui-ngoc-hai", PIN, key)
    return register_signer(leader, key_store="pkcs11", token_label="token-bui-ngoc-hai", key_label="ky-so")


def test_a_leader_signs_through_a_softhsm_token_with_their_pin(client, in_review, leader, token_certificate):
    client.force_login(leader)
    page = client.get(reverse("inspections:notice-approve", args=[in_review.pk])).content.decode()
    assert "Mã PIN của token" in page and token_certificate.serial in page

    response = client.post(
        reverse("inspections:notice-approve", args=[in_review.pk]), {"secret": PIN, "comment": "Đồng ý."}
    )

    assert response.status_code == 302
    notice = Notice.objects.get(pk=in_review.pk)
    assert (notice.status, notice.approved_by) == ("approved", leader)
    signing = notice.signing
    assert signing.certificate == token_certificate
    signed = signing.approved_pdf.read()
    assert signed.startswith(signing.to_sign_pdf.read())  # the PDF handed out, signed on top
    [status] = validate_all(signed, [])
    assert status.intact and status.valid
    assert status.signing_cert.dump() == bytes(token_certificate.der)
    event = AuditEvent.objects.about(notice).get(action="notice.sign")
    assert event.data["method"] == "server" and event.data["serial"] == token_certificate.serial
    assert PIN not in str(event.data)  # the PIN is never kept


def test_a_wrong_pin_is_refused_next_to_the_field_and_nothing_changes(
    client, in_review, leader, token_certificate
):
    client.force_login(leader)
    response = client.post(
        reverse("inspections:notice-approve", args=[in_review.pk]), {"secret": "000000", "comment": "Đồng ý."}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Mã PIN không đúng. Chưa có gì thay đổi" in page
    assert "Đồng ý." in page and "000000" not in page  # the comment kept, the PIN never echoed
    nothing_changed(in_review)


def test_the_board_seals_with_a_key_on_a_token_opened_once_per_process(
    softhsm, person_keys, register_signer, in_review, leader, clerk, settings, admin_user
):
    from inspections.models import SigningImage
    from inspections.services.certificates import register_certificate, save_signing_image
    from inspections.services.issuing import issue_notice
    from inspections.signing import certificates, images, keys

    key, cert = person_keys("Ban Quản lý Khu kinh tế Hải Phòng")
    softhsm("token-co-quan", "13579", key)
    settings.SIGNING_PKCS11_PIN = "13579"
    board = Certificate(
        holder="agency",
        organization=in_review.organization,
        key_store="pkcs11",
        token_label="token-co-quan",
        key_label="ky-so",
    )
    register_certificate(board, certificates.read_certificate(certificates.der_of(cert)), by=admin_user)
    seal = SigningImage(kind="seal", organization=in_review.organization, width_mm=36)
    save_signing_image(seal, images.demo_seal(in_review.organization.name), by=admin_user)
    register_signer(leader)
    approve_and_sign(in_review, by=leader, secret="mat-khau-ky")

    notice = issue_notice(Notice.objects.get(pk=in_review.pk), by=clerk, number=2881)

    leader_status, board_status = validate_all(notice.pdf.read(), [])
    assert board_status.signing_cert.dump() == bytes(board.der)
    assert board_status.intact and board_status.coverage.name == "ENTIRE_FILE"
    assert leader_status.intact and leader_status.modification_level.name == "FORM_FILLING"
    assert keys.agency_signer(board) is keys.agency_signer(board)  # the token session is kept


def test_a_leader_without_a_certificate_is_told_to_ask_the_admin(client, in_review, leader):
    client.force_login(leader)
    page = client.get(reverse("inspections:notice-approve", args=[in_review.pk])).content.decode()
    assert "chưa có chứng thư số được đăng ký" in page and "Duyệt và ký số</button>" not in page
    with pytest.raises(SigningError, match="chưa có chứng thư số được đăng ký"):
        approve_and_sign(in_review, by=leader, secret="x")
    nothing_changed(in_review)


def test_an_expired_certificate_cannot_sign(in_review, leader, register_signer):
    certificate = register_signer(leader)
    Certificate.objects.filter(pk=certificate.pk).update(
        not_after=timezone.now() - datetime.timedelta(days=1)
    )
    with pytest.raises(SigningError, match="đã hết hạn"):
        approve_and_sign(in_review, by=leader, secret="mat-khau-ky")
    nothing_changed(in_review)


def test_a_revoked_certificate_cannot_sign(in_review, leader, register_signer, admin_user):
    from inspections.services.certificates import revoke_certificate

    certificate = register_signer(leader)
    revoke_certificate(certificate, by=admin_user, note="Mất token")
    with pytest.raises(SigningError, match="đã bị thu hồi"):
        approve_and_sign(in_review, by=leader, secret="mat-khau-ky")
    nothing_changed(in_review)
    assert AuditEvent.objects.about(certificate).filter(action="certificate.revoke").exists()


def test_a_wrong_pkcs12_password_is_refused(client, in_review, leader, register_signer):
    register_signer(leader)
    client.force_login(leader)
    response = client.post(reverse("inspections:notice-approve", args=[in_review.pk]), {"secret": "sai"})
    assert response.status_code == 400
    assert "Mật khẩu tệp chứng thư (PKCS#12)" in response.content.decode()
    assert "mật khẩu không đúng" in response.content.decode()
    nothing_changed(in_review)


def test_only_the_notices_signer_approves_it(client, in_review, make_user, register_signer):
    other = make_user("tran_van_minh", "leader", full_name="Trần Văn Minh", title="Phó Trưởng ban")
    register_signer(other)
    client.force_login(other)
    page = client.get(in_review.get_absolute_url()).content.decode()
    assert "Duyệt và ký số" not in page and "Trả lại dự thảo" in page  # another leader may still return it
    response = client.post(
        reverse("inspections:notice-approve", args=[in_review.pk]), {"secret": "mat-khau-ky"}, follow=True
    )
    assert "chỉ người ký mới duyệt và ký số được" in response.content.decode()
    nothing_changed(in_review)


def test_the_pdf_to_sign_is_rendered_once_per_content(client, in_review, leader, register_signer):
    register_signer(leader)
    client.force_login(leader)
    url = reverse("inspections:notice-to-sign-pdf", args=[in_review.pk])
    first = b"".join(client.get(url).streaming_content)
    again = b"".join(client.get(url, {"download": "1"}).streaming_content)
    assert first == again and first.startswith(b"%PDF")
    assert AuditEvent.objects.about(in_review).filter(action="notice.prepare").count() == 1
    assert b"/ByteRange" not in first  # nothing signed yet


def test_without_a_signature_image_the_leader_cannot_sign_here(in_review, leader, register_signer):
    register_signer(leader, image=False)
    with pytest.raises(SigningError, match="chưa có ảnh chữ ký"):
        approve_and_sign(in_review, by=leader, secret="mat-khau-ky")
    nothing_changed(in_review)


def test_without_a_seal_image_nothing_is_issued(in_review, leader, clerk, register_signer, register_board):
    from inspections.services.issuing import issue_notice

    register_signer(leader)
    register_board(in_review.organization, seal=False)
    approve_and_sign(in_review, by=leader, secret="mat-khau-ky")
    with pytest.raises(SigningError, match="chưa có ảnh con dấu"):
        issue_notice(Notice.objects.get(pk=in_review.pk), by=clerk, number=2881)
    notice = Notice.objects.get(pk=in_review.pk)
    assert (notice.status, notice.number, notice.pdf.name) == ("approved", None, "")
