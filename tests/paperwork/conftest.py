"""Fixtures for the round's paperwork: a document of every kind, drafted from the demo's 2023
records by the app's services and moved to any status (issue 13)."""

from datetime import datetime

import pytest
from django.utils import timezone
from paperwork_sources import COUNTERPART, PDF_STUB, source_for

from inspections.models import Notice
from inspections.services.issuing import issue_notice
from inspections.services.notices import apply_action, draft_document, snapshot_signer


@pytest.fixture(autouse=True)
def _stub_issued_pdf(request, monkeypatch):
    # WeasyPrint and signing take about a second; only tests marked real_pdf pay for it.
    if "real_pdf" not in request.keywords:
        monkeypatch.setattr("inspections.services.signing.seal_notice", lambda notice: PDF_STUB)


@pytest.fixture
def make_document(request, demo, inspector, leader, clerk):
    """make_document(kind, status="draft", number=None, issued_on=None, source=None) -> a
    document of `kind` drafted from the demo's records by the inspector, signed by the `leader`
    persona, moved to `status` by the services. With `issued_on` in the past it is approved on
    that day (the issue refuses a date before the approval). Tests marked real_pdf sign and
    seal for real; elsewhere issuing stores PDF_STUB."""
    from inspections.services.signing import approve_and_sign

    real = "real_pdf" in request.keywords
    if real:
        request.getfixturevalue("register_signer")(leader)
        request.getfixturevalue("register_board")(demo.organization)
        password = request.getfixturevalue("signer_password")

    def make(kind, status="draft", *, number=None, issued_on=None, source=None):
        source = source if source is not None else source_for(demo, kind)
        notice = draft_document(kind, source, by=inspector, confirmed=True)
        notice.signer = leader  # the demo's people include another Bùi Ngọc Hải; sign as the persona
        if notice.spec.counterpart:  # the unit's head, who signs the biên bản on site
            notice.counterpart_title, notice.counterpart_name = COUNTERPART
        snapshot_signer(notice)
        notice.save()
        if status == "draft":
            return notice
        notice = apply_action(notice, "submit", by=inspector, proceed=True)
        if status == "in_review":
            return notice
        if real:
            notice = approve_and_sign(notice, by=leader, secret=password)
        else:
            notice = apply_action(notice, "approve", by=leader)
        if issued_on is not None:
            approved = timezone.make_aware(datetime.combine(issued_on, datetime.min.time()))
            Notice.objects.filter(pk=notice.pk).update(approved_at=approved)
            notice.refresh_from_db()
        if status == "approved":
            return notice
        return issue_notice(notice, by=clerk, number=number, issued_on=issued_on)

    return make
