"""Round trip: import each seed, render its PDF, and find every sentence of the seed's body in order.

The figure (found/total) is printed and written to docs/import-roundtrip.md by
bench/import_roundtrip.py; here it must be 100 %.
"""

import pytest

from inspections.importing.roundtrip import matched_in_order, pdf_text, seed_body, sentences
from inspections.pdf import render_notice_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.real_pdf]


@pytest.mark.parametrize(("seed", "reference"), [("seed_000", "2880/TB-BQL"), ("seed_001", "2819/TB-BQL")])
def test_every_seed_sentence_survives_import_and_pdf(board, import_file, seed, reference, request):
    data = request.getfixturevalue(seed)
    notice = import_file(data).notice
    assert notice.reference == reference
    text = pdf_text(render_notice_pdf(notice))
    wanted = sentences(seed_body(data.decode("utf-8")))
    found, missing = matched_in_order(wanted, text)
    print(f"{reference}: {found}/{len(wanted)} sentences found in order")
    assert len(wanted) > 10  # the body really was split into sentences
    assert missing == []


def test_the_measure_notices_a_lost_sentence(seed_001):
    """The measure itself can fail: drop one item's sentence from the 'PDF' text."""
    body = seed_body(seed_001.decode("utf-8"))
    wanted = sentences(body)
    damaged = body.replace(wanted[5], "")
    found, missing = matched_in_order(wanted, damaged)
    assert (found, missing) == (len(wanted) - 1, [wanted[5]])
