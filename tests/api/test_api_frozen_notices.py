"""An issued notice reads through the API as it was issued (issue 17's snapshot), whatever later
happens to the records it names: the documents it cites, its signer's account, the issuing body.
A draft reads the records as they are now."""

import pytest
from django.urls import reverse

from inspections.models import Notice, ReferenceDocument
from units.models import Organization

pytestmark = pytest.mark.django_db

CITED = "4647/QĐ-UBND"  # a legal basis of the demo's 2023 plan, cited by its notices
OLD_SUMMARY = "Ban hành Kế hoạch Cải cách hành chính nhà nước thành phố Hải Phòng năm 2023"
NEW_SUMMARY = "Ban hành Kế hoạch đã sửa sau khi ban hành"
OLD_NAME, NEW_NAME = "Ban Quản lý Khu kinh tế Hải Phòng", "Ban Quản lý các Khu kinh tế và Khu công nghiệp"
NEW_TITLE, NEW_SIGNER = "Trưởng ban", "Bùi Ngọc Hải (đã đổi tên)"


@pytest.fixture
def make_notice(monkeypatch, demo, inspector, leader, clerk):
    """make_notice(issued=True): a notice of the departments round signed by `leader`, issued
    by its services as 2880/TB-BQL (signature skipped, a stub PDF stored), or left a draft."""
    from inspections.services.issuing import issue_notice
    from inspections.services.notices import apply_action, draft_notice, snapshot_signer

    monkeypatch.setattr("inspections.services.signing.seal_notice", lambda notice: b"%PDF-1.7 stub")

    def make(*, issued: bool) -> Notice:
        notice = draft_notice(demo.departments_round, by=inspector, confirmed=True)
        notice.signer = leader
        snapshot_signer(notice)
        notice.save()
        if not issued:
            return notice
        notice = apply_action(notice, "submit", by=inspector, proceed=True)
        notice = apply_action(notice, "approve", by=leader)
        return issue_notice(notice, by=clerk, number=2880)

    return make


def read(api, notice) -> dict:
    detail = api.get(reverse("api:notice-detail", args=[notice.pk])).json()
    listed = next(
        row for row in api.get(reverse("api:notice-list")).json()["results"] if row["id"] == notice.pk
    )
    register = api.get(reverse("api:notice-register")).json()["results"]
    line = next((row for row in register if row["notice"] == notice.pk), None)
    return {"detail": detail, "listed": listed, "line": line}


def cited(body) -> dict:
    return next(
        basis["document"] for basis in body["legal_bases"] if basis["document"]["number_symbol"] == CITED
    )


def change_the_records(demo, leader):
    ReferenceDocument.objects.filter(number_symbol=CITED).update(summary=NEW_SUMMARY)
    type(leader).objects.filter(pk=leader.pk).update(title=NEW_TITLE, full_name=NEW_SIGNER)
    Organization.objects.filter(pk=demo.organization.pk).update(name=NEW_NAME)


def test_an_issued_notice_reads_as_issued_after_its_records_change(
    demo, leader, clerk, make_notice, api_client
):
    issued = make_notice(issued=True)
    api = api_client(clerk)
    before = read(api, issued)
    assert (
        OLD_SUMMARY in cited(before["detail"])["summary"]
        and OLD_SUMMARY in cited(before["detail"])["citation"]
    )
    assert before["detail"]["organization"]["name"] == OLD_NAME
    assert before["listed"]["signer"] == {"id": leader.pk, "name": "Bùi Ngọc Hải", "title": "PHÓ TRƯỞNG BAN"}
    assert before["line"]["organization"] == OLD_NAME and before["line"]["reference"] == "2880/TB-BQL"

    change_the_records(demo, leader)

    after = read(api, issued)
    # Bases, signing block, issuing body, recipients; the trail names accounts as they are now.
    assert {**after["detail"], "history": None} == {**before["detail"], "history": None}
    assert after["listed"] == before["listed"]
    assert after["line"] == before["line"]
    shown = str({**after, "detail": {**after["detail"], "history": None}})
    assert NEW_SUMMARY not in shown and NEW_NAME not in shown and NEW_SIGNER not in shown
    assert after["detail"]["signer_name"] == "Bùi Ngọc Hải"
    assert after["detail"]["recipients"] == [
        {"position": recipient.position, "text": recipient.text} for recipient in issued.recipients.all()
    ]


def test_a_draft_reads_the_records_as_they_are_now(demo, leader, inspector, make_notice, api_client):
    draft = make_notice(issued=False)
    change_the_records(demo, leader)

    body = api_client(inspector).get(reverse("api:notice-detail", args=[draft.pk])).json()
    assert cited(body)["summary"] == NEW_SUMMARY and NEW_SUMMARY in cited(body)["citation"]
    assert body["organization"]["name"] == NEW_NAME
    assert body["signer"] == {"id": leader.pk, "name": NEW_SIGNER, "title": NEW_TITLE}
