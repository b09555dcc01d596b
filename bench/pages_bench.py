#!/usr/bin/env python
"""Server-side time (median of N) and query count of pages, on the data already in DATABASE_URL.

Runs the whole Django stack in-process with the test Client (middleware, views, templates;
no network), logged in as --user (default: the demo admin `quantri`, who may see everything).
Run bench/generate_data.py first on the same database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/insp_bench .venv/bin/python bench/pages_bench.py
"""

import argparse
import os
import statistics
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

from units.models import User  # noqa: E402

# The pages to measure: (label, URL name, function returning the path parameters). Add a line
# per page as pages land; parameters may query the generated data, e.g.
#   ("notice (issued)", "inspections:notice-detail", lambda: {"pk": Notice.objects.issued().last().pk}),
PAGES = [
    ("home", "home", lambda: {}),
]


def measure(client, url, runs):
    client.get(url)  # warm-up: template loading, first connection
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured.captured_queries)  # read now: the log is the connection's
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return response.status_code, statistics.median(times), max(times), queries, len(response.content)


def main():
    parser = argparse.ArgumentParser(description="Server-side time and query count of pages.")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--user", default="quantri")
    args = parser.parse_args()

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
    print(f"database: {connection.vendor}, user: {args.user}, median of {args.runs} runs")
    print(f"{'page':<28} {'status':>6} {'median ms':>10} {'max ms':>8} {'queries':>8} {'KB':>7}")
    for label, name, kwargs in PAGES:
        url = reverse(name, kwargs=kwargs())
        status, median, worst, queries, size = measure(client, url, args.runs)
        print(f"{label:<28} {status:>6} {median:>10.1f} {worst:>8.1f} {queries:>8} {size / 1024:>7.1f}")


if __name__ == "__main__":
    main()
