"""Signed elsewhere, through the API: the signer gets the PDF to sign, signs it with their own
tool and posts it back; the same checks as the approve page, nothing written on a refusal."""

import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.models import AuditEvent, Notice
from inspections.services.notices import apply_action, draft_notice, snapshot_signer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "signing"))
from test_signing_upload import sign_elsewhere  # noqa: E402

pytestmark = [pytest.mark.django_db, pytest.mark.real_pdf]


@pytest.fixture
def in_review(demo, inspector, leader, register_signer):
    notice = draft_notice(demo.departments_round, by=inspector)
    notice.signer = leader
    snapshot_signer(notice)
    notice.save()
    register_signer(leader, key_store="elsewhere", image=False)
    return apply_action(notice, "submit", by=inspector)


def test_the_signer_gets_the_pdf_signs_it_elsewhere_and_posts_it_back(
    in_review, leader, person_keys, api_client
):
    api = api_client(leader)
    response = api.get(reverse("api:notice-to-sign-pdf", args=[in_review.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    to_sign = b"".join(response.streaming_content)
    key, cert = person_keys(leader.display_name)
    signed = sign_elsewhere(to_sign, key, cert)

    url = reverse("api:notice-signed-file", args=[in_review.pk])
    posted = api.post(url, {"file": SimpleUploadedFile("da-ky.pdf", signed), "comment": "Đồng ý ban hành."})

    assert posted.status_code == 200, posted.json()
    assert posted.json()["status"] == "approved"
    notice = Notice.objects.get(pk=in_review.pk)
    assert notice.signing.approved_pdf.read() == signed
    event = AuditEvent.objects.about(notice).get(action="notice.sign")
    assert event.actor == leader and event.data["method"] == "uploaded"


def test_a_file_signed_by_someone_else_is_refused_with_the_reason_and_nothing_changes(
    in_review, leader, person_keys, api_client
):
    api = api_client(leader)
    to_sign = b"".join(api.get(reverse("api:notice-to-sign-pdf", args=[in_review.pk])).streaming_content)
    key, cert = person_keys("Người Khác")
    url = reverse("api:notice-signed-file", args=[in_review.pk])
    refused = api.post(url, {"file": SimpleUploadedFile("da-ky.pdf", sign_elsewhere(to_sign, key, cert))})
    assert refused.status_code == 400
    assert "không phải chứng thư số đã đăng ký" in refused.json()["file"][0]
    assert Notice.objects.get(pk=in_review.pk).status == "in_review"
    assert (
        not AuditEvent.objects.about(in_review).filter(action__in=["notice.approve", "notice.sign"]).exists()
    )


def test_someone_who_is_not_the_signer_gets_neither_the_pdf_nor_the_approval(
    in_review, inspector, api_client
):
    api = api_client(inspector)
    assert api.get(reverse("api:notice-to-sign-pdf", args=[in_review.pk])).status_code == 403
    refused = api.post(
        reverse("api:notice-signed-file", args=[in_review.pk]),
        {"file": SimpleUploadedFile("da-ky.pdf", b"%PDF-1.7 x")},
    )
    assert refused.status_code == 403
    assert Notice.objects.get(pk=in_review.pk).status == "in_review"
