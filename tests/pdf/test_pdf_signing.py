"""The board's key from the environment, and the demo's self-signed keys (DEBUG only)."""

import pytest
from django.core.management import CommandError, call_command

from inspections.models import Certificate, SigningImage
from inspections.signing import SigningError, keys
from inspections.signing.certificates import make_signing_cert

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_certificate(register_board, organization, use_cert):
    keys.forget_agency_signers()
    yield register_board(organization)
    keys.forget_agency_signers()


def test_a_missing_board_key_file_is_a_clear_error(settings, tmp_path, board_certificate):
    settings.SIGNING_P12 = str(tmp_path / "khong-co.p12")
    with pytest.raises(SigningError, match="Không tìm thấy tệp chứng thư số của cơ quan"):
        keys.agency_signer(board_certificate)


def test_a_wrong_board_password_is_a_clear_error(settings, board_certificate):
    settings.SIGNING_P12_PASSWORD = "sai-mat-khau"
    with pytest.raises(SigningError, match="mật khẩu không đúng"):
        keys.agency_signer(board_certificate)


def test_a_board_key_file_that_is_not_pkcs12_is_a_clear_error(settings, tmp_path, board_certificate):
    path = tmp_path / "hong.p12"
    path.write_bytes(b"not a certificate")
    settings.SIGNING_P12 = str(path)
    with pytest.raises(SigningError, match="không phải PKCS#12"):
        keys.agency_signer(board_certificate)


def test_a_board_key_of_another_certificate_is_refused(settings, tmp_path, board_certificate):
    other = tmp_path / "khac.p12"
    make_signing_cert(other, settings.SIGNING_P12_PASSWORD, "Một cơ quan khác")
    settings.SIGNING_P12 = str(other)
    with pytest.raises(SigningError, match="chứng thư khác chứng thư đã đăng ký"):
        keys.agency_signer(board_certificate)


def test_the_board_key_is_loaded_once_per_process(board_certificate):
    first = keys.agency_signer(board_certificate)
    assert keys.agency_signer(board_certificate) is first
    assert first.signing_cert.subject.native["common_name"] == "Ban Quản lý Khu kinh tế Hải Phòng"


def test_make_signing_cert_makes_nothing_with_debug_off(settings, tmp_path, organization, leader, admin_user):
    settings.DEBUG = False
    settings.SIGNING_P12 = str(tmp_path / "signing.p12")
    with pytest.raises(CommandError, match="DEBUG tắt"):
        call_command("make_signing_cert")
    assert not (tmp_path / "signing.p12").exists()
    assert not Certificate.objects.exists() and not SigningImage.objects.exists()


def test_make_signing_cert_makes_the_demo_keys_and_images_once(
    settings, tmp_path, organization, leader, admin_user, capsys
):
    settings.DEBUG = True
    settings.SIGNING_P12 = str(tmp_path / "signing.p12")
    call_command("make_signing_cert")
    out = capsys.readouterr().out
    assert "chứng thư tự ký của Bùi Ngọc Hải" in out and "ảnh con dấu demo" in out
    assert (tmp_path / "signing.p12").stat().st_mode & 0o077 == 0  # private key: owner only
    board = Certificate.objects.get(holder="agency")
    assert (board.organization, board.common_name, board.demo) == (organization, organization.name, True)
    person = Certificate.objects.get(holder="person")
    assert (person.user, person.key_store, person.demo) == (leader, "pkcs12", True)
    assert person.subject.startswith("CN=Bùi Ngọc Hải") and person.subject == person.issuer  # self-signed
    seal, signature = SigningImage.objects.get(kind="seal"), SigningImage.objects.get(kind="signature")
    assert seal.demo and signature.demo and signature.user == leader
    assert keys.agency_signer(board).signing_cert.dump() == bytes(board.der)

    call_command("make_signing_cert")
    assert "không thay đổi" in capsys.readouterr().out
    assert Certificate.objects.count() == 2 and SigningImage.objects.count() == 2
