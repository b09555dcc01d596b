"""Self-signed certificates and drawn images for the demo: never for real signatures.

For the board: a PKCS#12 key at SIGNING_P12 (password SIGNING_P12_PASSWORD), its certificate
registered, and a red demo seal. For each demo leader: a key and certificate kept as a
PKCS#12 file in their certificate record (password: the demo password), and a blue demo
signature. Everything is marked demo. Made only with DEBUG on; running it again makes only
what is missing.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction

from inspections.models import Certificate, SigningImage
from inspections.services.certificates import register_certificate, save_signing_image
from inspections.signing import SigningError, certificates, images
from units.demo import DEMO_PASSWORD
from units.models import Organization, User

# The demo replays June 2023, so its certificates are valid from the start of that year.
DEMO_VALID_FROM = datetime.datetime(2023, 1, 1, tzinfo=datetime.UTC)
DEMO_VALID_UNTIL_YEARS = 5
SEAL_WIDTH_MM = 36
SIGNATURE_WIDTH_MM = 42


def _valid_days() -> int:
    until = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=365 * DEMO_VALID_UNTIL_YEARS)
    return (until - DEMO_VALID_FROM).days


def _admin() -> User:
    """Who the audit trail names for the demo's set-up: the first superuser."""
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        raise SigningError("Cần một tài khoản quản trị (superuser) để ghi nhật ký tạo chứng thư demo.")
    return admin


def _board(organization: Organization, by: User, *, force: bool) -> list[str]:
    made = []
    path = Path(settings.SIGNING_P12)
    if force or not path.exists():
        key, cert = certificates.make_self_signed(
            organization.name,
            organization=organization.name,
            not_before=DEMO_VALID_FROM,
            valid_days=_valid_days(),
        )
        certificates.write_private_file(
            path, certificates.pkcs12_bytes(key, cert, settings.SIGNING_P12_PASSWORD)
        )
        made.append(f"khóa và chứng thư tự ký của cơ quan tại {path}")
    from inspections.signing.keys import pkcs12_certificate

    info = certificates.read_certificate(pkcs12_certificate(path.read_bytes(), settings.SIGNING_P12_PASSWORD))
    if not Certificate.objects.filter(fingerprint=info.fingerprint).exists():
        record = Certificate(
            holder=Certificate.Holder.AGENCY, organization=organization, key_store=Certificate.KeyStore.PKCS12
        )
        register_certificate(record, info, by=by, demo=True)
        made.append(f"đăng ký chứng thư của {organization.name}")
    if not SigningImage.objects.filter(kind=SigningImage.Kind.SEAL, organization=organization).exists():
        seal = SigningImage(kind=SigningImage.Kind.SEAL, organization=organization, width_mm=SEAL_WIDTH_MM)
        save_signing_image(
            seal, images.demo_seal(organization.name, organization.parent_name), by=by, demo=True
        )
        made.append("ảnh con dấu demo")
    return made


def _leader(user: User, organization: Organization, by: User) -> list[str]:
    made = []
    if not Certificate.objects.of_person(user).exists():
        key, cert = certificates.make_self_signed(
            user.display_name,
            organization=organization.name,
            title=user.title,
            not_before=DEMO_VALID_FROM,
            valid_days=_valid_days(),
        )
        record = Certificate(
            holder=Certificate.Holder.PERSON, user=user, key_store=Certificate.KeyStore.PKCS12
        )
        info = certificates.read_certificate(certificates.der_of(cert))
        pkcs12 = certificates.pkcs12_bytes(key, cert, DEMO_PASSWORD, name=user.username)
        register_certificate(record, info, by=by, pkcs12=pkcs12, demo=True)
        made.append(f"chứng thư tự ký của {user.display_name}")
    if not SigningImage.objects.filter(kind=SigningImage.Kind.SIGNATURE, user=user).exists():
        image = SigningImage(kind=SigningImage.Kind.SIGNATURE, user=user, width_mm=SIGNATURE_WIDTH_MM)
        save_signing_image(image, images.demo_signature(user.display_name), by=by, demo=True)
        made.append(f"ảnh chữ ký demo của {user.display_name}")
    return made


@transaction.atomic
def load_signing(organization: Organization, *, force: bool = False) -> list[str]:
    """Make the demo's keys, certificates and images that are missing; return what was made.

    Refuses with DEBUG off: a real installation signs only with certificates a CA issued.
    """
    if not settings.DEBUG:
        raise SigningError(
            "Không tạo chứng thư và ảnh demo khi DEBUG tắt: bản cài thật chỉ ký bằng chứng thư do tổ "
            "chức chứng thực cấp (xem README, mục Ký số)."
        )
    by = _admin()
    made = _board(organization, by, force=force)
    for user in User.objects.filter(groups__name="leader", is_active=True).order_by("pk"):
        made += _leader(user, organization, by)
    return made
