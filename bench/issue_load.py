#!/usr/bin/env python
"""Issuing under load: CLERKS clerks issue NOTICES approved notices at the same time.

Each clerk is a thread with its own database connection (as a web worker would have) that
takes the next approved notice from a shared queue and calls
`inspections.services.issuing.issue_notice` with the suggested number: the real numbering,
the number and date written into the leader-signed PDF and the board's real PAdES signature
with its seal (throw-away self-signed demo certificates). The notices were approved by
Bùi Ngọc Hải signing each (the real render and signature). Afterwards it checks, from the
database and the stored files: NOTICES distinct numbers 1..NOTICES, every stored file's SHA-256
equal to the recorded one, and both signatures of every file intact and valid (pyHanko).

Needs an EMPTY database (it migrates it and loads the demo's 2023 records first):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/insp_issue .venv/bin/python bench/issue_load.py
    DATABASE_URL=sqlite:////tmp/issue.sqlite3 .venv/bin/python bench/issue_load.py

MEDIA_ROOT defaults to a temporary folder, removed at the end (--keep to keep it).
"""

import argparse
import hashlib
import os
import queue
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
MEDIA = None
if "MEDIA_ROOT" not in os.environ:
    MEDIA = tempfile.mkdtemp(prefix="issue-load-media-")
    os.environ["MEDIA_ROOT"] = MEDIA

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import override_settings  # noqa: E402

from inspections import demo as inspections_demo  # noqa: E402
from inspections.demo_signing import DEMO_VALID_FROM, load_signing  # noqa: E402
from inspections.models import Inspection, Notice, RegisterEntry  # noqa: E402
from inspections.services.issuing import issue_notice  # noqa: E402
from inspections.services.notices import apply_action, draft_notice  # noqa: E402
from inspections.services.signing import approve_and_sign  # noqa: E402
from inspections.signing.certificates import make_signing_cert  # noqa: E402
from inspections.signing.validation import check_pdf  # noqa: E402
from units import demo as units_demo  # noqa: E402
from units.demo import DEMO_PASSWORD  # noqa: E402
from units.models import User  # noqa: E402

CERT_PASSWORD = "bench-only"


def prepare(count: int, clerks: int) -> tuple[list[int], list[User]]:
    """The demo records and `count` notices drafted, submitted and approved by the services."""
    call_command("migrate", verbosity=0)
    if Notice.objects.exists():
        sys.exit("This database already has notices; issue_load.py needs an empty one.")
    organization = units_demo.load()
    plan = inspections_demo.load(organization)
    with override_settings(DEBUG=True):  # the demo's self-signed keys and images
        load_signing(organization)
    departments_round = Inspection.objects.get(plan=plan, title__contains="phòng chuyên môn")
    inspector = User.objects.get(username="kiemtra")
    leader = User.objects.get(username="bui.ngoc.hai")
    ids = []
    for _ in range(count):
        notice = draft_notice(departments_round, by=inspector)
        apply_action(notice, "submit", by=inspector)
        ids.append(approve_and_sign(notice, by=leader, secret=DEMO_PASSWORD).pk)
    clerk_group = Group.objects.get(name="clerk")
    people = []
    for index in range(1, clerks + 1):
        user, _ = User.objects.get_or_create(
            username=f"vanthu{index:02}", defaults={"full_name": f"Văn thư {index}"}
        )
        user.groups.add(clerk_group)
        people.append(user)
    return ids, people


def issue_all(ids: list[int], clerks: list[User]) -> tuple[list[dict], float]:
    todo: queue.Queue[int] = queue.Queue()
    for pk in ids:
        todo.put(pk)
    results: list[dict] = []
    lock = threading.Lock()
    start = threading.Barrier(len(clerks) + 1)

    def clerk_work(clerk: User):
        clerk = User.objects.get(pk=clerk.pk)  # fresh, on this thread's connection
        start.wait()
        try:
            while True:
                try:
                    pk = todo.get_nowait()
                except queue.Empty:
                    return
                began = time.perf_counter()
                try:
                    issued = issue_notice(Notice.objects.get(pk=pk), by=clerk)
                    outcome = {"pk": pk, "number": issued.number, "clerk": clerk.username}
                except Exception as error:  # noqa: BLE001 - counted and printed, never hidden
                    outcome = {"pk": pk, "error": f"{type(error).__name__}: {error}", "clerk": clerk.username}
                outcome["seconds"] = time.perf_counter() - began
                with lock:
                    results.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=clerk_work, args=(clerk,)) for clerk in clerks]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - began


