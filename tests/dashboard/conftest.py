"""Fixtures for the dashboard, follow-up, reports and notifications tests."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from dashboard_helpers import finding_at, make_shortcoming
from django.utils import timezone

from inspections.models import AuditEvent, Notice, NoticeRecipient
from inspections.services.register import line_for_notice
from units.models import Unit


@pytest.fixture
def unit_named(demo):
    return lambda name: Unit.objects.get(organization=demo.organization, name=name)


@pytest.fixture
def shortcomings(demo):
    """Three shortcomings in 2023: one overdue (Văn phòng), one due in 3 days (Phòng QLĐT),
    one without a due date (Trường Trung cấp)."""
    today = timezone.localdate()
    return SimpleNamespace(
        overdue=make_shortcoming(
            finding_at(demo.departments_round, "Văn phòng", 1), due_on=date(2023, 9, 30)
        ),
        due_soon=make_shortcoming(
            finding_at(demo.departments_round, "Phòng Quản lý Đầu tư", 4),
            due_on=today + timedelta(days=3),
            text="Một hồ sơ thủ tục giải quyết quá hạn.",
        ),
        no_date=make_shortcoming(
            finding_at(demo.service_units_round, "Trường Trung cấp Khu kinh tế", 6),
            text="Chưa ban hành quy chế dân chủ cơ sở.",
        ),
    )


@pytest.fixture
def make_notice(demo, inspector):
    def make(status=Notice.Status.DRAFT, *, by=None, round_=None, events=(), **fields):
        notice = Notice.objects.create(
            inspection=round_ or demo.departments_round,
            organization=demo.organization,
            place="Hải Phòng",
            title=fields.pop("title", "Kết quả kiểm tra công tác cải cách hành chính năm 2023"),
            created_by=by or inspector,
            status=Notice.Status.APPROVED if status == Notice.Status.ISSUED else status,
            **fields,
        )
        for action, actor, comment in events:
            AuditEvent.objects.create(
                target=notice, action=action, actor=actor, summary=str(notice), data={"comment": comment}
            )
        return notice

    return make


@pytest.fixture
def issue_directly():
    """Turn an approved notice into an issued one without the notices branch's service."""

    def issue(notice, *, number, issued_on, recipients=()):
        for position, text in enumerate(recipients, start=1):
            NoticeRecipient.objects.create(notice=notice, text=text, position=position)
        Notice.objects.filter(pk=notice.pk).update(
            status=Notice.Status.ISSUED, number=number, issued_on=issued_on, year=issued_on.year
        )
        notice.refresh_from_db()
        line_for_notice(notice).save()  # as issuing does: its line in the outgoing register
        return notice

    return issue
