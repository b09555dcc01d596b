import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from inspections.models import Finding, Inspection, ReferenceDocument, UnitCheck
from inspections.roles import ROLES
from units.models import Organization, Unit, User

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "organizations": list(Organization.objects.values()),
        "units": list(Unit.objects.order_by("pk").values()),
        "users": list(
            User.objects.order_by("pk").values("username", "full_name", "title", "password", "unit")
        ),
        "groups": sorted((u.username, g.name) for u in User.objects.all() for g in u.groups.all()),
        "documents": list(ReferenceDocument.objects.order_by("pk").values()),
        "rounds": list(Inspection.objects.order_by("pk").values()),
        "visits": list(UnitCheck.objects.order_by("pk").values()),
        "findings": list(Finding.objects.order_by("pk").values()),
    }


def test_demo_command_creates_the_board_and_its_9_departments_and_2_service_units():
    call_command("load_demo")
    board = Organization.objects.get(abbreviation="BQL")
    assert board.name == "Ban Quản lý Khu kinh tế Hải Phòng"
    assert board.parent_name == "UBND thành phố Hải Phòng"
    assert board.place == "Hải Phòng"
    assert Unit.objects.departments().count() == 9
    assert set(Unit.objects.service_units().values_list("name", flat=True)) == {
        "Trường Trung cấp Khu kinh tế",
        "Trung tâm Xúc tiến Đầu tư và Dịch vụ việc làm Khu kinh tế",
    }
    signer = User.objects.get(full_name="Bùi Ngọc Hải")
    assert signer.title == "Phó Trưởng ban"
    assert User.objects.get(full_name="Lê Trung Kiên").title == "Trưởng ban"


def test_demo_holds_the_2023_plan_and_both_rounds_as_the_seeds_describe(demo):
    assert demo.plan.document.number_symbol == "810/KH-BQL"
    assert demo.departments_round.units.count() == 9
    assert demo.service_units_round.units.count() == 2
    assert demo.departments_round.announcement.number_symbol == "2335/TB-BQL"
    # 9 departments x 5 criteria that apply to departments; 2 service units x 6.
    assert Finding.objects.filter(unit_check__inspection=demo.departments_round).count() == 45
    assert Finding.objects.filter(unit_check__inspection=demo.service_units_round).count() == 12


def test_demo_command_is_idempotent():
    call_command("load_demo")
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first


def test_demo_logins_exist_for_each_role(client):
    call_command("load_demo")
    from units.demo import DEMO_PASSWORD

    for username, group in [("kiemtra", "inspector"), ("lanhdao", "leader"), ("vanthu", "clerk")]:
        user = User.objects.get(username=username)
        assert user.groups.filter(name=group).exists()
        assert client.login(username=username, password=DEMO_PASSWORD)
    assert User.objects.get(username="quantri").is_superuser


def test_each_role_group_has_exactly_the_permissions_the_code_defines():
    for name, codenames in ROLES.items():
        group = Group.objects.get(name=name)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert granted == set(codenames), name


def test_roles_are_reapplied_after_migrate():
    group = Group.objects.get(name="leader")
    group.permissions.clear()
    call_command("migrate", verbosity=0)
    assert group.permissions.count() == len(ROLES["leader"])


def test_a_person_may_hold_several_roles(make_user):
    user = make_user("ca_hai", "inspector", "clerk")
    assert user.has_perm("inspections.submit_notice")
    assert user.has_perm("inspections.issue_notice")
    assert not user.has_perm("inspections.approve_notice")


@pytest.mark.parametrize("name", ["home", "admin:index", "admin:units_unit_changelist"])
def test_pages_redirect_to_login_when_logged_out(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_start_page_shows_the_units_grouped_by_kind(client, inspector):
    call_command("load_demo")
    client.force_login(inspector)
    page = client.get(reverse("home")).content.decode()
    assert "Phòng chuyên môn" in page and "Đơn vị sự nghiệp trực thuộc" in page
    assert page.index("Phòng Quản lý Lao động") < page.index("Đơn vị sự nghiệp trực thuộc")
    assert page.index("Đơn vị sự nghiệp trực thuộc") < page.index("Trường Trung cấp Khu kinh tế")
    assert "Ban Quản lý Khu kinh tế Hải Phòng" in page


def test_login_page_is_in_vietnamese_and_rejects_a_wrong_password(client, inspector):
    response = client.post(reverse("login"), {"username": "kiem_tra_vien", "password": "sai"})
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()
    assert "mật khẩu chính xác" in response.content.decode()


def test_admin_lists_and_edits_units(client, admin_user, make_unit):
    unit = make_unit("Phòng Quản lý Đầu tư", short_name="Phòng QLĐT")
    client.force_login(admin_user)
    listing = client.get(reverse("admin:units_unit_changelist"))
    assert "Phòng Quản lý Đầu tư" in listing.content.decode()
    response = client.post(
        reverse("admin:units_unit_change", args=[unit.pk]),
        {
            "organization": unit.organization_id,
            "name": "Phòng Quản lý Đầu tư và Xúc tiến",
            "short_name": "Phòng QLĐT&XT",
            "kind": "department",
            "order": 2,
            "active": "on",
        },
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "Phòng Quản lý Đầu tư và Xúc tiến"


def test_non_staff_cannot_reach_the_admin(client, inspector):
    client.force_login(inspector)
    response = client.get(reverse("admin:units_unit_changelist"))
    assert response.status_code == 302
