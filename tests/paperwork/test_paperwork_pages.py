"""The pages a round's paperwork is drafted from: the Văn bản card on the plan, round and visit
pages drafts each kind from its records, asks first when a draft of it exists, and the visit's
biên bản prints on site for wet signatures from the same document (issue 13)."""

import pytest
from django.urls import reverse

from inspections.importing.roundtrip import pdf_text
from inspections.models import Notice

pytestmark = pytest.mark.django_db


def draft_url(kind, source):
    return reverse("inspections:document-draft", args=[kind, source.pk])


@pytest.mark.parametrize(
    ("kind", "source", "noun"),
    [
        ("plan", "plan", "kế hoạch"),
        ("decision", "plan", "quyết định"),
        ("report", "plan", "báo cáo"),
        ("schedule", "round", "thông báo"),
        ("minutes", "visit", "biên bản"),
    ],
)
def test_each_kind_is_drafted_from_its_page_and_opens_for_editing(
    client, demo, inspector, kind, source, noun
):
    sources = {
        "plan": demo.plan,
        "round": demo.departments_round,
        "visit": demo.departments_round.unit_checks.order_by("pk").first(),
    }
    client.force_login(inspector)
    page = client.get(sources[source].get_absolute_url()).content.decode()
    assert draft_url(kind, sources[source]) in page  # the card offers it

    response = client.post(draft_url(kind, sources[source]))
    document = Notice.objects.get(kind=kind)
    assert response.status_code == 302 and response["Location"] == reverse(
        "inspections:notice-edit", args=[document.pk]
    )
    assert (document.status, document.number, document.created_by) == ("draft", None, inspector)
    edit = client.get(response["Location"]).content.decode()
    assert f"Sửa dự thảo {noun}" in edit

    # Once drafted, the card links the draft instead of offering another.
    page = client.get(sources[source].get_absolute_url()).content.decode()
    assert document.get_absolute_url() in page and draft_url(kind, sources[source]) not in page
    # Posting again asks first, and drafts a second one only when confirmed.
    again = client.post(draft_url(kind, sources[source]))
    body = again.content.decode()
    assert again.status_code == 200 and "đã có dự thảo" in body.lower() and 'name="confirm"' in body
    assert Notice.objects.filter(kind=kind).count() == 1
    client.post(draft_url(kind, sources[source]), {"confirm": "on"})
    assert Notice.objects.filter(kind=kind).count() == 2


def test_an_unknown_kind_or_the_notice_of_results_is_not_drafted_here(client, demo, inspector):
    client.force_login(inspector)
    assert client.post(draft_url("memo", demo.plan)).status_code == 404
    assert client.post(draft_url("results", demo.departments_round)).status_code == 404
    assert not Notice.objects.exists()


def test_people_who_do_not_draft_cannot(client, demo, leader, clerk):
    for person in (leader, clerk):
        client.force_login(person)
        assert client.post(draft_url("plan", demo.plan)).status_code == 403
    assert not Notice.objects.exists()


@pytest.mark.real_pdf
def test_the_visit_prints_its_drafted_biên_bản_for_wet_signatures(client, demo, inspector):
    visit = demo.departments_round.unit_checks.select_related("unit").order_by("pk").first()
    client.force_login(inspector)
    client.post(draft_url("minutes", visit))
    document = Notice.objects.get(kind="minutes")
    document.items.filter(position=1).update(text="Kỷ luật, kỷ cương công vụ: Đạt. Đã sửa trên dự thảo.")

    response = client.get(reverse("inspections:unitcheck-minutes", args=[visit.pk]))
    text = " ".join(pdf_text(response.content).split())
    assert "1. Kỷ luật, kỷ cương công vụ: Đạt. Đã sửa trên dự thảo." in text  # the draft as edited
    assert "DỰ THẢO" not in text and "Số: …/BB-BQL" in text
    assert f"ĐẠI DIỆN {visit.unit.name.upper()}" in text and "TRƯỞNG ĐOÀN KIỂM TRA" in text
