#!/usr/bin/env python
"""Clerks pressing *Cấp số và ban hành* with the number left as suggested (issue 17).

CLERKS clerk threads (each with its own database connection and logged-in test Client, as web
workers would be) take NOTICES approved notices from a shared queue; for each one a clerk opens
the issue page, reads the suggested number and presses the button without changing it. It
runs twice on one fresh database: first posting the number as a typed one (what the page did
before issue 17), then as the accepted suggestion (the page now: the next free number is taken
when the button is pressed). It prints the refusals ("number taken", 400) of each round and
checks the register afterwards: every issued notice has its register line, numbers distinct.

Needs an EMPTY database (it migrates it and loads the demo's 2023 records first):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/insp_register .venv/bin/python bench/register_bench.py
    DATABASE_URL=sqlite:////tmp/register.sqlite3 .venv/bin/python bench/register_bench.py
"""

import argparse
import os
import queue
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import issue_load  # noqa: E402  (sets up Django, the media folder and the demo's signing keys)
from django.conf import settings  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from inspections.models import Notice, RegisterEntry  # noqa: E402


def press_all(ids, clerks, *, as_suggestion: bool) -> tuple[dict, float]:
    todo: queue.Queue[int] = queue.Queue()
    for pk in ids:
        todo.put(pk)
    counts = {"issued": 0, "refused": 0, "other": 0}
    lock = threading.Lock()
    start = threading.Barrier(len(clerks) + 1)

    def clerk_work(clerk):
        client = Client()
        client.force_login(clerk)
        start.wait()
        try:
            while True:
                try:
                    pk = todo.get_nowait()
                except queue.Empty:
                    return
                url = reverse("inspections:notice-issue", args=[pk])
                suggested = client.get(url).context["suggested"]
                data = {"number": suggested, "issued_on": timezone.localdate().isoformat()}
                if as_suggestion:
                    data["suggested"] = suggested
                status = client.post(url, data).status_code
                with lock:
                    key = {302: "issued", 400: "refused"}.get(status, "other")
                    counts[key] += 1
                    if status == 400:
                        todo.put(pk)  # the clerk reads the new suggestion and presses again
        finally:
            connections.close_all()

    threads = [threading.Thread(target=clerk_work, args=(clerk,)) for clerk in clerks]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return counts, time.perf_counter() - began


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=16)
    parser.add_argument("--clerks", type=int, default=8)
    args = parser.parse_args()
    setup_test_environment()  # the test Client keeps each response's template context
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }
    work = Path(issue_load.tempfile.mkdtemp(prefix="register-bench-"))
    cert = work / "signing.p12"
    issue_load.make_signing_cert(
        cert,
        issue_load.CERT_PASSWORD,
        "Ban Quản lý Khu kinh tế Hải Phòng",
        not_before=issue_load.DEMO_VALID_FROM,
    )
    settings.SIGNING_P12, settings.SIGNING_P12_PASSWORD = str(cert), issue_load.CERT_PASSWORD
    ids, clerks = issue_load.prepare(2 * args.notices, args.clerks)
    print(f"database: {connection.vendor}; {args.clerks} clerks, {args.notices} notices a round")
    ok = True
    for as_suggestion, round_ids in ((False, ids[: args.notices]), (True, ids[args.notices :])):
        load = os.getloadavg()[0]
        counts, seconds = press_all(round_ids, clerks, as_suggestion=as_suggestion)
        label = "accepted suggestion (now)" if as_suggestion else "number posted as typed (before)"
        print(
            f"{label}: {counts['issued']} issued, {counts['refused']} 'number taken' refusals, "
            f"{counts['other']} other answers, {seconds:.1f} s, load {load:.2f}"
        )
        ok = ok and counts["other"] == 0 and (counts["refused"] == 0 or not as_suggestion)
    issued = list(Notice.objects.issued().values_list("pk", "number"))
    lines = dict(RegisterEntry.objects.filter(notice__isnull=False).values_list("notice_id", "number"))
    whole = all(lines.get(pk) == number for pk, number in issued) and len({n for _, n in issued}) == len(
        issued
    )
    print(f"register: {len(issued)} issued notices, {len(lines)} register lines, numbers distinct: {whole}")
    ok = ok and whole and len(issued) == 2 * args.notices
    print("RESULT:", "all checks passed" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
