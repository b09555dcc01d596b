"""Signing keys: where a signature's private key lives and how the app reaches it.

- A person signs with a PKCS#11 token or HSM (the real path in Vietnamese agencies: Ban Cơ
  yếu Chính phủ tokens), unlocked by the PIN they type at that moment, or, for development,
  with a PKCS#12 file unlocked by its password. The PIN or password is used once and never
  stored; the token session is closed after the signature.
- The agency signs with the PKCS#12 file named by SIGNING_P12 (password SIGNING_P12_PASSWORD)
  or with a PKCS#11 token whose PIN is SIGNING_PKCS11_PIN. Its signer is kept per process:
  loading a key costs more than a signature.

Every failure is a SigningError with a Vietnamese message, raised before anything is written.
"""

import threading
from contextlib import contextmanager, suppress
from pathlib import Path

from django.conf import settings

from inspections.signing import SigningError

_agency_signers: dict[tuple, object] = {}
_lock = threading.Lock()


def _asn1(der: bytes):
    from asn1crypto import x509

    return x509.Certificate.load(bytes(der))


def _kept_key_signer(loaded):
    """pyHanko's SimpleSigner, but parsing its RSA key once instead of at every signature.

    SimpleSigner.sign_raw loads the private key from DER each time, with cryptography's RSA
    consistency checks: about 50 ms, more than the rest of a signature. The parsed key is kept.
    """
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.serialization import load_der_private_key
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash

    class KeptKeySigner(SimpleSigner):
        _parsed = None

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            if mechanism.signature_algo != "rsassa_pkcs1v15":
                return super().sign_raw(data, digest_algorithm)
            if self._parsed is None:
                self._parsed = load_der_private_key(self.signing_key.dump(), password=None)
            return self._parsed.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))

    return KeptKeySigner(
        signing_cert=loaded.signing_cert, signing_key=loaded.signing_key, cert_registry=loaded.cert_registry
    )


def _pkcs12_signer(data: bytes, password: str, *, what: str):
    from pyhanko.sign.signers import SimpleSigner

    try:
        loaded = SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=password.encode() or None)
    except (OSError, ValueError, TypeError):
        raise SigningError(
            f"Không mở được {what}: mật khẩu không đúng hoặc tệp không phải PKCS#12."
        ) from None
    return _kept_key_signer(loaded)


def _same_certificate(signer, certificate, *, where: str) -> None:
    if bytes(signer.signing_cert.dump()) != bytes(certificate.der):
        raise SigningError(
            f"Khóa trong {where} đi với một chứng thư khác chứng thư đã đăng ký "
            f"(sê-ri {certificate.serial}). Quản trị cần đăng ký đúng chứng thư."
        )


def pkcs11_module() -> str:
    module = settings.SIGNING_PKCS11_MODULE
    if not module or not Path(module).exists():
        raise SigningError(
            f"Chưa cài thư viện PKCS#11 của token (SIGNING_PKCS11_MODULE = “{module or '(trống)'}”)."
        )
    return module


def _open_token(token_label: str, pin: str):
    """Log in to the token labelled `token_label` with `pin`; SigningError with the reason."""
    from pkcs11 import exceptions
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import open_pkcs11_session

    if not pin:
        raise SigningError("Nhập mã PIN của token để ký.")
    try:
        return open_pkcs11_session(
            pkcs11_module(), token_criteria=TokenCriteria(label=token_label), user_pin=pin
        )
    except exceptions.PinIncorrect:
        raise SigningError("Mã PIN không đúng. Chưa có gì thay đổi; hãy nhập lại.") from None
    except exceptions.PinLocked:
        raise SigningError(
            "Token đã bị khóa vì nhập sai mã PIN nhiều lần; liên hệ bộ phận cấp token."
        ) from None
    except (exceptions.PinInvalid, exceptions.PinLenRange):
        raise SigningError("Mã PIN không hợp lệ (sai độ dài hoặc ký tự).") from None
    except exceptions.PKCS11Error as error:
        if "No token" in str(error):
            raise SigningError(
                f"Không tìm thấy token “{token_label}”: hãy kiểm tra token đã được cắm."
            ) from None
        raise SigningError(f"Token báo lỗi khi đăng nhập ({type(error).__name__}).") from None


