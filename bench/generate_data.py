#!/usr/bin/env python
"""Benchmark data: years of inspections for the board's 11 units, into whatever DATABASE_URL says.

Default: 10 years (2013-2022, before the demo's real 2023) x 10 rounds a year x 11 units x 20
criteria = 22,000 findings, and 21 notices a round = 2,100 notices (about 80 % issued, with
number, year, date and a stored PDF; the rest draft, in review or approved), 5 items and 4
recipients each. Everything goes in with bulk_create, a year at a time.

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
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.db import transaction  # noqa: E402

from inspections.models import (  # noqa: E402
    Criterion,
    Finding,
    Inspection,
    InspectionPlan,
    Notice,
    NoticeItem,
    NoticeRecipient,
    ReferenceDocument,
    UnitCheck,
)
from inspections.text import fold  # noqa: E402
from units import demo as units_demo  # noqa: E402
from units.models import Unit, User  # noqa: E402

MARK = "[bench]"
BATCH = 2000
SAMPLE_PDF = "notices/bench-sample.pdf"
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
    Finding.objects.bulk_create(findings, batch_size=BATCH)

    notices, number = [], 100
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
                    "status": Notice.Status.ISSUED,
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
    notices = Notice.objects.bulk_create(notices, batch_size=BATCH)
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
    return len(findings), len(notices)


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
    people = {u.username: u for u in User.objects.filter(username__in=["kiemtra", "bui.ngoc.hai"])}
    rng = random.Random(args.seed)
    pdf = sample_pdf()
    totals = [0, 0]
    for year in range(args.last_year - args.years + 1, args.last_year + 1):
        with transaction.atomic():
            findings, notices = generate_year(year, board, units, people, args, rng, pdf)
        totals[0] += findings
        totals[1] += notices
        print(f"{year}: {findings} findings, {notices} notices", flush=True)
    print(
        f"{len(units)} units, {totals[0]} findings, {totals[1]} notices "
        f"({Notice.objects.issued().count()} issued) in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
