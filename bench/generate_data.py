#!/usr/bin/env python
"""Benchmark data: years of inspections for the board's 11 units, into whatever DATABASE_URL says.

Default: 10 years (2013-2022, before the demo's real 2023) x 10 rounds a year x 11 units x 20
criteria = 22,000 findings, and 21 notices a round = 2,100 notices (about 80 % issued, with
number, year, date, a stored PDF, the snapshot of what it shows and its register line; the
rest draft, in review or approved), 5 items and 4 recipients each. About 15 % of findings are
shortcomings; two in three of those have a follow-up (reported, closed or reopened, with the
unit's report; one reported in 25 withdrawn since), one in five an evidence file. Audit
events as the services write them: one per finding, one per visit, and the notice's life
cycle (draft, submit, approve, number, render, issue). Everything goes in with bulk_create,
a year at a time.

Also creates `bench.tatca` (password as the demo's), a member of every role group and of
the Office, in every generated round's team: the person pages_bench.py and load_test.sh
log in as, so every page shows everything and every permission check runs.

    .venv/bin/python manage.py migrate
    .venv/bin/python bench/generate_data.py            # loads the demo board and people first
    .venv/bin/python bench/generate_data.py --years 2  # smaller

Refuses to run twice on the same database (plans titled "[bench] ...").
"""

import argparse
import hashlib
import os
import random
import secrets
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from inspections import snapshot  # noqa: E402
from inspections.models import (  # noqa: E402
    AuditEvent,
    Criterion,
    Evidence,
    Finding,
    FollowUp,
    FollowUpReport,
    Inspection,
    InspectionPlan,
    Notice,
    NoticeItem,
    NoticeRecipient,
    ReferenceDocument,
    RegisterEntry,
    UnitCheck,
)
from inspections.roles import ROLES  # noqa: E402
from inspections.services.register import line_for_notice  # noqa: E402
from inspections.text import fold  # noqa: E402
from units import demo as units_demo  # noqa: E402
from units.models import Unit, User  # noqa: E402

MARK = "[bench]"
BATCH = 2000
SAMPLE_PDF = "notices/bench-sample.pdf"
SAMPLE_EVIDENCE = "evidence/bench-sample.pdf"
ALL_ROLES_USER = "bench.tatca"
AREAS = [
    "Kỷ luật, kỷ cương hành chính",
    "Chức năng, nhiệm vụ và tổ chức bộ máy",
    "Kiểm soát thủ tục hành chính",
    "Hệ thống quản lý chất lượng ISO 9001:2015",
    "Niêm yết công khai, cam kết chống phiền hà",
    "Thực hiện dân chủ ở cơ sở",
    "Đào tạo, bồi dưỡng cán bộ",
    "Ứng dụng công nghệ thông tin",
    "Cơ chế một cửa, một cửa liên thông",
    "Văn hóa công vụ",
]


def sample_pdf() -> tuple[str, str]:
    """One small stored PDF that every generated issued notice points at (and its SHA-256)."""
    data = b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" + b"% bench\n" * 2000 + b"%%EOF\n"
    if not default_storage.exists(SAMPLE_PDF):
        default_storage.save(SAMPLE_PDF, ContentFile(data))
    with default_storage.open(SAMPLE_PDF, "rb") as handle:
        return SAMPLE_PDF, hashlib.sha256(handle.read()).hexdigest()


def sample_evidence() -> str:
    if not default_storage.exists(SAMPLE_EVIDENCE):
        default_storage.save(SAMPLE_EVIDENCE, ContentFile(b"%PDF-1.4\n% bench evidence\n%%EOF\n"))
    return SAMPLE_EVIDENCE


def all_roles_user(board) -> User:
    """A person in every role group (not a superuser: every permission check runs)."""
    office = Unit.objects.filter(organization=board, name="Văn phòng").first()
    user, created = User.objects.get_or_create(
        username=ALL_ROLES_USER,
        defaults={"full_name": "Người đo hiệu năng", "title": "Chuyên viên Văn phòng", "unit": office},
    )
    if created:
        user.set_password(units_demo.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    user.groups.set(Group.objects.filter(name__in=ROLES))
    return user


def audit_rows(objects, action, actor, at, data=None):
    """AuditEvent rows as inspections.audit.record writes them, for bulk_create."""
    objects = list(objects)
    if not objects:
        return []
    content_type = ContentType.objects.get_for_model(objects[0])
    return [
        AuditEvent(
            at=at(obj) if callable(at) else at,
            actor=actor,
            action=action,
            content_type=content_type,
            object_id=obj.pk,
            summary=str(obj)[:300],
            data=data(obj) if callable(data) else (data or {}),
        )
        for obj in objects
    ]


def moment(day):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=9))


