"""Clerks issuing documents of different kinds at the same moment never share a number of the
one series (issue 13): a plan, a decision, a schedule notice and a biên bản are numbered like
notices, one after the other, on SQLite and PostgreSQL alike.

Each thread opens its own connection, as a web request would (`run_in_threads` in
tests/conftest.py).
"""

from datetime import date

import pytest

from inspections.models import Notice, RegisterEntry
from inspections.models.register import DocumentKind
from inspections.services.issuing import NumberTaken, issue_notice

pytestmark = pytest.mark.django_db(transaction=True)
JUNE_14 = date(2023, 6, 14)


def test_four_kinds_issued_at_once_take_four_numbers_of_the_one_series(make_document, clerk, run_in_threads):
    documents = [make_document(kind, "approved") for kind in ("plan", "decision", "schedule", "minutes")]

    def issuer(document):
        return lambda: issue_notice(document, by=clerk).reference

    references = run_in_threads([issuer(document) for document in documents])
    assert all(isinstance(reference, str) for reference in references), references
    assert sorted(int(reference.split("/")[0]) for reference in references) == [1, 2, 3, 4]

    def lines():
        return sorted(RegisterEntry.objects.values_list("number", "symbol"))

    (stored,) = run_in_threads([lines])
    assert [number for number, _ in stored] == [1, 2, 3, 4]
    assert {symbol for _, symbol in stored} == {"KH-BQL", "QĐ-BQL", "TB-BQL", "BB-BQL"}


def test_a_plan_and_a_notice_typed_with_the_same_number_one_wins_and_the_other_is_told(
    make_document, clerk, run_in_threads
):
    plan_document = make_document("plan", "approved", issued_on=JUNE_14)
    notice = make_document("results", "approved", issued_on=JUNE_14)
    outcomes = run_in_threads(
        [
            lambda: issue_notice(plan_document, by=clerk, number=2880, issued_on=JUNE_14),
            lambda: issue_notice(notice, by=clerk, number=2880, issued_on=JUNE_14),
        ]
    )
    winners = [outcome for outcome in outcomes if isinstance(outcome, Notice)]
    losers = [outcome for outcome in outcomes if isinstance(outcome, NumberTaken)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    winner = winners[0]
    held_by = f"{DocumentKind(winner.spec.register_kind).label} {winner.reference} ngày 14/6/2023"
    assert f"đã được dùng ({held_by}, dãy số chung mọi loại văn bản)" in str(losers[0])

    def rows():
        return list(Notice.objects.order_by("pk").values_list("kind", "status", "number", "pdf"))

    (stored,) = run_in_threads([rows])
    assert sorted(row[1] for row in stored) == ["approved", "issued"]
    # Nothing half-issued: the loser has neither number nor PDF, and the register one line.
    assert [row[2:] for row in stored if row[1] == "approved"] == [(None, "")]
    (count,) = run_in_threads([lambda: RegisterEntry.objects.filter(year=2023, number=2880).count()])
    assert count == 1
