"""Notices through the API: the 2023 register equals the register page, 2880's PDF has the
SHA-256 its verification page shows, issued notices stay frozen, drafts are submitted."""

import hashlib
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from inspections.models import AuditEvent, Notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued_2023(settings):
    """The demo as `load_demo` makes it: 2880 and 2819 issued in the app on 14/6/2023."""
    settings.DEBUG = True  # the demo's keys and images are made in development only
    call_command("load_demo")
    return Notice.objects.get(number=2880, year=2023)


@pytest.mark.real_pdf
def test_the_2023_register_through_the_api_equals_the_register_page(issued_2023, client, token_for):
    clerk = issued_2023.created_by.__class__.objects.get(groups__name="clerk", is_active=True)
    client.force_login(clerk)
    page = client.get(reverse("inspections:notice-register"), {"year": 2023})
    on_page = [
        (e.pk, e.reference, e.issued_on.isoformat(), e.summary) for e in page.context["page"].object_list
    ]

    api = client.__class__(headers={"Authorization": f"Bearer {token_for(clerk)}"})
    body = api.get(reverse("api:notice-register"), {"year": 2023}).json()
    through_api = [(row["id"], row["reference"], row["issued_on"], row["summary"]) for row in body["results"]]

    assert through_api == on_page
    assert body["count"] == len(on_page) >= 2
    # The board's one series across kinds: 146/KH entered by hand, then the round's paperwork
    # issued in the app (plan, team decision, schedule notices, biên bản, notices of results).
    references = [row["reference"] for row in body["results"]]
    assert references[:5] == ["146/KH-BQL", "810/KH-BQL", "1004/QĐ-BQL", "2335/TB-BQL", "2535/TB-BQL"]
    assert sum(reference.endswith("/BB-BQL") for reference in references) == 11
    assert references[-2:] == ["2819/TB-BQL", "2880/TB-BQL"]
    app_notice = next(row for row in body["results"] if row["reference"] == "2880/TB-BQL")
    assert app_notice["notice"] == issued_2023.pk and app_notice["pdf_sha256"] == issued_2023.pdf_sha256


@pytest.mark.real_pdf
def test_2880s_pdf_through_the_api_has_the_sha256_its_verification_page_shows(issued_2023, client, token_for):
    page = client.get(reverse("inspections:verify", args=[issued_2023.verification_code])).content.decode()
    shown = "".join(re.search(r"Mã SHA-256 của tệp</th><td><code>(\w+)<wbr>(\w+)</code>", page).groups())

    reader = issued_2023.created_by  # the inspector who drafted it reads notices
    api = client.__class__(headers={"Authorization": f"Bearer {token_for(reader)}"})
    response = api.get(reverse("api:notice-pdf", args=[issued_2023.pk]))
    data = b"".join(response.streaming_content)

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(data).hexdigest() == shown == issued_2023.pdf_sha256
    assert response["ETag"] == f'"{shown}"'
    assert response["Cache-Control"] == "private, no-store"


def test_a_notice_reads_with_its_parts_status_and_history(demo, inspector, api_client):
    from inspections.services.notices import draft_notice

    notice = draft_notice(demo.departments_round, by=inspector)
    body = api_client(inspector).get(reverse("api:notice-detail", args=[notice.pk])).json()
    assert body["status"] == "draft" and body["status_label"] == "Dự thảo"
    assert [item["text"] for item in body["items"]] == [item.text for item in notice.items.all()]
    assert [event["action"] for event in body["history"]] == ["notice.draft"]
    assert body["history"][0]["actor"]["name"] == "Nguyễn Thu Hà"


def test_submitting_a_draft_goes_through_the_lifecycle_and_an_issued_notice_stays_frozen(
    demo, inspector, leader, api_client
):
    from inspections.services.notices import draft_notice

    notice = draft_notice(demo.departments_round, by=inspector)
    notice.signer = leader
    notice.save(update_fields=["signer"])
    api = api_client(inspector)
    submitted = api.post(reverse("api:notice-submit", args=[notice.pk]), {}, content_type="application/json")
    assert submitted.status_code == 200 and submitted.json()["status"] == "in_review"
    assert AuditEvent.objects.about(notice).filter(action="notice.submit", actor=inspector).exists()

    again = api.post(reverse("api:notice-submit", args=[notice.pk]), {}, content_type="application/json")
    assert again.status_code == 409
    assert "trạng thái" in again.json()["detail"]

    Notice.objects.filter(pk=notice.pk).update(
        status=Notice.Status.ISSUED, number=2999, year=2023, issued_on="2023-06-14"
    )
    url = reverse("api:notice-detail", args=[notice.pk])
    for method in ("patch", "put", "delete"):
        response = getattr(api, method)(url, {"title": "Sửa"}, content_type="application/json")
        assert response.status_code == 405
        assert response.json() == {"detail": "Phương thức không được hỗ trợ ở địa chỉ này."}
    refused = api.post(reverse("api:notice-submit", args=[notice.pk]), {}, content_type="application/json")
    assert refused.status_code == 409
    notice.refresh_from_db()
    assert notice.status == Notice.Status.ISSUED and notice.title != "Sửa"


def test_a_draft_has_no_stored_pdf_to_download(demo, inspector, api_client):
    from inspections.services.notices import draft_notice

    notice = draft_notice(demo.departments_round, by=inspector)
    response = api_client(inspector).get(reverse("api:notice-pdf", args=[notice.pk]))
    assert response.status_code == 404
    assert response.json()["detail"] == "Văn bản chưa ban hành: chưa có bản PDF lưu trữ."