def generate_followups(findings, people, rng, evidence_name):
    """Follow-ups, the units' reports, evidence files and their audit lines for the shortcomings."""
    inspector, member = people["kiemtra"], people[ALL_ROLES_USER]
    followups, reports, evidence, events = [], [], [], []
    for finding in findings:
        if finding.result != Finding.Result.SHORTCOMING:
            continue
        if rng.random() < 0.2:
            evidence.append(
                Evidence(
                    finding=finding,
                    file=evidence_name,
                    token=secrets.token_hex(16),
                    extension="pdf",
                    original_name="bien-ban-kiem-tra.pdf",
                    content_type="application/pdf",
                    size=40,
                    uploaded_by=inspector,
                )
            )
        if finding.closed:
            status = FollowUp.Status.CLOSED
        elif rng.random() < 0.5:
            continue  # open, nothing reported yet: no FollowUp row, as in the app
        else:
            status = rng.choice([FollowUp.Status.REPORTED, FollowUp.Status.REOPENED])
        reported = moment(finding.due_on - timedelta(days=rng.randint(1, 20)))
        followups.append(
            FollowUp(
                finding=finding,
                status=status,
                reported_at=reported,
                closed_at=reported + timedelta(days=3) if status == FollowUp.Status.CLOSED else None,
                closed_by=inspector if status == FollowUp.Status.CLOSED else None,
            )
        )
    # One reported follow-up in 25 withdrawn afterwards (recorded in error), as withdraw_followup
    # leaves it: the finding becomes Ghi nhận, without due date, and stays on the follow-up list.
    withdrawn = [f for f in followups if f.status == FollowUp.Status.REPORTED][::25]
    for followup in withdrawn:
        followup.status = FollowUp.Status.WITHDRAWN
    followups = FollowUp.objects.bulk_create(followups, batch_size=BATCH)
    Finding.objects.filter(pk__in=[f.finding_id for f in withdrawn]).update(
        result=Finding.Result.NOTED, due_on=None, closed=False, withdrawn=True
    )
    for followup in followups:
        reports.append(
            FollowUpReport(
                followup=followup,
                text="Đơn vị đã bổ sung hồ sơ, niêm yết đầy đủ theo kiến nghị.",
                reported_by=member,
                reported_at=followup.reported_at,
            )
        )
        events += audit_rows([followup.finding], "followup.report", member, followup.reported_at)
        if followup.status == FollowUp.Status.CLOSED:
            events += audit_rows([followup.finding], "followup.close", inspector, followup.closed_at)
        elif followup.status == FollowUp.Status.REOPENED:
            events += audit_rows(
                [followup.finding],
                "followup.reopen",
                inspector,
                followup.reported_at + timedelta(days=2),
                {"comment": "Chưa có biên bản niêm yết."},
            )
        elif followup.status == FollowUp.Status.WITHDRAWN:
            events += audit_rows(
                [followup.finding],
                "followup.withdraw",
                inspector,
                followup.reported_at + timedelta(days=2),
                {"comment": "Ghi nhầm: đơn vị đã thực hiện.", "Kết quả": ["Có tồn tại, hạn chế", "Ghi nhận"]},
            )
    FollowUpReport.objects.bulk_create(reports, batch_size=BATCH)
    Evidence.objects.bulk_create(evidence, batch_size=BATCH)
    return events, len(followups)


