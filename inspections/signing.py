"""The organisation's digital signature: load its PKCS#12 certificate once per process, sign
PDFs (PAdES) with pyHanko, and make a self-signed certificate for development and the demo."""

import datetime
import os
import threading
from io import BytesIO
from pathlib import Path

from django.conf import settings


class SigningError(Exception):
    """The certificate cannot be used (missing file, wrong password, expired)."""


DEV_CERT_VALID_DAYS = 5 * 365

_signers: dict[tuple, object] = {}
_lock = threading.Lock()


def make_signing_cert(
    path: Path | str, password: str, organization_name: str, *, force: bool = False
) -> bool:
    """Write a self-signed PKCS#12 certificate for `organization_name` to `path`.

    Returns False and changes nothing when the file exists and `force` is off. For
    development and the demo only: a real notice is signed with a CA-issued certificate.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
    from cryptography.x509.oid import NameOID

    path = Path(path)
    if path.exists() and not force:
        return False
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization_name[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, organization_name[:64]),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=DEV_CERT_VALID_DAYS))
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
    data = pkcs12.serialize_key_and_certificates(
        b"signing", key, cert, None, BestAvailableEncryption(password.encode())
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    # Written beside the target then renamed, so a reader never sees half a file.
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    partial.replace(path)
    return True


def load_signer():
    """Return the pyHanko signer for settings.SIGNING_P12, loaded once per process.

    Loading the key costs about two thirds of a signature, so the loaded signer is kept;
    it is reloaded when the file, its password or its modification time changes.
    """
    from pyhanko.sign.signers import SimpleSigner

    path = Path(settings.SIGNING_P12)
    password = settings.SIGNING_P12_PASSWORD or ""
    try:
        stat = path.stat()
    except OSError:
        raise SigningError(
            f"Không tìm thấy tệp chứng thư số “{path}”. Kiểm tra biến SIGNING_P12 "
            "(hoặc tạo chứng thư thử nghiệm bằng lệnh manage.py make_signing_cert)."
        ) from None
    key = (str(path), password, stat.st_mtime_ns, stat.st_size)
    with _lock:
        if key in _signers:
            return _signers[key]
        try:
            signer = SimpleSigner.load_pkcs12_data(
                path.read_bytes(), other_certs=[], passphrase=password.encode() or None
            )
        except (OSError, ValueError):
            raise SigningError(
                "Không mở được chứng thư số: mật khẩu (SIGNING_P12_PASSWORD) không đúng "
                "hoặc tệp không phải PKCS#12."
            ) from None
        not_after = signer.signing_cert["tbs_certificate"]["validity"]["not_after"].native
        if not_after < datetime.datetime.now(datetime.UTC):
            raise SigningError(f"Chứng thư số đã hết hạn ngày {not_after:%d/%m/%Y}; cần chứng thư mới.")
        _signers.clear()
        _signers[key] = signer
        return signer


def signer_subject(signer) -> str:
    """The certificate holder's common name (or the whole subject) as text."""
    subject = signer.signing_cert.subject.native
    return subject.get("common_name") or signer.signing_cert.subject.human_friendly


def sign_pdf(
    data: bytes,
    *,
    page: int,
    box: tuple[int, int, int, int],
    name: str,
    location: str = "",
    reason: str = "",
) -> bytes:
    """Sign `data` (PAdES B-B) with a signature field over `box` on page `page` (0-based).

    The visible appearance is already in the page (drawn in the HTML, in an embedded font),
    so pyHanko adds no text stamp: its stamps cannot show Vietnamese well and use an
    unembedded font, which would break PDF/A.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import NoOpStampStyle

    signer = load_signer()
    writer = IncrementalPdfFileWriter(BytesIO(data))
    fields.append_signature_field(
        writer, fields.SigFieldSpec(sig_field_name="ChuKySo", on_page=page, box=box)
    )
    meta = signers.PdfSignatureMetadata(
        field_name="ChuKySo",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        name=name,
        location=location or None,
        reason=reason or None,
    )
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=NoOpStampStyle())
    return outside_event_loop(lambda: pdf_signer.sign_pdf(writer).getvalue())


def outside_event_loop(work):
    """Run `work()` here, or in a worker thread when this thread already runs an asyncio loop.

    pyHanko's synchronous API calls asyncio.run(), which refuses to run inside a running loop
    (an async caller, or a Playwright session driving a test in the same thread).
    """
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()
