"""A unit's people read the issued notices that concern their unit (issue 19), nothing else."""

import pytest
from django.test import Client
from django.urls import reverse

from inspections.models import NoticeRecipient
from inspections.services.issuing import issue_notice
from inspections.services.notices import apply_action
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_of(demo, make_user):
    """member_of("Văn phòng") -> a person of that unit with no working role."""

    def make(unit_name: str):
        unit = Unit.objects.get(organization=demo.organization, name=unit_name)
        return make_user(f"nguoi_{unit.pk}", unit=unit, full_name=f"Cán bộ {unit.short_name}")

    return make


def statuses(client, notice) -> tuple[int, int]:
    page = client.get(reverse("inspections:notice-detail", args=[notice.pk]))
    pdf = client.get(reverse("inspections:notice-pdf", args=[notice.pk]) + "?download=1")
    return page.status_code, pdf.status_code


def test_a_units_person_reads_the_issued_notice_of_the_round_that_inspected_their_unit(
    client, demo, make_notice, member_of
):
    notice = make_notice("issued")
    client.force_login(member_of("Phòng Quản lý Đầu tư"))
    page = client.get(reverse("inspections:notice-detail", args=[notice.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert notice.reference in text and "Tải PDF đã ký" in text
    # The notice and its PDF, not the board's workings: no Word draft, no trail of who edited.
    assert "Tải bản Word" not in text and "Nhật ký" not in text
    pdf = client.get(reverse("inspections:notice-pdf", args=[notice.pk]) + "?download=1")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content) == notice.pdf.open("rb").read()
    assert client.get(reverse("inspections:notice-docx", args=[notice.pk])).status_code == 403


@pytest.mark.parametrize("status", ["draft", "in_review", "approved"])
def test_a_units_person_never_reads_a_notice_before_it_is_issued(client, make_notice, member_of, status):
    notice = make_notice(status)
    client.force_login(member_of("Phòng Quản lý Đầu tư"))
    assert statuses(client, notice) == (403, 403)


def test_a_units_person_does_not_read_another_units_notice(client, demo, make_notice, member_of):
    schools = make_notice("issued", inspection=demo.service_units_round)
    client.force_login(member_of("Văn phòng"))
    assert statuses(client, schools) == (403, 403)
    client.force_login(member_of("Trường Trung cấp Khu kinh tế"))
    assert statuses(client, schools) == (200, 200)


def test_a_unit_named_among_the_recipients_as_issued_reads_the_notice(
    client, demo, make_notice, member_of, inspector, leader, clerk
):
    # The service units' round: no department was inspected in it.
    notice = make_notice("draft", inspection=demo.service_units_round)
    NoticeRecipient.objects.create(notice=notice, text="Phòng QLĐT (để phối hợp)", position=90)
    NoticeRecipient.objects.create(notice=notice, text="Văn phòng UBND thành phố", position=91)
    notice = apply_action(notice, "submit", by=inspector, proceed=True)
    notice = apply_action(notice, "approve", by=leader)
    notice = issue_notice(notice, by=clerk)
    client.force_login(member_of("Phòng Quản lý Đầu tư"))
    assert statuses(client, notice) == (200, 200)
    # A line must name the unit itself: the city's Văn phòng is not the board's.
    client.force_login(member_of("Văn phòng"))
    assert statuses(client, notice) == (403, 403)


def test_a_person_without_unit_or_role_reads_no_notice(client, make_notice, outsider):
    notice = make_notice("issued")
    client.force_login(outsider)
    assert statuses(client, notice) == (403, 403)


def test_the_units_page_lists_the_issued_notices_for_the_unit(client, demo, make_notice, member_of):
    issued = make_notice("issued")
    draft = make_notice("draft")
    schools = make_notice("issued", inspection=demo.service_units_round)
    member = member_of("Văn phòng")
    client.force_login(member)
    response = client.get(reverse("inspections:unit-history", args=[member.unit_id]))
    assert [n.pk for n in response.context["notices"]] == [issued.pk]
    page = response.content.decode()
    assert reverse("inspections:notice-detail", args=[issued.pk]) in page
    assert reverse("inspections:notice-detail", args=[draft.pk]) not in page
    assert reverse("inspections:notice-detail", args=[schools.pk]) not in page


def test_the_api_gives_a_units_person_what_the_pages_give(demo, make_notice, member_of, token_for):
    """Issue 14: who may do what through the API is exactly what the pages allow."""
    issued, draft = make_notice("issued"), make_notice("draft")
    schools = make_notice("issued", inspection=demo.service_units_round)
    api = Client(headers={"Authorization": f"Bearer {token_for(member_of('Phòng Quản lý Đầu tư'))}"})
    for notice, allowed in ((issued, True), (draft, False), (schools, False)):
        detail = api.get(reverse("api:notice-detail", args=[notice.pk]))
        pdf = api.get(reverse("api:notice-pdf", args=[notice.pk]))
        assert (detail.status_code, pdf.status_code) == ((200, 200) if allowed else (403, 403)), notice
    assert b"".join(api.get(reverse("api:notice-pdf", args=[issued.pk])).streaming_content) == (
        issued.pdf.open("rb").read()
    )


def test_the_api_refuses_a_stored_pdf_changed_since_issue(make_notice, leader, token_for):
    issued = make_notice("issued")
    with open(issued.pdf.path, "ab") as handle:
        handle.write(b"%% appended after issue")
    api = Client(headers={"Authorization": f"Bearer {token_for(leader)}"})
    response = api.get(reverse("api:notice-pdf", args=[issued.pk]))
    assert response.status_code == 409
    assert "đã bị thay đổi sau khi ban hành" in response.json()["detail"]
