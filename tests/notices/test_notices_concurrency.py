"""Two or four clerks issuing at the same moment never get the same number.

Runs on whichever database the suite runs on (SQLite by default, PostgreSQL with
DATABASE_URL). Each thread opens its own connection, as two web requests would.
pytest-django's SQLite test database lives in memory (shared cache), where SQLite
locks tables without waiting; the fixture below therefore copies it, with its schema,
triggers and rows, to a file and points the threads' connections at that file, so the
test exercises the real settings (IMMEDIATE transactions, WAL, busy timeout).
"""

import sqlite3
import threading

import pytest
from django.db import connection, connections

from inspections.models import Notice
from inspections.services.issuing import NumberTaken, issue_notice

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def run_in_threads(tmp_path, monkeypatch):
    """run_in_threads([f, g, …]) runs the callables at the same moment, each on its own connection."""

    def run(functions):
        settings_dict = connection.settings_dict
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            path = tmp_path / "threads.sqlite3"
            connection.ensure_connection()
            with sqlite3.connect(path) as target:
                connection.connection.backup(target)
            monkeypatch.setitem(settings_dict, "NAME", str(path))
        barrier = threading.Barrier(len(functions))
        results = [None] * len(functions)

        def work(index, function):
            try:
                barrier.wait()
                results[index] = function()
            except Exception as error:  # noqa: BLE001 - the test inspects what each clerk got
                results[index] = error
            finally:
                connections.close_all()

        threads = [threading.Thread(target=work, args=pair) for pair in enumerate(functions)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        return results

    return run


def test_four_clerks_accepting_the_suggestion_get_four_distinct_numbers(make_notice, clerk, run_in_threads):
    notices = [make_notice("approved") for _ in range(4)]

    def issuer(notice):
        return lambda: issue_notice(notice, by=clerk).number

    numbers = run_in_threads([issuer(notice) for notice in notices])
    assert sorted(numbers) == [1, 2, 3, 4], numbers
    stored = run_in_threads(
        [lambda: sorted(Notice.objects.filter(status="issued").values_list("number", flat=True))]
    )
    assert stored == [[1, 2, 3, 4]]


def test_two_clerks_typing_the_same_number_one_wins_and_the_other_is_told(make_notice, clerk, run_in_threads):
    first, second = make_notice("approved"), make_notice("approved")
    outcomes = run_in_threads(
        [
            lambda: issue_notice(first, by=clerk, number=2880),
            lambda: issue_notice(second, by=clerk, number=2880),
        ]
    )
    winners = [o for o in outcomes if isinstance(o, Notice)]
    losers = [o for o in outcomes if isinstance(o, NumberTaken)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert "Số 2880/TB-BQL" in str(losers[0])

    def rows():
        return list(Notice.objects.order_by("pk").values_list("status", "number", "pdf_sha256"))

    (stored,) = run_in_threads([rows])
    issued = [row for row in stored if row[0] == "issued"]
    approved = [row for row in stored if row[0] == "approved"]
    assert [row[1] for row in issued] == [2880]
    # Nothing half-issued: the loser has no number and no PDF.
    assert approved == [("approved", None, "")]


def test_a_clerk_issues_while_another_s_notice_renders(make_notice, clerk, run_in_threads, monkeypatch):
    """The render holds no lock another clerk needs: not the organisation row (PostgreSQL),
    not SQLite's write lock, not a queue in the process."""
    slow, quick = make_notice("approved"), make_notice("approved")
    seen = {}

    def other_clerk():
        try:
            seen["quick"] = issue_notice(quick, by=clerk, number=7).number
        finally:
            connections.close_all()

    def render(notice):
        if notice.pk == slow.pk:
            thread = threading.Thread(target=other_clerk)
            thread.start()
            thread.join(timeout=15)  # the busy timeout is 20 s: a waiting clerk would still wait
            seen["done_during_render"] = not thread.is_alive()
        return b"%PDF-1.7 stub"

    monkeypatch.setattr("inspections.services.signing.seal_notice", render)
    (number,) = run_in_threads([lambda: issue_notice(slow, by=clerk).number])
    assert seen == {"quick": 7, "done_during_render": True}
    assert number == 1  # still free: the other clerk typed 7