def _pkcs11_signer(session, certificate):
    from pyhanko.sign.pkcs11 import PKCS11Signer

    return PKCS11Signer(
        session, key_label=certificate.key_label or None, signing_cert=_asn1(certificate.der), cert_label=None
    )


@contextmanager
def person_signer(certificate, secret: str):
    """Yield a pyHanko signer for a person's `certificate`, unlocked by the `secret` they typed."""
    from inspections.models import Certificate

    if certificate.key_store == Certificate.KeyStore.PKCS12:
        if not secret:
            raise SigningError("Nhập mật khẩu của tệp chứng thư để ký.")
        signer = _pkcs12_signer(bytes(certificate.pkcs12), secret, what="tệp chứng thư số của người ký")
        _same_certificate(signer, certificate, where="tệp PKCS#12")
        yield signer
    elif certificate.key_store == Certificate.KeyStore.PKCS11:
        session = _open_token(certificate.token_label, secret)
        try:
            yield _pkcs11_signer(session, certificate)
        finally:
            session.close()
    else:
        raise SigningError(
            "Chứng thư này được ký trên máy của người ký: tải tệp PDF cần ký về, ký bằng công cụ của "
            "mình rồi tải tệp đã ký lên."
        )


def agency_signer(certificate):
    """The agency's signer for `certificate`, loaded once per process (PKCS#12 or PKCS#11 from settings)."""
    from inspections.models import Certificate

    if certificate.key_store == Certificate.KeyStore.PKCS11:
        key = ("pkcs11", certificate.fingerprint, certificate.token_label, certificate.key_label)
        with _lock:
            if key not in _agency_signers:
                session = _open_token(certificate.token_label, settings.SIGNING_PKCS11_PIN)
                _agency_signers[key] = _pkcs11_signer(session, certificate)
            return _agency_signers[key]
    path = Path(settings.SIGNING_P12)
    password = settings.SIGNING_P12_PASSWORD or ""
    try:
        stat = path.stat()
    except OSError:
        raise SigningError(
            f"Không tìm thấy tệp chứng thư số của cơ quan “{path}”. Kiểm tra biến SIGNING_P12 "
            "(khi phát triển: manage.py make_signing_cert)."
        ) from None
    key = ("pkcs12", certificate.fingerprint, str(path), password, stat.st_mtime_ns, stat.st_size)
    with _lock:
        if key not in _agency_signers:
            signer = _pkcs12_signer(
                path.read_bytes(), password, what="chứng thư số của cơ quan (SIGNING_P12)"
            )
            _same_certificate(signer, certificate, where="tệp SIGNING_P12")
            _agency_signers[key] = signer
        return _agency_signers[key]


def forget_agency_signers() -> None:
    """Drop the cached agency signers (after a token error, or when tests swap tokens)."""
    with _lock:
        for signer in _agency_signers.values():
            session = getattr(signer, "pkcs11_session", None)
            if session is not None:
                with suppress(Exception):  # a dead session is what we are clearing
                    session.close()
        _agency_signers.clear()


def pkcs12_certificate(data: bytes, password: str) -> bytes:
    """The DER certificate inside a PKCS#12 file (ValueError in Vietnamese if it cannot be read)."""
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    try:
        _, cert, _ = pkcs12.load_key_and_certificates(data, password.encode() or None)
    except (ValueError, TypeError):
        raise ValueError("Không mở được tệp PKCS#12: mật khẩu không đúng hoặc tệp hỏng.") from None
    if cert is None:
        raise ValueError("Tệp PKCS#12 không chứa chứng thư.")
    return cert.public_bytes(Encoding.DER)
