import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from pdf_seed_notices import build_seed_notice  # noqa: E402

from inspections.signing.certificates import make_signing_cert  # noqa: E402

CERT_PASSWORD = "mat-khau-thu"


@pytest.fixture(scope="session")
def signing_cert(tmp_path_factory):
    """A self-signed certificate made by make_signing_cert, shared by the session."""
    from inspections.demo_signing import DEMO_VALID_FROM

    path = tmp_path_factory.mktemp("cert") / "signing.p12"
    make_signing_cert(path, CERT_PASSWORD, "Ban Quản lý Khu kinh tế Hải Phòng", not_before=DEMO_VALID_FROM)
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


@pytest.fixture
def issue_seed(seed_notice, register_signer, register_board, organization, leader, use_cert):
    """issue_seed(number) -> (notice, bytes): seed `number` through the whole pipeline: rendered
    to sign, signed by its leader (PKCS#12, blue signature), then numbered, dated and sealed by
    the board (red seal), as approving and issuing do."""
    import hashlib

    from django.core.files.base import ContentFile

    from inspections import pdf
    from inspections.models import NoticeSigning
    from inspections.services import signing as services
    from inspections.signing import keys, pipeline

    def issue(number, *, before=None):
        notice = seed_notice(number)
        if before:
            before(notice)  # e.g. change an item's text before it is rendered
        certificate = register_signer(leader)
        register_board(organization)
        image = services.signature_image(leader)
        to_sign = pdf.render_to_sign(notice, image=image)
        with keys.person_signer(certificate, "mat-khau-ky") as signer:
            signed = pipeline.sign_as_person(to_sign, signer=signer, image=image, name=leader.display_name)
        record = NoticeSigning(
            notice=notice, certificate=certificate, approved_sha256=hashlib.sha256(signed).hexdigest()
        )
        record.approved_pdf.save("approved.pdf", ContentFile(signed))
        return notice, services.seal_notice(notice)

    return issue
