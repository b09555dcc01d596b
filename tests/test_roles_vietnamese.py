"""People see roles and the admin in Vietnamese; the role groups keep their codes (issue 19)."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from inspections.roles import ROLES

pytestmark = pytest.mark.django_db

ENGLISH_LEFT = [
    "Axes",
    "Access attempts",
    "Skip to main content",
    "Toggle theme",
    "Can add",
    "Password-based",
]


def options(html: str) -> list[str]:
    return re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', html)


def test_the_role_groups_keep_their_codes_as_names(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES) == {"clerk", "inspector", "leader"}


def test_the_admin_lists_people_with_their_roles_in_vietnamese(client, admin_user, clerk, inspector, leader):
    client.force_login(admin_user)
    page = client.get(reverse("admin:units_user_changelist")).content.decode()
    for label in ("Văn thư", "Thành viên Đoàn kiểm tra", "Lãnh đạo Ban"):
        assert label in page
    assert ">clerk<" not in page and ">inspector<" not in page
    assert "Quản trị" in page  # the superuser
    # The filter by role, in Vietnamese, keeps only that role's people.
    filtered = client.get(reverse("admin:units_user_changelist"), {"role": "clerk"}).content.decode()
    assert clerk.username in filtered and inspector.username not in filtered


def test_a_persons_roles_and_permissions_are_chosen_by_vietnamese_names(client, admin_user, inspector):
    client.force_login(admin_user)
    page = client.get(reverse("admin:units_user_change", args=[inspector.pk])).content.decode()
    choices = options(page)
    assert {"Văn thư (clerk)", "Thành viên Đoàn kiểm tra (inspector)", "Lãnh đạo Ban (leader)"} <= set(
        choices
    )
    assert "Kiểm tra cải cách hành chính | Sửa kết quả kiểm tra" in choices
    assert not [choice for choice in choices if choice.startswith("Can ") or "| Can " in choice]


def test_a_roles_page_is_titled_by_its_vietnamese_name(client, admin_user):
    client.force_login(admin_user)
    roles = client.get(reverse("admin:auth_group_changelist")).content.decode()
    assert "Thành viên Đoàn kiểm tra" in roles and "Lãnh đạo Ban" in roles and "Văn thư" in roles
    group = Group.objects.get(name="leader")
    page = client.get(reverse("admin:auth_group_change", args=[group.pk])).content.decode()
    assert "<h1>Vai trò: Lãnh đạo Ban</h1>" in page


@pytest.mark.parametrize(
    "url",
    [
        "admin:index",
        "admin:units_user_changelist",
        "admin:units_user_add",
        "admin:axes_accessattempt_changelist",
    ],
)
def test_the_admin_pages_have_no_english_left(client, admin_user, url):
    client.force_login(admin_user)
    page = client.get(reverse(url)).content.decode()
    assert [text for text in ENGLISH_LEFT if text in page] == []
    assert "Khóa đăng nhập sai nhiều lần" in client.get(reverse("admin:index")).content.decode()
