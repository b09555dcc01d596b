"""Export 100,000 findings to .xlsx and print the time and peak memory.

Run from the project folder:  .venv/bin/python bench/export_bench.py [findings] [--tracemalloc]

It builds a throwaway SQLite database in a temporary folder (never the project's), fills
one round with 2,000 units × 50 criteria = 100,000 findings (all shortcomings, so the
open-shortcomings export has 100,000 rows too) with bulk_create, then writes the round's
findings grid and the open shortcomings through inspections.exports, exactly as the views
do. Peak memory: the process's maximum resident size (ru_maxrss), and with --tracemalloc
the peak of Python allocations during each export (slower). Target: < 300 MB.
"""

import os
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="export-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from inspections import exports  # noqa: E402
from inspections.models import Criterion, Finding, Inspection, InspectionPlan, UnitCheck  # noqa: E402
from units.models import Organization, Unit  # noqa: E402

BATCH = 5000


def build(total: int) -> Inspection:
    criteria_count = 50
    unit_count = max(1, total // criteria_count)
    org = Organization.objects.create(
        name="Ban Quản lý Khu kinh tế Hải Phòng", abbreviation="BQL", place="Hải Phòng"
    )
    Unit.objects.bulk_create(
        Unit(
            organization=org,
            name=f"Phòng thử nghiệm số {i:05d}",
            short_name=f"P{i}",
            kind="department",
            order=i,
        )
        for i in range(unit_count)
    )
    plan = InspectionPlan.objects.create(organization=org, year=2023, title="Kế hoạch thử tải")
    Criterion.objects.bulk_create(
        Criterion(plan=plan, position=i, name=f"Nội dung kiểm tra số {i:02d} về cải cách hành chính")
        for i in range(criteria_count)
    )
    inspection = Inspection.objects.create(
        plan=plan, title="Đợt thử tải", starts_on=date(2023, 6, 6), ends_on=date(2023, 6, 30)
    )
    units = list(Unit.objects.values_list("pk", flat=True))
    inspection.units.set(units)
    UnitCheck.objects.bulk_create(
        (
            UnitCheck(inspection=inspection, unit_id=u, checked_on=date(2023, 6, 6), status="done")
            for u in units
        ),
        batch_size=BATCH,
    )
    checks = list(UnitCheck.objects.values_list("pk", flat=True))
    criteria = list(Criterion.objects.values_list("pk", flat=True))
    observation = (
        "Chưa niêm yết đầy đủ Bản cam kết chống phiền hà sách nhiễu; hồ sơ thủ tục hành chính "
        "còn thiếu phiếu theo dõi quá trình xử lý theo quy trình ISO 9001:2015."
    )
    batch = []
    for index, (check, criterion) in enumerate((c, k) for c in checks for k in criteria):
        batch.append(
            Finding(
                unit_check_id=check,
                criterion_id=criterion,
                result="shortcoming",
                observation=observation,
                recommendation="Khắc phục trong quý III.",
                due_on=date(2023, 9, 30) + timedelta(days=index % 120),
            )
        )
        if len(batch) == BATCH:
            Finding.objects.bulk_create(batch)
            batch = []
    Finding.objects.bulk_create(batch)
    return inspection


TRACE = "--tracemalloc" in sys.argv


def measure(label: str, write) -> None:
    path = WORK / f"{label}.xlsx"
    if TRACE:  # tracemalloc makes the run several times slower; time it without
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    workbook = exports.new_workbook()
    write(workbook)
    with open(path, "wb") as handle:
        workbook.save(handle)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    size = path.stat().st_size / 2**20
    peak = ""
    if TRACE:
        peak = f"   tracemalloc peak {tracemalloc.get_traced_memory()[1] / 2**20:6.1f} MB"
        tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{label:<22} {elapsed:6.1f} s (CPU {cpu:5.1f} s)   file {size:5.1f} MB   "
        f"peak RSS so far {rss:4.0f} MB{peak}"
    )


def main() -> None:
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    total = int(numbers[0]) if numbers else 100_000
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    inspection = build(total)
    print(f"database               {WORK / 'bench.sqlite3'}")
    count = Finding.objects.count()
    print(f"generated              {count:,} findings in {time.perf_counter() - started:.1f} s")
    measure("findings grid", lambda wb: exports.write_findings_grid(wb, inspection))
    measure(
        "open shortcomings", lambda wb: exports.write_shortcomings(wb, Finding.objects.open_shortcomings())
    )
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(f"process peak RSS       {maxrss:.0f} MB (ru_maxrss, whole run incl. data generation)")
    print(f"target                 < 300 MB: {'OK' if maxrss < 300 else 'OVER'}")


if __name__ == "__main__":
    main()
