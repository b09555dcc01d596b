"""Fixtures for notices: drafts from the demo's 2023 departments round in any status."""

import pytest

from inspections.services.issuing import issue_notice
from inspections.services.notices import draft_notice

PDF_STUB = b"%PDF-1.7 stub"


@pytest.fixture(autouse=True)
def _stub_issued_pdf(request, monkeypatch):
    # WeasyPrint and signing take about a second; only tests marked real_pdf pay for it.
    if "real_pdf" not in request.keywords:
        monkeypatch.setattr("inspections.pdf.render_issued_pdf", lambda notice: PDF_STUB)


@pytest.fixture
def make_notice(demo, inspector, leader, clerk):
    """make_notice(status) -> a notice of the departments round, moved to `status` by its services."""
    from inspections.services.notices import apply_action

    def make(status="draft", *, number=None, issued_on=None, inspection=None):
        notice = draft_notice(inspection or demo.departments_round, by=inspector)
        if status == "draft":
            return notice
        notice = apply_action(notice, "submit", by=inspector)
        if status == "in_review":
            return notice
        notice = apply_action(notice, "approve", by=leader)
        if status == "approved":
            return notice
        return issue_notice(notice, by=clerk, number=number, issued_on=issued_on)

    return make
