"""Fixtures for notices: drafts from the demo's 2023 departments round in any status."""

import pytest

from inspections.services.issuing import issue_notice
from inspections.services.notices import draft_notice

PDF_STUB = b"%PDF-1.7 stub"


@pytest.fixture(autouse=True)
def _stub_issued_pdf(request, monkeypatch):
    # WeasyPrint and signing take about a second; only tests marked real_pdf pay for it.
    if "real_pdf" not in request.keywords:
        monkeypatch.setattr("inspections.services.signing.seal_notice", lambda notice: PDF_STUB)


@pytest.fixture
def make_notice(request, demo, inspector, leader, clerk):
    """make_notice(status) -> a notice of the departments round, signed by the `leader` persona,
    moved to `status` by its services. Approving signs for real in tests marked real_pdf (the
    leader's PKCS#12 key, the board's seal at issue); elsewhere the signature is skipped and
    issuing stores PDF_STUB."""
    from inspections.services.notices import apply_action, snapshot_signer
    from inspections.services.signing import approve_and_sign

    real = "real_pdf" in request.keywords
    password = request.getfixturevalue("signer_password")
    if real:
        request.getfixturevalue("register_signer")(leader)
        request.getfixturevalue("register_board")(demo.organization)

    def make(status="draft", *, number=None, issued_on=None, inspection=None):
        notice = draft_notice(inspection or demo.departments_round, by=inspector, confirmed=True)
        notice.signer = leader  # the demo's people include another Bùi Ngọc Hải; sign as the persona
        snapshot_signer(notice)
        notice.save()
        if status == "draft":
            return notice
        notice = apply_action(notice, "submit", by=inspector, proceed=True)  # several drafts per round
        if status == "in_review":
            return notice
        if real:
            notice = approve_and_sign(notice, by=leader, secret=password)
        else:
            notice = apply_action(notice, "approve", by=leader)
        if status == "approved":
            return notice
        return issue_notice(notice, by=clerk, number=number, issued_on=issued_on)

    return make
