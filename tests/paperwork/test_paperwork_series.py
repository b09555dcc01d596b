"""The board numbers every kind of document in one yearly series (issue 13).

The seeds show 146/KH (12/01), 810/KH (02/3), 2335/TB (02/5), 2535/TB (22/5), 2819 and 2880/TB
(14/6/2023). With 2880 the newest number of 2023, the next document of any kind is 2881, and no
kind may take a number another kind already holds that year.
"""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from paperwork_sources import KINDS

from inspections import demo_register
from inspections.models import Notice, RegisterEntry
from inspections.paperwork.kinds import spec_of
from inspections.services.issuing import NumberTaken, issue_notice, suggest_number
from units.models import Organization

pytestmark = pytest.mark.django_db
SEEDS_ENTERED = ["board_plan", "inspection_plan", "departments_schedule", "service_units_schedule"]

JUNE_14 = date(2023, 6, 14)
ABBREVIATIONS = {
    "plan": "KH",
    "decision": "QĐ",
    "schedule": "TB",
    "minutes": "BB",
    "results": "TB",
    "report": "BC",
}


@pytest.fixture
def register_2023(demo, make_document):
    """The seeds' 2023 register: 146/KH, 810/KH, 2335/TB, 2535/TB entered by the clerk (standing
    for documents made elsewhere), 2819 and 2880/TB (the notices of results) issued here on 14/6/2023."""
    demo_register.load(demo.organization, keys=SEEDS_ENTERED)
    make_document("results", "issued", number=2819, issued_on=JUNE_14, source=demo.service_units_round)
    make_document("results", "issued", number=2880, issued_on=JUNE_14, source=demo.departments_round)
    return demo.organization


@pytest.mark.parametrize("kind", KINDS)
def test_after_2880_the_suggested_number_is_2881_whatever_kind(register_2023, kind):
    assert suggest_number(register_2023, JUNE_14.year, spec_of(kind).register_kind) == 2881


@pytest.mark.parametrize("kind", KINDS)
def test_a_document_of_any_kind_issued_after_2880_takes_2881(register_2023, make_document, kind):
    issued = make_document(kind, "issued", issued_on=JUNE_14)
    assert issued.reference == f"2881/{ABBREVIATIONS[kind]}-BQL"
    line = RegisterEntry.objects.get(notice=issued)
    assert (line.number, line.year, line.series, line.issued_on) == (2881, 2023, "", JUNE_14)
    # And the one after it is 2882, for every kind again.
    assert {suggest_number(register_2023, 2023, spec_of(k).register_kind) for k in KINDS} == {2882}


def test_issuing_a_plan_with_a_number_a_notice_took_that_year_is_refused(register_2023, make_document, clerk):
    plan_document = make_document("plan", "approved", issued_on=JUNE_14)
    with pytest.raises(NumberTaken) as refused:
        issue_notice(plan_document, by=clerk, number=2880, issued_on=JUNE_14)
    assert str(refused.value) == (
        "Số 2880/KH-BQL năm 2023 đã được dùng (Thông báo 2880/TB-BQL ngày 14/6/2023, "
        "dãy số chung mọi loại văn bản)."
    )
    plan_document.refresh_from_db()
    assert (plan_document.status, plan_document.number, plan_document.pdf.name) == ("approved", None, "")
    assert not RegisterEntry.objects.filter(notice=plan_document).exists()
    # The plan is still cited by its own document, not by a KH that was never issued.
    register_2023.refresh_from_db()
    assert plan_document.plan.document.number_symbol == "810/KH-BQL"


@pytest.mark.parametrize(
    ("kind", "number", "holder"),
    [
        ("decision", 810, "Kế hoạch 810/KH-BQL ngày 02/3/2023"),  # entered by hand
        ("minutes", 2335, "Thông báo 2335/TB-BQL ngày 02/5/2023"),  # entered by hand
        ("report", 2819, "Thông báo 2819/TB-BQL ngày 14/6/2023"),  # issued here
        ("schedule", 146, "Kế hoạch 146/KH-BQL ngày 12/01/2023"),
    ],
)
def test_no_kind_takes_a_number_another_kind_holds(register_2023, make_document, clerk, kind, number, holder):
    document = make_document(kind, "approved", issued_on=JUNE_14)
    with pytest.raises(NumberTaken, match=holder):
        issue_notice(document, by=clerk, number=number, issued_on=JUNE_14)
    document.refresh_from_db()
    assert document.status == Notice.Status.APPROVED and document.number is None


def test_the_issue_page_names_the_holder_next_to_the_number_then_issues_the_plan_as_a_plan(
    client, register_2023, make_document, clerk
):
    plan_document = make_document("plan", "approved", issued_on=JUNE_14)
    url = reverse("inspections:notice-issue", args=[plan_document.pk])
    client.force_login(clerk)
    taken = client.post(url, {"number": "2880", "issued_on": "14/06/2023"})
    assert taken.status_code == 400
    assert taken.context["form"].errors["number"] == [
        "Số 2880/KH-BQL năm 2023 đã được dùng (Thông báo 2880/TB-BQL ngày 14/6/2023, "
        "dãy số chung mọi loại văn bản). Số tiếp theo còn trống: 2881."
    ]
    response = client.post(url, {"number": "2881", "issued_on": "14/06/2023"})
    assert response.status_code == 302
    plan_document.refresh_from_db()
    assert (plan_document.reference, plan_document.issued_on) == ("2881/KH-BQL", JUNE_14)
    # The clerk is told what was issued by its own kind: a plan, not a notice.
    told = [str(message) for message in get_messages(response.wsgi_request)]
    assert told == ["Đã ban hành Kế hoạch số 2881/KH-BQL ngày 14/6/2023."]


def test_the_register_lists_every_kind_in_one_series_in_order(register_2023, make_document):
    make_document("plan", "issued", issued_on=JUNE_14)
    make_document("minutes", "issued", issued_on=JUNE_14)
    lines = RegisterEntry.objects.filter(organization=register_2023, year=2023).order_by("number")
    assert [line.reference for line in lines] == [
        "146/KH-BQL",
        "810/KH-BQL",
        "2335/TB-BQL",
        "2535/TB-BQL",
        "2819/TB-BQL",
        "2880/TB-BQL",
        "2881/KH-BQL",
        "2882/BB-BQL",
    ]


def test_an_organisation_with_one_series_per_kind_numbers_a_plan_apart_from_notices(
    register_2023, make_document, clerk
):
    """Decree 30 leaves the series to the head: with one series per kind, KH 2880 is free while
    TB 2880 is taken, and a second notice (schedule or results alike) still cannot take 2880."""
    Organization.objects.filter(pk=register_2023.pk).update(numbering=Organization.Numbering.PER_KIND)
    plan_document = make_document("plan", "approved", issued_on=JUNE_14)
    assert (
        suggest_number(Organization.objects.get(pk=register_2023.pk), 2023, spec_of("plan").register_kind)
        == 1
    )
    issued = issue_notice(plan_document, by=clerk, number=2880, issued_on=JUNE_14)
    assert issued.reference == "2880/KH-BQL"
    schedule = make_document("schedule", "approved", issued_on=JUNE_14)
    with pytest.raises(NumberTaken, match="Số 2880/TB-BQL năm 2023 đã được dùng"):
        issue_notice(schedule, by=clerk, number=2880, issued_on=JUNE_14)
