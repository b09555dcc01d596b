"""Fixtures for the security tests: one record of every kind, in every notice status."""

import hashlib
import uuid
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile

from inspections.models import Evidence, Finding, Notice, NoticeItem, NoticeRecipient

ISSUED_PDF = b"%PDF-1.7\n% bytes of an issued notice \xe2\x80\x94 2880/TB-BQL\n%%EOF\n"


def make_notice(demo, by, title, **fields) -> Notice:
    notice = Notice.objects.create(
        inspection=demo.departments_round,
        organization=demo.organization,
        place="Hải Phòng",
        title=title,
        created_by=by,
        **fields,
    )
    for position in range(1, 4):
        NoticeItem.objects.create(notice=notice, position=position, text=f"Mục {position} của {title}")
    NoticeRecipient.objects.create(notice=notice, position=1, text="Các phòng chuyên môn")
    return notice


def issue_directly(notice: Notice, number: int, issued_on: date, pdf: bytes = ISSUED_PDF) -> Notice:
    """Issue through the ORM (not the issue service): number, date, stored PDF and its hash."""
    notice.pdf.save(f"{number}-{notice.symbol}.pdf", ContentFile(pdf), save=False)
    notice.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    notice.status = Notice.Status.ISSUED
    notice.number, notice.year, notice.issued_on = number, issued_on.year, issued_on
    notice.verification_code = uuid.uuid4().hex[:8].upper()
    notice.save()
    return notice


@pytest.fixture
def world(demo, inspector, leader, clerk, outsider, admin_user):
    """Everything a URL may point at, by name: the demo's 2023 records, a finding with an
    evidence file, and a notice in each status (`world.notices["issued"]` has its PDF)."""
    finding = Finding.objects.filter(unit_check__inspection=demo.departments_round).first()
    evidence = Evidence(
        finding=finding,
        token=uuid.uuid4().hex,
        extension="pdf",
        original_name="Biên bản kiểm tra.pdf",
        content_type="application/pdf",
        size=24,
        uploaded_by=inspector,
    )
    evidence.file.save("ignored.pdf", ContentFile(b"%PDF-1.4 evidence \x00\x01\x02"), save=True)

    S = Notice.Status
    notices = {
        "draft": make_notice(demo, inspector, "Dự thảo kết quả kiểm tra"),
        "in_review": make_notice(demo, inspector, "Thông báo chờ duyệt", status=S.IN_REVIEW),
        "approved": make_notice(demo, inspector, "Thông báo đã duyệt", status=S.APPROVED),
    }
    notices["issued"] = issue_directly(
        make_notice(demo, inspector, "Kết quả kiểm tra CCHC tại các phòng", status=S.APPROVED),
        2880,
        date(2023, 6, 14),
    )
    return SimpleNamespace(
        demo=demo,
        organization=demo.organization,
        plan=demo.plan,
        criterion=demo.plan.criteria.first(),
        inspection=demo.departments_round,
        unit_check=finding.unit_check,
        unit=finding.unit_check.unit,
        finding=finding,
        evidence=evidence,
        notices=notices,
        notice=notices["draft"],
        users={
            "no_role": outsider,
            "inspector": inspector,
            "leader": leader,
            "clerk": clerk,
            "admin": admin_user,
        },
    )
