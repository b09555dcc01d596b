import pytest
from django.contrib.auth.models import Group

from units.models import Organization, Unit


@pytest.fixture(scope="session")
def test_signing_cert(tmp_path_factory):
    """A self-signed certificate of the board for the session: issuing signs for real."""
    from inspections.signing import make_signing_cert

    path = tmp_path_factory.mktemp("cert") / "signing.p12"
    make_signing_cert(path, "mat-khau-thu", "Ban Quản lý Khu kinh tế Hải Phòng")
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
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SIGNING_P12 = str(test_signing_cert)
    settings.SIGNING_P12_PASSWORD = "mat-khau-thu"
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
