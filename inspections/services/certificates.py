"""Registering who signs with what: people's and the board's certificates and images (admin).

Every write is audited. A certificate's facts (subject, issuer, validity, serial,
fingerprint) are read from the certificate itself, never typed.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from inspections.audit import record
from inspections.models import Certificate, SigningImage
from inspections.signing import certificates, images, keys

CHANGE_PERMISSION = "inspections.change_certificate"


def _require(by, permission: str) -> None:
    if not by.has_perm(permission):
        raise PermissionDenied


def read_upload(data: bytes, *, pkcs12_password: str = "") -> tuple[certificates.CertificateInfo, bytes]:
    """The certificate of an uploaded .cer/.pem/.der, or of a .p12/.pfx opened with its password.

    Returns (certificate facts, the PKCS#12 bytes or b""); ValidationError in Vietnamese.
    """
    try:
        if pkcs12_password:
            return certificates.read_certificate(keys.pkcs12_certificate(data, pkcs12_password)), data
        return certificates.read_certificate(data), b""
    except ValueError as error:
        raise ValidationError(str(error)) from None


def _fill(certificate: Certificate, info: certificates.CertificateInfo) -> None:
    certificate.der = info.der
    certificate.subject = info.subject[:500]
    certificate.common_name = info.common_name[:200]
    certificate.issuer = info.issuer[:500]
    certificate.serial = info.serial[:80]
    certificate.fingerprint = info.fingerprint
    certificate.not_before = info.not_before
    certificate.not_after = info.not_after


@transaction.atomic
def register_certificate(
    certificate: Certificate,
    info: certificates.CertificateInfo,
    *,
    by,
    pkcs12: bytes = b"",
    demo: bool = False,
) -> Certificate:
    """Save a new certificate record (holder, key store and labels already set) with the facts of `info`."""
    _require(by, "inspections.add_certificate")
    if Certificate.objects.filter(fingerprint=info.fingerprint).exists():
        raise ValidationError("Chứng thư này đã được đăng ký.")
    _fill(certificate, info)
    if (
        certificate.key_store == Certificate.KeyStore.PKCS12
        and certificate.holder == Certificate.Holder.PERSON
    ):
        if not pkcs12:
            raise ValidationError(
                "Chọn tệp PKCS#12 (.p12/.pfx) của người ký và nhập mật khẩu để đọc chứng thư."
            )
        certificate.pkcs12 = pkcs12
    certificate.demo = demo
    certificate.full_clean()
    certificate.save()
    record(
        certificate,
        "certificate.register",
        by=by,
        data={
            "subject": certificate.subject,
            "serial": certificate.serial,
            "fingerprint": certificate.fingerprint,
        },
    )
    return certificate


@transaction.atomic
def change_certificate(certificate: Certificate, changed: dict[str, list[str]], *, by) -> Certificate:
    """Save the admin's change of where the key lives or of revocation (the facts never change)."""
    _require(by, CHANGE_PERMISSION)
    certificate.full_clean()
    certificate.save()
    if changed:
        record(certificate, "certificate.change", by=by, data={"changes": changed})
    return certificate


@transaction.atomic
def revoke_certificate(certificate: Certificate, *, by, note: str, at=None) -> Certificate:
    """Mark `certificate` revoked from `at` (now): it signs nothing more; earlier signatures stay valid."""
    _require(by, CHANGE_PERMISSION)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    certificate.revoked_at = at or timezone.now()
    certificate.revocation_note = note[:300]
    certificate.save(update_fields=["revoked_at", "revocation_note", "updated_at"])
    record(certificate, "certificate.revoke", by=by, data={"at": certificate.revoked_at, "note": note})
    return certificate


@transaction.atomic
def save_signing_image(image: SigningImage, png: bytes | None, *, by, demo: bool = False) -> SigningImage:
    """Check and save a signature or seal image (`png` None keeps the stored picture)."""
    _require(by, "inspections.change_signingimage" if image.pk else "inspections.add_signingimage")
    if png is not None:
        try:
            checked = images.check_image(png, image.kind)
        except ValueError as error:
            raise ValidationError({"upload": str(error)}) from None
        image.png, image.width_px, image.height_px = checked.png, checked.width_px, checked.height_px
    try:
        images.check_width_mm(float(image.width_mm), image.kind)
    except ValueError as error:
        raise ValidationError({"width_mm": str(error)}) from None
    image.demo = demo
    image.full_clean()
    image.save()
    record(
        image,
        "signingimage.save",
        by=by,
        data={
            "kind": image.kind,
            "width_mm": image.width_mm,
            "pixels": f"{image.width_px}×{image.height_px}",
        },
    )
    return image
