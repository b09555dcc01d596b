"""The signing certificate: clear errors before anything is issued, dev certificate rules."""

import pytest
from django.core.management import call_command

from inspections import pdf, signing
from inspections.signing import SigningError, load_signer, make_signing_cert

pytestmark = pytest.mark.django_db


def test_a_missing_certificate_is_a_clear_error(settings, tmp_path):
    settings.SIGNING_P12 = str(tmp_path / "khong-co.p12")
    with pytest.raises(SigningError, match="Không tìm thấy tệp chứng thư số"):
        load_signer()


def test_a_wrong_password_is_a_clear_error(settings, signing_cert):
    settings.SIGNING_P12 = str(signing_cert)
    settings.SIGNING_P12_PASSWORD = "sai-mat-khau"
    with pytest.raises(SigningError, match="mật khẩu"):
        load_signer()


def test_a_file_that_is_not_pkcs12_is_a_clear_error(settings, tmp_path):
    path = tmp_path / "hong.p12"
    path.write_bytes(b"not a certificate")
    settings.SIGNING_P12 = str(path)
    with pytest.raises(SigningError, match="không phải PKCS#12"):
        load_signer()


def test_the_signer_is_loaded_once_per_process(use_cert):
    assert load_signer() is load_signer()
    assert signing.signer_subject(load_signer()) == "Ban Quản lý Khu kinh tế Hải Phòng"


def test_issuing_with_a_wrong_password_fails_before_rendering(settings, seed_notice, use_cert, monkeypatch):
    settings.SIGNING_P12_PASSWORD = "sai-mat-khau"
    monkeypatch.setattr(pdf, "_layout", lambda *a, **k: pytest.fail("rendered without a usable certificate"))
    with pytest.raises(SigningError):
        pdf.render_issued_pdf(seed_notice(2880))


def test_make_signing_cert_keeps_an_existing_file_unless_forced(tmp_path):
    path = tmp_path / "var" / "signing.p12"
    assert make_signing_cert(path, "pw", "Ban Quản lý Khu kinh tế Hải Phòng") is True
    first = path.read_bytes()
    assert make_signing_cert(path, "pw", "Ban Quản lý Khu kinh tế Hải Phòng") is False
    assert path.read_bytes() == first
    assert make_signing_cert(path, "pw", "Ban Quản lý Khu kinh tế Hải Phòng", force=True) is True
    assert path.read_bytes() != first
    assert path.stat().st_mode & 0o077 == 0  # private key: owner only


def test_make_signing_cert_command_names_the_organisation(settings, tmp_path, organization, capsys):
    settings.SIGNING_P12 = str(tmp_path / "signing.p12")
    settings.SIGNING_P12_PASSWORD = "pw"
    call_command("make_signing_cert")
    assert "Ban Quản lý Khu kinh tế Hải Phòng" in capsys.readouterr().out
    assert signing.signer_subject(load_signer()) == organization.name
    call_command("make_signing_cert")
    assert "không thay đổi" in capsys.readouterr().out


def test_the_dev_certificate_is_made_on_first_use_only_in_debug(settings, tmp_path):
    settings.SIGNING_P12 = str(tmp_path / "signing.p12")
    settings.DEBUG = False
    assert pdf.ensure_dev_certificate("Ban Quản lý Khu kinh tế Hải Phòng") is False
    with pytest.raises(SigningError):
        load_signer()
    settings.DEBUG = True
    assert pdf.ensure_dev_certificate("Ban Quản lý Khu kinh tế Hải Phòng") is True
    assert load_signer()
