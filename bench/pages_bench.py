#!/usr/bin/env python
"""Server-side time (median of N) and query count of every list and detail page.

Runs the whole Django stack in-process with the test Client (middleware, views, templates;
no network), logged in as --user (default `bench.tatca`, created by bench/generate_data.py:
a member of every role group, not a superuser, so every permission check runs). Run
bench/generate_data.py first on the same database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/insp_bench MEDIA_ROOT=/tmp/bench-media \\
        .venv/bin/python bench/pages_bench.py

To show that query counts do not grow with the data, generate a second, smaller database
(`generate_data.py --years 1`) and pass it with --compare: the script measures that one too
(in a child process) and prints both counts side by side, flagging any page whose count differs.

    ... bench/pages_bench.py --compare postgres://postgres@127.0.0.1:5432/insp_bench_small \\
        --compare-media /tmp/bench-media-small
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from inspections.models import Finding, Inspection, InspectionPlan, Notice  # noqa: E402
from units.models import Unit, User  # noqa: E402

TARGET_MS = 50


def latest_plan():
    return InspectionPlan.objects.filter(title__startswith="[bench]").order_by("-year").first()


def latest_round():
    return Inspection.objects.filter(plan=latest_plan()).order_by("-starts_on", "-pk").first()


def issued_notice():
    return Notice.objects.issued().filter(inspection=latest_round()).order_by("pk").first()


def reported_shortcoming():
    return (
        Finding.objects.filter(followup__status="reported", unit_check__inspection__plan=latest_plan())
        .order_by("pk")
        .first()
    )


def office():
    return Unit.objects.get(name="Văn phòng")


# (label, URL name, path parameters, query string). The same objects exist at every data size
# (the newest generated year, the Office), so two databases compare page for page.
PAGES = [
    ("home (dashboard)", "home", lambda: {}, ""),
    ("dashboard", "inspections:dashboard", lambda: {}, ""),
    ("plan list", "inspections:plan-list", lambda: {}, ""),
    ("plan detail", "inspections:plan-detail", lambda: {"pk": latest_plan().pk}, ""),
    ("round list", "inspections:inspection-list", lambda: {}, ""),
    ("round detail (grid)", "inspections:inspection-detail", lambda: {"pk": latest_round().pk}, ""),
    (
        "visit",
        "inspections:unitcheck-detail",
        lambda: {"pk": latest_round().unit_checks.order_by("pk").first().pk},
        "",
    ),
    ("search 'hồ sơ'", "inspections:search", lambda: {}, "q=h%E1%BB%93+s%C6%A1"),
    ("notice list", "inspections:notice-list", lambda: {}, ""),
    ("notice detail (issued)", "inspections:notice-detail", lambda: {"pk": issued_notice().pk}, ""),
    ("notice register", "inspections:notice-register", lambda: {}, ""),
    ("register export, all (xlsx)", "inspections:notice-register-export", lambda: {}, ""),
    ("register export, 1 year", "inspections:notice-register-export", lambda: {}, "year=2022"),
    ("follow-up list", "inspections:followup-list", lambda: {}, ""),
    ("follow-up detail", "inspections:followup-detail", lambda: {"pk": reported_shortcoming().pk}, ""),
    ("unit history (Office)", "inspections:unit-history", lambda: {"pk": office().pk}, ""),
    ("notifications", "inspections:notification-list", lambda: {}, ""),
    ("carry-over", "inspections:inspection-carryover", lambda: {"pk": latest_round().pk}, ""),
    ("issued PDF download", "inspections:notice-pdf", lambda: {"pk": issued_notice().pk}, "download=1"),
]


def fetch(client, url):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def measure(client, url, runs):
    fetch(client, url)  # warm-up: template loading, first connection
    with CaptureQueriesContext(connection) as captured:
        response, body = fetch(client, url)
    queries = len(captured.captured_queries)  # read now: the log is the connection's
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fetch(client, url)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "status": response.status_code,
        "median": statistics.median(times),
        "max": max(times),
        "queries": queries,
        "kb": len(body) / 1024,
    }


def measure_all(args) -> dict:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # As in the tests: {% static %} without collectstatic.
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }
    # Keep one connection for the run, as persistent connections (CONN_MAX_AGE) do in production
    # and as Django's test runner does: otherwise every request reconnects and the query log is lost.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    client = Client()
    client.force_login(User.objects.get(username=args.user))
    results = {}
    for label, name, kwargs, query in PAGES:
        if args.only and args.only.lower() not in label.lower():
            continue
        url = reverse(name, kwargs=kwargs()) + (f"?{query}" if query else "")
        results[label] = measure(client, url, args.runs) | {"url": url}
    return results


def data_size() -> str:
    return (
        f"{Finding.objects.count():,} findings, {Notice.objects.count():,} notices "
        f"({Notice.objects.issued().count():,} issued)"
    )


def main():
    parser = argparse.ArgumentParser(description="Server-side time and query count of pages.")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--user", default="bench.tatca")
    parser.add_argument("--only", help="measure only pages whose label contains this")
    parser.add_argument("--compare", metavar="DATABASE_URL", help="a second (smaller) database")
    parser.add_argument("--compare-media", metavar="MEDIA_ROOT", help="its media folder")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # child process output
    args = parser.parse_args()

    if args.json:
        print(json.dumps({"size": data_size(), "pages": measure_all(args)}))
        return

    other = None
    if args.compare:
        env = os.environ | {"DATABASE_URL": args.compare}
        if args.compare_media:
            env["MEDIA_ROOT"] = args.compare_media
        command = [sys.executable, __file__, "--json", "--runs", "3", "--user", args.user]
        if args.only:
            command += ["--only", args.only]
        other = json.loads(
            subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
        )

    print(f"database: {connection.vendor}, user: {args.user}, median of {args.runs} runs")
    print(f"data: {data_size()}")
    if other:
        print(f"compared with: {other['size']}")
    results = measure_all(args)
    header = f"{'page':<28} {'status':>6} {'median ms':>10} {'max ms':>8} {'queries':>8} {'KB':>7}"
    print(header + ("  queries (small)  same?" if other else "") + "  target")
    for label, r in results.items():
        line = f"{label:<28} {r['status']:>6} {r['median']:>10.1f} {r['max']:>8.1f} {r['queries']:>8}"
        line += f" {r['kb']:>7.1f}"
        if other:
            small = other["pages"][label]["queries"]
            line += f"  {small:>15}  {'yes' if small == r['queries'] else 'NO':>5}"
        line += "  met" if r["median"] < TARGET_MS and r["status"] == 200 else "  MISSED"
        print(line)


if __name__ == "__main__":
    main()
