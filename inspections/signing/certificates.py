"""X.509 certificates: read what an admin registers, and make self-signed ones for development."""

import datetime
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from inspections.signing import SigningError

DEV_CERT_VALID_DAYS = 5 * 365


@dataclass(frozen=True)
class CertificateInfo:
    """What people need to know of a certificate, read from its DER bytes."""

    der: bytes
    subject: str
    common_name: str
    issuer: str
    serial: str  # hex, as CAs print it
    fingerprint: str  # SHA-256 of the DER, hex
    not_before: datetime.datetime
    not_after: datetime.datetime

    @property
    def self_signed(self) -> bool:
        return self.subject == self.issuer


def _name_text(name) -> str:
    """'CN=Bùi Ngọc Hải, T=Phó Trưởng ban, O=Ban Quản lý …, C=VN': RFC 4514, in reading order."""
    from cryptography.x509.oid import NameOID

    # Short names for attributes Vietnamese CAs put in names, which RFC 4514 prints as OIDs.
    names = {
        NameOID.TITLE: "T",
        NameOID.SERIAL_NUMBER: "SERIALNUMBER",
        NameOID.EMAIL_ADDRESS: "E",
        NameOID.GIVEN_NAME: "GIVENNAME",
        NameOID.SURNAME: "SN",
    }
    return ", ".join(attribute.rfc4514_string(names) for attribute in reversed(list(name)))


def read_certificate(data: bytes) -> CertificateInfo:
    """Read a certificate from PEM or DER bytes; ValueError (Vietnamese) if it is not one."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509.oid import NameOID

    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            cert = x509.load_pem_x509_certificate(data)
        else:
            cert = x509.load_der_x509_certificate(data)
    except ValueError:
        raise ValueError("Tệp không phải chứng thư số X.509 (dạng .cer, .crt, .pem hoặc .der).") from None
    der = cert.public_bytes(Encoding.DER)
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return CertificateInfo(
        der=der,
        subject=_name_text(cert.subject),
        common_name=str(names[0].value) if names else _name_text(cert.subject),
        issuer=_name_text(cert.issuer),
        serial=f"{cert.serial_number:X}",
        fingerprint=hashlib.sha256(der).hexdigest(),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
    )


def usable_now(info, *, revoked_at=None, now=None) -> None:
    """Raise SigningError (Vietnamese) unless the certificate may sign now.

    `info` is a CertificateInfo or a registered Certificate (both have serial and validity).
    """
    now = now or datetime.datetime.now(datetime.UTC)
    if revoked_at is not None and revoked_at <= now:
        raise SigningError(
            f"Chứng thư số (số sê-ri {info.serial}) đã bị thu hồi ngày {_vn(revoked_at)}; "
            "không thể ký bằng chứng thư này."
        )
    if info.not_after < now:
        raise SigningError(
            f"Chứng thư số (số sê-ri {info.serial}) đã hết hạn ngày {_vn(info.not_after)}; cần gia hạn "
            "hoặc đăng ký chứng thư mới."
        )
    if info.not_before > now:
        raise SigningError(
            f"Chứng thư số (số sê-ri {info.serial}) chỉ có hiệu lực từ ngày {_vn(info.not_before)}."
        )


def _vn(moment: datetime.datetime) -> str:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%d/%m/%Y")


def make_self_signed(
    common_name: str,
    *,
    organization: str,
    title: str = "",
    key_size: int = 2048,
    valid_days: int = DEV_CERT_VALID_DAYS,
    not_before: datetime.datetime | None = None,
):
    """A new RSA key and a self-signed signing certificate for `common_name`: (key, certificate).

    For development, the demo and the tests only: real signatures use certificates a licensed
    CA issued (for state bodies, the Government CA of Ban Cơ yếu Chính phủ).
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization[:64]))
    if title:
        attributes.append(x509.NameAttribute(NameOID.TITLE, title[:64]))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]))
    name = x509.Name(attributes)
    start = not_before or datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=valid_days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def der_of(cert) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding

    return cert.public_bytes(Encoding.DER)


def pkcs12_bytes(key, cert, password: str, name: str = "signing") -> bytes:
    """The key and certificate as a password-protected PKCS#12 file."""
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    return pkcs12.serialize_key_and_certificates(
        name.encode(), key, cert, None, BestAvailableEncryption(password.encode())
    )


def write_private_file(path: Path | str, data: bytes) -> None:
    """Write a key file readable by its owner only, beside the target then renamed (never half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    partial.replace(path)


def make_signing_cert(
    path: Path | str,
    password: str,
    organization_name: str,
    *,
    force: bool = False,
    not_before: datetime.datetime | None = None,
) -> bool:
    """Write a self-signed PKCS#12 certificate of the agency `organization_name` to `path`.

    Returns False and changes nothing when the file exists and `force` is off.
    """
    path = Path(path)
    if path.exists() and not force:
        return False
    key, cert = make_self_signed(organization_name, organization=organization_name, not_before=not_before)
    write_private_file(path, pkcs12_bytes(key, cert, password))
    return True
