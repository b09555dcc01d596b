"""Fixtures for the security tests: one record of every kind, in every notice status."""

import hashlib
import io
import uuid
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from hostile_files import bomb_docx
from pypdf import PdfWriter

from inspections.models import (
    Evidence,
    Finding,
    FollowUp,
    Inspection,
    Notice,
    NoticeItem,
    NoticeLegalBasis,
    NoticeRecipient,
)
from inspections.services.register import line_for_notice


def blank_pdf() -> bytes:
    """A real one-page PDF (the merged print reads it with pypdf), made without WeasyPrint."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "2880/TB-BQL"})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


ISSUED_PDF = blank_pdf()


def make_notice(demo, by, title, **fields) -> Notice:
    # Every part a notice needs to move on (issue 19's checklist).
    fields.setdefault("opening", "Thực hiện Kế hoạch số 810/KH-BQL ngày 02/3/2023 của Ban Quản lý.")
    fields.setdefault("closing", "Yêu cầu các phòng chuyên môn thực hiện nghiêm túc./.")
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
    NoticeLegalBasis.objects.create(notice=notice, position=1, document=demo.plan.document)
    return notice


def issue_directly(notice: Notice, number: int, issued_on: date, pdf: bytes = ISSUED_PDF) -> Notice:
    """Issue through the ORM (not the issue service): number, date, stored PDF and its hash."""
    notice.pdf.save(f"{number}-{notice.symbol}.pdf", ContentFile(pdf), save=False)
    notice.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    notice.status = Notice.Status.ISSUED
    notice.number, notice.year, notice.issued_on = number, issued_on.year, issued_on
    notice.verification_code = uuid.uuid4().hex[:8].upper()
    notice.save()
    line_for_notice(notice).save()  # as issuing does: its line in the outgoing register
    return notice


def import_directly(notice: Notice, number: int, issued_on: date) -> Notice:
    """Record `notice` as issued on paper and imported from a text file, without a PDF of ours."""
    source = f"Số: {number}/{notice.symbol}\n\nTHÔNG BÁO\n{notice.title}\n".encode()
    notice.source_file.save(f"{number}-{notice.symbol}-{issued_on.year}.txt", ContentFile(source), save=False)
    notice.status, notice.imported = Notice.Status.ISSUED, True
    notice.number, notice.year, notice.issued_on = number, issued_on.year, issued_on
    notice.save()
    line_for_notice(notice).save()
    return notice


@pytest.fixture
def world(demo, inspector, leader, clerk, outsider, admin_user, make_user):
    """Everything a URL may point at, by name: the demo's 2023 records, a finding with an
    evidence file, a shortcoming whose unit has reported (FollowUp "reported"), a 2024 round
    with a unit in scope and no visit yet, and a notice in each status
    (`world.notices["issued"]` has its stored PDF)."""
    findings = Finding.objects.filter(unit_check__inspection=demo.departments_round).order_by("pk")
    finding = findings.first()
    shortcoming = findings.exclude(unit_check=finding.unit_check).first()
    Finding.objects.filter(pk=shortcoming.pk).update(
        result=Finding.Result.SHORTCOMING,
        observation="Chưa niêm yết Bản cam kết chống phiền hà, sách nhiễu.",
        recommendation="Niêm yết tại nơi tiếp nhận hồ sơ.",
        due_on=date(2023, 9, 30),
    )
    shortcoming.refresh_from_db()
    FollowUp.objects.create(finding=shortcoming, status=FollowUp.Status.REPORTED)
    next_round = Inspection.objects.create(
        plan=demo.plan,
        title="Kiểm tra CCHC tại các phòng năm 2024",
        starts_on=date(2024, 6, 3),
        ends_on=date(2024, 6, 7),
    )
    next_round.units.set([finding.unit_check.unit, shortcoming.unit_check.unit])
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
        "draft": make_notice(demo, inspector, "Dự thảo kết quả kiểm tra", signer=leader),
        "in_review": make_notice(demo, inspector, "Thông báo chờ duyệt", status=S.IN_REVIEW, signer=leader),
        "approved": make_notice(demo, inspector, "Thông báo đã duyệt", status=S.APPROVED, signer=leader),
    }
    notices["issued"] = issue_directly(
        make_notice(demo, inspector, "Kết quả kiểm tra CCHC tại các phòng", status=S.APPROVED, signer=leader),
        2880,
        date(2023, 6, 14),
    )
    notices["imported"] = import_directly(
        make_notice(demo, inspector, "Kết quả kiểm tra CCHC (bản giấy)", signer=leader),
        2819,
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
        criterion_of_finding=finding.criterion,
        shortcoming=shortcoming,
        next_round=next_round,
        evidence=evidence,
        notices=notices,
        # A further notice, e.g. with typed text to check: new_notice(title, status=…) then
        # issue_directly(notice, number, date) (its items and recipients are added before).
        new_notice=lambda title, **fields: make_notice(demo, inspector, title, signer=leader, **fields),
        issue_directly=issue_directly,
        notice=notices["draft"],
        users={
            "no_role": outsider,
            "unit_member": make_user("nguoi_cua_don_vi", unit=shortcoming.unit_check.unit),
            "inspector": inspector,
            "leader": leader,
            "clerk": clerk,
            "admin": admin_user,
        },
    )


@pytest.fixture
def no_slow_pdfs(monkeypatch):
    """Who may download or issue is the question here, not the PDF (tests/pdf renders them)."""
    monkeypatch.setattr("inspections.services.signing.seal_notice", lambda notice, **kw: b"%PDF-1.7 issued")
    monkeypatch.setattr("inspections.exports.render_year_summary_pdf", lambda year, org: b"%PDF-1.7 year")
    monkeypatch.setattr("inspections.views.documents.render_notice_pdf", lambda notice: b"%PDF-1.7 draft")
    monkeypatch.setattr(
        "inspections.views.minutes.pdf.render_template_pdf", lambda template, context: b"%PDF-1.7 minutes"
    )


@pytest.fixture(scope="session")
def bomb() -> bytes:
    """A .docx of about 1.5 MB whose word/document.xml inflates to 413 MB (built once)."""
    return bomb_docx()
