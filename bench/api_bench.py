#!/usr/bin/env python
"""Server-side time (median of N) and query count of every API list endpoint (issue 14).

Same method as bench/pages_bench.py: the whole stack in-process with the test Client, here
with a personal token of `bench.tatca` (Authorization: Bearer), a member of every role group,
so every permission check runs. Run bench/generate_data.py first on the same database; pass
a second, smaller one with --compare to show that query counts do not grow with the data.

    DATABASE_URL=sqlite:////tmp/api-big.sqlite3 .venv/bin/python bench/api_bench.py \\
        --compare sqlite:////tmp/api-small.sqlite3
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

from inspections.models import Finding, Notice  # noqa: E402
from inspections.services.api_tokens import create_token  # noqa: E402
from units.models import User  # noqa: E402

TARGET_MS = 50

# (label, URL name, query string): the lists, first page (50 rows), and the filters people use.
LISTS = [
    ("units", "api:unit-list", ""),
    ("plans (bases, criteria)", "api:plan-list", ""),
    ("rounds", "api:inspection-list", ""),
    ("visits", "api:unitcheck-list", ""),
    ("findings", "api:finding-list", ""),
    ("findings, 2022 overdue", "api:finding-list", "year=2022&overdue=true"),
    ("findings, text 'ho so'", "api:finding-list", "q=ho+so"),
    ("follow-ups", "api:followup-list", ""),
    ("notices", "api:notice-list", ""),
    ("notices, issued", "api:notice-list", "status=issued"),
    ("register", "api:notice-register", ""),
    ("register 2022", "api:notice-register", "year=2022"),
]


def measure(client, url, runs):
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured.captured_queries)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    rows = len(response.json().get("results", [])) if response.status_code == 200 else 0
    return {
        "status": response.status_code,
        "median": statistics.median(times),
        "queries": queries,
        "rows": rows,
    }


def measure_all(args) -> dict:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.API_REQUESTS_PER_MINUTE = 1_000_000  # the bench is one token asking fast on purpose
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    user = User.objects.get(username=args.user)
    _, key = create_token(user, name="bench", by=user)
    client = Client(headers={"Authorization": f"Bearer {key}"})
    return {
        label: measure(client, reverse(name) + (f"?{q}" if q else ""), args.runs) for label, name, q in LISTS
    }


def data_size() -> str:
    return f"{Finding.objects.count():,} findings, {Notice.objects.count():,} notices"


def main():
    parser = argparse.ArgumentParser(description="Server-side time and query count of API lists.")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--user", default="bench.tatca")
    parser.add_argument("--compare", metavar="DATABASE_URL", help="a second (smaller) database")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.json:
        print(json.dumps({"size": data_size(), "lists": measure_all(args)}))
        return
    other = None
    if args.compare:
        env = os.environ | {"DATABASE_URL": args.compare}
        command = [sys.executable, __file__, "--json", "--runs", "3", "--user", args.user]
        other = json.loads(
            subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
        )
    print(f"database: {connection.vendor}, median of {args.runs} runs; data: {data_size()}")
    if other:
        print(f"compared with: {other['size']}")
    print(
        f"{'list':<26} {'status':>6} {'rows':>5} {'median ms':>10} {'queries':>8}"
        + ("  (small)  same?" if other else "")
    )
    for label, r in measure_all(args).items():
        line = f"{label:<26} {r['status']:>6} {r['rows']:>5} {r['median']:>10.1f} {r['queries']:>8}"
        if other:
            small = other["lists"][label]["queries"]
            line += f"  {small:>7}  {'yes' if small == r['queries'] else 'NO':>5}"
        print(line + ("  met" if r["median"] < TARGET_MS and r["status"] == 200 else "  MISSED"))


if __name__ == "__main__":
    main()
