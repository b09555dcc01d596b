import sqlite3
import sys
import threading
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection, connections

# The PDF helpers (tests/pdf/pdf_inspect.py …) serve the notices and signing tests too.
sys.path.insert(0, str(Path(__file__).parent / "pdf"))

from units.models import Organization, Unit

TEST_BACKUP_KEY = "khoa-sao-luu-chi-de-kiem-thu"


@pytest.fixture(scope="session")
def test_signing_cert(tmp_path_factory):
    """A self-signed certificate of the board for the session: issuing signs for real."""
    from inspections.demo_signing import DEMO_VALID_FROM
    from inspections.signing.certificates import make_signing_cert

    path = tmp_path_factory.mktemp("cert") / "signing.p12"
    # Valid from the start of 2023, so that the demo's June 2023 story can sign with it.
    make_signing_cert(path, "mat-khau-thu", "Ban Quản lý Khu kinh tế Hải Phòng", not_before=DEMO_VALID_FROM)
    return path


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path, test_signing_cert):
    # No cache: pages compute everything, so query counts and figures follow each test's rows
    # (tests of the cache itself switch the memory cache back on).
    # The shared cache (throttle counts) is a fresh memory cache per test, so no count leaks
    # from one test into the next; tests of sharing across processes use the database cache.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
        "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(tmp_path)},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The address the test client's requests come to (approving and issuing check it, issue 19).
    settings.SITE_URL = "http://testserver"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SIGNING_P12 = str(test_signing_cert)
    settings.SIGNING_P12_PASSWORD = "mat-khau-thu"
    settings.BACKUP_KEY = TEST_BACKUP_KEY
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def make_user(db, django_user_model):
    def make(username, *roles, **fields):
        user = django_user_model.objects.create_user(username=username, password="pw", **fields)
        user.groups.set(Group.objects.filter(name__in=roles))
        return user

    return make


# One persona per role, plus one with no role.
@pytest.fixture
def inspector(make_user):
    return make_user("kiem_tra_vien", "inspector", full_name="Nguyễn Thu Hà")


@pytest.fixture
def leader(make_user):
    return make_user("lanh_dao", "leader", full_name="Bùi Ngọc Hải", title="Phó Trưởng ban")


@pytest.fixture
def clerk(make_user):
    return make_user("van_thu", "clerk", full_name="Phạm Thị Hoa")


@pytest.fixture
def outsider(make_user):
    return make_user("khach")


@pytest.fixture
def admin_user(make_user):
    return make_user("quan_tri", is_staff=True, is_superuser=True)


@pytest.fixture
def organization(db):
    return Organization.objects.create(
        name="Ban Quản lý Khu kinh tế Hải Phòng",
        parent_name="UBND thành phố Hải Phòng",
        abbreviation="BQL",
        place="Hải Phòng",
        head_title="Trưởng ban",
    )


@pytest.fixture
def make_unit(organization):
    def make(name, kind=Unit.Kind.DEPARTMENT, short_name=None, order=0):
        return Unit.objects.create(
            organization=organization, name=name, short_name=short_name or name, kind=kind, order=order
        )

    return make


@pytest.fixture
def demo(db):
    """The board, its 11 units, the demo people and the real 2023 records (plan 810/KH-BQL,
    both rounds, every visit, one compliant finding per applicable criterion)."""
    from types import SimpleNamespace

    from inspections import demo as inspections_demo
    from inspections.models import Inspection
    from units import demo as units_demo

    board = units_demo.load()
    plan = inspections_demo.load(board)
    rounds = Inspection.objects.filter(plan=plan)
    return SimpleNamespace(
        organization=board,
        plan=plan,
        departments_round=rounds.get(title__contains="phòng chuyên môn"),
        service_units_round=rounds.get(title__contains="đơn vị sự nghiệp"),
    )


# --- Signing (issue 12): keys, registered certificates and images, for real signatures ---

SIGNER_PASSWORD = "mat-khau-ky"


@pytest.fixture
def signer_password():
    """The password of the PKCS#12 keys register_signer gives people."""
    return SIGNER_PASSWORD


