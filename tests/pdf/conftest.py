import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from pdf_seed_notices import build_seed_notice  # noqa: E402

from inspections.signing import make_signing_cert  # noqa: E402

CERT_PASSWORD = "mat-khau-thu"


@pytest.fixture(scope="session")
def signing_cert(tmp_path_factory):
    """A self-signed certificate made by make_signing_cert, shared by the session."""
    path = tmp_path_factory.mktemp("cert") / "signing.p12"
    make_signing_cert(path, CERT_PASSWORD, "Ban Quản lý Khu kinh tế Hải Phòng")
    return path


@pytest.fixture
def use_cert(settings, signing_cert):
    settings.SIGNING_P12 = str(signing_cert)
    settings.SIGNING_P12_PASSWORD = CERT_PASSWORD
    settings.DEBUG = False
    return signing_cert


@pytest.fixture
def seed_notice(organization, leader, inspector):
    """Build seed 2880 or 2819 as records (numbered, or a draft with numbered=False)."""

    def build(number, numbered=True):
        return build_seed_notice(
            number, organization=organization, signer=leader, created_by=inspector, numbered=numbered
        )

    return build


@pytest.fixture
def store_issued():
    """Mark `notice` issued with `data` as its stored PDF, as the issue service does."""
    import hashlib

    from django.core.files.base import ContentFile

    def store(notice, data: bytes):
        notice.pdf.save(f"{notice.number}-{notice.symbol}-{notice.year}.pdf", ContentFile(data), save=False)
        notice.pdf_sha256 = hashlib.sha256(data).hexdigest()
        notice.status = "issued"
        notice.save()
        return notice

    return store
