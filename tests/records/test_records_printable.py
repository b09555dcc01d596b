"""Records that a notice or the year summary prints refuse characters no print font has."""

import pytest
from django.urls import reverse
from records_helpers import HX

from inspections.models import Finding
from units.models import Organization

pytestmark = pytest.mark.django_db

MESSAGE = "Không in được ký tự “漢” (U+6F22)"


def test_a_finding_with_an_unprintable_character_is_refused_and_kept_as_typed(client, inspector, records):
    client.force_login(inspector)
    url = reverse(
        "inspections:finding-form", args=[records.visit.inspection.pk, records.visit.pk, records.posting.pk]
    )
    data = {"result": "noted", "observation": "Niêm yết đủ ✓ nhưng có chữ 漢 lạ.", "recommendation": ""}
    response = client.post(url, data, headers=HX)
    html = response.content.decode()
    assert MESSAGE in html and "Niêm yết đủ ✓ nhưng có chữ 漢 lạ." in html
    assert not Finding.objects.exists()


def test_the_admin_refuses_an_organization_name_that_cannot_be_printed(client, admin_user, organization):
    client.force_login(admin_user)
    url = reverse("admin:units_organization_change", args=[organization.pk])
    data = {
        "name": "Ban Quản lý 漢",
        "parent_name": organization.parent_name,
        "abbreviation": organization.abbreviation,
        "place": organization.place,
        "address": "",
        "head_title": organization.head_title,
        "archive_code": organization.archive_code,
    }
    response = client.post(url, data)
    assert response.status_code == 200 and MESSAGE in response.content.decode()
    assert Organization.objects.get(pk=organization.pk).name == "Ban Quản lý Khu kinh tế Hải Phòng"