@pytest.fixture(scope="session")
def person_keys():
    """keys(name) -> (private key, self-signed certificate), made once per name per session."""
    from inspections.demo_signing import DEMO_VALID_FROM
    from inspections.signing.certificates import make_self_signed

    made = {}

    def keys(name, organization="Ban Quản lý Khu kinh tế Hải Phòng"):
        if name not in made:
            made[name] = make_self_signed(name, organization=organization, not_before=DEMO_VALID_FROM)
        return made[name]

    return keys


@pytest.fixture
def register_signer(db, person_keys, admin_user):
    """register_signer(user, image=True, **fields) -> the user's registered PKCS#12 certificate
    (password SIGNER_PASSWORD) and, with `image`, their blue signature image."""
    from inspections.models import Certificate, SigningImage
    from inspections.services.certificates import register_certificate, save_signing_image
    from inspections.signing import certificates, images

    def register(user, *, image=True, name=None, key_store=Certificate.KeyStore.PKCS12, **fields):
        key, cert = person_keys(name or user.display_name)
        record = Certificate(holder=Certificate.Holder.PERSON, user=user, key_store=key_store, **fields)
        info = certificates.read_certificate(certificates.der_of(cert))
        pkcs12 = certificates.pkcs12_bytes(key, cert, SIGNER_PASSWORD)
        register_certificate(record, info, by=admin_user, pkcs12=pkcs12 if key_store == "pkcs12" else b"")
        if image and not SigningImage.objects.filter(user=user).exists():
            picture = SigningImage(kind=SigningImage.Kind.SIGNATURE, user=user, width_mm=42)
            save_signing_image(picture, images.demo_signature(user.display_name), by=admin_user)
        return record

    return register


@pytest.fixture
def register_board(db, settings, admin_user):
    """register_board(organization, seal=True) -> the board's certificate (in SIGNING_P12,
    the session's test certificate by default) registered, with its red seal image."""
    from inspections.models import Certificate, SigningImage
    from inspections.services.certificates import read_upload, register_certificate, save_signing_image
    from inspections.signing import images

    def register(organization, *, seal=True):
        with open(settings.SIGNING_P12, "rb") as handle:
            info, _ = read_upload(handle.read(), pkcs12_password=settings.SIGNING_P12_PASSWORD)
        record = Certificate.objects.filter(fingerprint=info.fingerprint).first()
        if record is None:
            record = Certificate(
                holder=Certificate.Holder.AGENCY,
                organization=organization,
                key_store=Certificate.KeyStore.PKCS12,
            )
            register_certificate(record, info, by=admin_user)
        if seal and not SigningImage.objects.filter(organization=organization).exists():
            picture = SigningImage(kind=SigningImage.Kind.SEAL, organization=organization, width_mm=36)
            save_signing_image(
                picture, images.demo_seal(organization.name, organization.parent_name), by=admin_user
            )
        return record

    return register


# Concurrency: each thread opens its own connection, as two web requests would. pytest-django's
# SQLite test database lives in memory (shared cache), where SQLite locks tables without
# waiting; the fixture therefore copies it, with its schema, triggers and rows, to a file and
# points the threads' connections at that file, so the tests exercise the real settings
# (IMMEDIATE transactions, WAL, busy timeout). Tests using it need django_db(transaction=True).
@pytest.fixture
def run_in_threads(tmp_path, monkeypatch):
    """run_in_threads([f, g, …]) runs the callables at the same moment, each on its own connection."""

    def run(functions):
        settings_dict = connection.settings_dict
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            path = tmp_path / "threads.sqlite3"
            connection.ensure_connection()
            with sqlite3.connect(path) as target:
                connection.connection.backup(target)
            monkeypatch.setitem(settings_dict, "NAME", str(path))
        barrier = threading.Barrier(len(functions))
        results = [None] * len(functions)

        def work(index, function):
            try:
                barrier.wait()
                results[index] = function()
            except Exception as error:  # noqa: BLE001 - the test inspects what each clerk got
                results[index] = error
            finally:
                connections.close_all()

        threads = [threading.Thread(target=work, args=pair) for pair in enumerate(functions)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        return results

    return run


@pytest.fixture
def token_for():
    """token_for(user) -> a new personal API token of `user`, as a script would hold it."""
    from inspections.services.api_tokens import create_token

    def make(user) -> str:
        return create_token(user, name="Tập lệnh thử", by=user)[1]

    return make