def check(ids: list[int]) -> dict:
    """Numbers, stored bytes and signatures, read back from the database and the files."""
    notices = list(Notice.objects.filter(pk__in=ids).order_by("number"))
    issued = [n for n in notices if n.status == Notice.Status.ISSUED]
    numbers = [n.number for n in issued]
    hashes_ok = signatures_ok = 0
    problems = []
    for notice in issued:
        with notice.pdf.open("rb") as handle:
            data = handle.read()
        if hashlib.sha256(data).hexdigest() == notice.pdf_sha256:
            hashes_ok += 1
        else:
            problems.append(f"{notice.reference}: SHA-256 of the stored file differs from the recorded one")
        checks = check_pdf(data)
        if len(checks) == 2 and all(c.ok for c in checks) and checks[1].covers_whole_file:
            signatures_ok += 1
        else:
            problems.append(f"{notice.reference}: a signature missing, broken or not covering the file")
    # Every issued notice holds its number in the outgoing register's series too (issue 17).
    lines = dict(RegisterEntry.objects.filter(notice__in=issued).values_list("notice_id", "number"))
    register_ok = sum(1 for n in issued if lines.get(n.pk) == n.number)
    if register_ok != len(issued):
        problems.append(f"{len(issued) - register_ok} issued notices without their register line")
    return {
        "register_ok": register_ok,
        "issued": len(issued),
        "distinct": len(set(numbers)),
        "consecutive": numbers == list(range(1, len(ids) + 1)),
        "hashes_ok": hashes_ok,
        "signatures_ok": signatures_ok,
        "codes_distinct": len({n.verification_code for n in issued}),
        "problems": problems,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=100)
    parser.add_argument("--clerks", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="keep the temporary media folder")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="issue-load-"))
    cert_path = work / "signing.p12"
    make_signing_cert(
        cert_path, CERT_PASSWORD, "Ban Quản lý Khu kinh tế Hải Phòng", not_before=DEMO_VALID_FROM
    )
    settings.SIGNING_P12, settings.SIGNING_P12_PASSWORD = str(cert_path), CERT_PASSWORD
    try:
        began = time.perf_counter()
        ids, clerks = prepare(args.notices, args.clerks)
        print(
            f"database: {connection.vendor}; {len(ids)} approved notices drafted, submitted and approved "
            f"through the services in {time.perf_counter() - began:.1f} s; {len(clerks)} clerks",
            flush=True,
        )
        load = os.getloadavg()
        results, seconds = issue_all(ids, clerks)
        errors = [r for r in results if "error" in r]
        latencies = sorted(r["seconds"] for r in results if "error" not in r)
        print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        print(
            f"issued {len(results) - len(errors)}/{len(ids)} in {seconds:.1f} s = "
            f"{(len(results) - len(errors)) / seconds:.2f} notices/s; errors: {len(errors)}"
        )
        if latencies:
            p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
            print(
                f"per issue (a clerk's wait, lock included): median {statistics.median(latencies):.2f} s, "
                f"p95 {p95:.2f} s, max {latencies[-1]:.2f} s"
            )
        for error in errors[:5]:
            print(f"  error ({error['clerk']}, notice {error['pk']}): {error['error']}")
        result = check(ids)
        load = os.getloadavg()
        print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        print(
            f"check: {result['issued']} issued, {result['distinct']} distinct numbers "
            f"({f'1..{len(ids)} without gaps' if result['consecutive'] else 'NOT 1..n'}), "
            f"{result['codes_distinct']} distinct verification codes, "
            f"{result['hashes_ok']} stored files match their SHA-256, "
            f"{result['register_ok']} register lines with the notice's number, "
            f"{result['signatures_ok']} files with both signatures valid (the board's covering the file)"
        )
        for problem in result["problems"][:10]:
            print(f"  {problem}")
        ok = (
            not errors
            and result["issued"]
            == result["distinct"]
            == result["hashes_ok"]
            == result["signatures_ok"]
            == result["register_ok"]
            == len(ids)
            and result["consecutive"]
        )
        print("RESULT:", "all checks passed" if ok else "FAILED")
        sys.exit(0 if ok else 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if MEDIA and not args.keep:
            shutil.rmtree(MEDIA, ignore_errors=True)


if __name__ == "__main__":
    main()