def generate_year(year, board, units, people, args, rng, pdf):
    inspector, leader = people["kiemtra"], people["bui.ngoc.hai"]
    document = ReferenceDocument.objects.create(
        kind=ReferenceDocument.Kind.PLAN,
        number_symbol=f"{700 + year % 100}/KH-BQL",
        issued_on=date(year, 3, 2),
        summary=f"kiểm tra công tác cải cách hành chính năm {year}",
    )
    plan = InspectionPlan.objects.create(
        organization=board, year=year, title=f"{MARK} Kế hoạch kiểm tra CCHC năm {year}", document=document
    )
    criteria = Criterion.objects.bulk_create(
        Criterion(plan=plan, position=i + 1, name=f"{AREAS[i % len(AREAS)]} ({i + 1})")
        for i in range(args.criteria)
    )
    rounds = []
    for r in range(args.rounds):
        starts = date(year, 1, 10) + timedelta(days=r * 33)
        rounds.append(
            Inspection(
                plan=plan,
                title=f"{MARK} Đợt {r + 1} năm {year}",
                starts_on=starts,
                ends_on=starts + timedelta(2),
            )
        )
    rounds = Inspection.objects.bulk_create(rounds)
    Inspection.units.through.objects.bulk_create(
        Inspection.units.through(inspection_id=rnd.pk, unit_id=unit.pk) for rnd in rounds for unit in units
    )
    Inspection.team.through.objects.bulk_create(
        Inspection.team.through(inspection_id=rnd.pk, user_id=person.pk)
        for rnd in rounds
        for person in (inspector, people[ALL_ROLES_USER])
    )
    checks = UnitCheck.objects.bulk_create(
        UnitCheck(inspection=rnd, unit=unit, checked_on=rnd.starts_on, status=UnitCheck.Status.DONE)
        for rnd in rounds
        for unit in units
    )
    findings = []
    for check in checks:
        for criterion in criteria:
            roll = rng.random()
            if roll < 0.15:
                result, due = (
                    Finding.Result.SHORTCOMING,
                    check.checked_on + timedelta(days=rng.choice([30, 60, 90])),
                )
                text = f"Còn hạn chế về {criterion.name.lower()}; hồ sơ chưa đầy đủ."
            else:
                result, due = (Finding.Result.NOTED if roll > 0.95 else Finding.Result.COMPLIANT), None
                text = f"Thực hiện đúng quy định về {criterion.name.lower()}."
            findings.append(
                Finding(
                    unit_check=check,
                    criterion=criterion,
                    result=result,
                    observation=text,
                    recommendation="Khắc phục trong kỳ." if due else "",
                    due_on=due,
                    closed=bool(due) and rng.random() < 0.6,
                    search_text=fold(text),
                )
            )
    findings = Finding.objects.bulk_create(findings, batch_size=BATCH)
    events = audit_rows(rounds, "inspection.create", inspector, lambda r: moment(r.starts_on - timedelta(10)))
    events += audit_rows(checks, "unitcheck.create", inspector, lambda c: moment(c.checked_on))
    events += audit_rows(
        findings,
        "finding.create",
        inspector,
        lambda f: moment(f.unit_check.checked_on),
        lambda f: {"Kết quả": ["", f.get_result_display()]},
    )
    followup_events, followup_count = generate_followups(findings, people, rng, sample_evidence())
    events += followup_events

    notices, number, to_issue = [], 100, []
    statuses = [Notice.Status.DRAFT, Notice.Status.IN_REVIEW, Notice.Status.APPROVED]
    for rnd in rounds:
        for k in range(args.notices_per_round):
            issued = rng.random() < 0.8
            title = f"Kết quả kiểm tra công tác cải cách hành chính – {rnd.title} ({k + 1})"
            fields = {"status": rng.choice(statuses)}
            if issued:
                number += rng.randint(1, 15)
                issued_on = rnd.ends_on + timedelta(days=rng.randint(3, 25))
                fields = {
                    # Approved while the parts go in (issued notices refuse new parts, even
                    # to raw SQL); the status flips to issued below, as issue_notice does last.
                    "status": Notice.Status.APPROVED,
                    "number": number,
                    "year": year,
                    "issued_on": issued_on,
                    "pdf": pdf[0],
                    "pdf_sha256": pdf[1],
                    "verification_code": secrets.token_hex(5).upper(),
                    "approved_by": leader,
                    "signer": leader,
                    "signer_name": leader.display_name,
                    "signer_title": leader.title,
                    "authority_title": "Trưởng ban",
                }
            notices.append(
                Notice(
                    inspection=rnd,
                    plan_id=rnd.plan_id,
                    organization=board,
                    place=board.place,
                    title=title,
                    opening="Thực hiện Kế hoạch kiểm tra, Đoàn kiểm tra đã kiểm tra tại các phòng, đơn vị.",
                    closing="Yêu cầu các phòng, đơn vị khắc phục những tồn tại, hạn chế.",
                    created_by=inspector,
                    search_text=fold(title),
                    **fields,
                )
            )
            to_issue.append(issued)
    notices = Notice.objects.bulk_create(notices, batch_size=BATCH)
    steps = {  # the audit lines a notice in each status has behind it
        Notice.Status.DRAFT: [("notice.draft", inspector)],
        Notice.Status.IN_REVIEW: [("notice.draft", inspector), ("notice.submit", inspector)],
        Notice.Status.APPROVED: [
            ("notice.draft", inspector),
            ("notice.submit", inspector),
            ("notice.approve", leader),
        ],
        Notice.Status.ISSUED: [
            ("notice.draft", inspector),
            ("notice.submit", inspector),
            ("notice.approve", leader),
            ("notice.number", people["vanthu"]),
            ("notice.render", people["vanthu"]),
            ("notice.issue", people["vanthu"]),
        ],
    }
    for notice, issued in zip(notices, to_issue, strict=True):
        start = moment(notice.inspection.ends_on)
        for day, (action, actor) in enumerate(steps[Notice.Status.ISSUED if issued else notice.status]):
            events += audit_rows(
                [notice], action, actor, start + timedelta(days=day, minutes=notice.pk % 600)
            )
    AuditEvent.objects.bulk_create(events, batch_size=BATCH)
    NoticeItem.objects.bulk_create(
        (
            NoticeItem(
                notice=n, position=i, text=f"Mục {i}: {AREAS[i % len(AREAS)]} – đã thực hiện đúng quy định."
            )
            for n in notices
            for i in range(1, 6)
        ),
        batch_size=BATCH,
    )
    NoticeRecipient.objects.bulk_create(
        (
            NoticeRecipient(notice=n, position=i, text=text)
            for n in notices
            for i, text in enumerate(
                ["Trưởng ban (để b/c)", "Các Phó Trưởng ban", "Các phòng, đơn vị", "Lưu: VT, VP"]
            )
        ),
        batch_size=BATCH,
    )
    issued = [n for n, is_issued in zip(notices, to_issue, strict=True) if is_issued]
    if issued:
        # What issue_notice writes with the status: the snapshot of what the notice shows (the
        # same board, signing block and recipients for every generated notice) and its line in
        # the outgoing register.
        Notice.objects.filter(pk__in=[n.pk for n in issued]).update(
            status=Notice.Status.ISSUED, issued_snapshot=snapshot.take(issued[0])
        )
        RegisterEntry.objects.bulk_create((line_for_notice(n) for n in issued), batch_size=BATCH)
    return len(findings), len(notices), followup_count, len(events)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--last-year", type=int, default=2022)
    parser.add_argument("--rounds", type=int, default=10, help="rounds a year, each visiting all 11 units")
    parser.add_argument("--criteria", type=int, default=20)
    parser.add_argument("--notices-per-round", type=int, default=21)
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()

    if InspectionPlan.objects.filter(title__startswith=MARK).exists():
        sys.exit("Benchmark data is already in this database; use a fresh one.")
    started = time.perf_counter()
    board = units_demo.load()
    units = list(Unit.objects.filter(organization=board, active=True))
    all_roles_user(board)
    people = {
        u.username: u
        for u in User.objects.filter(username__in=["kiemtra", "bui.ngoc.hai", "vanthu", ALL_ROLES_USER])
    }
    rng = random.Random(args.seed)
    pdf = sample_pdf()
    totals = [0, 0, 0, 0]
    for year in range(args.last_year - args.years + 1, args.last_year + 1):
        with transaction.atomic():
            counts = generate_year(year, board, units, people, args, rng, pdf)
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        print(f"{year}: {counts[0]} findings, {counts[1]} notices, {counts[2]} follow-ups", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would give after a while
    print(
        f"{len(units)} units, {totals[0]} findings, {totals[1]} notices "
        f"({Notice.objects.issued().count()} issued), {totals[2]} follow-ups, "
        f"{Evidence.objects.count()} evidence files, {totals[3]} audit events "
        f"in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
