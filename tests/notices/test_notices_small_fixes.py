"""Smaller items of issue 19: the title hint tells how the title prints, and a signing time is
shown as a Vietnamese date and time, not raw ISO 8601."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template

from inspections.forms.notices import NoticeForm
from inspections.layout import notice_document

pytestmark = pytest.mark.django_db


def test_the_title_hint_says_what_the_print_does(make_notice):
    notice = make_notice("draft")
    hint = str(NoticeForm(instance=notice).fields["title"].help_text)
    assert "tự viết hoa" not in hint and "in đậm" in hint
    assert notice_document(notice)["title"] == notice.title  # printed as typed, sentence case


def test_a_signing_time_reads_as_a_vietnamese_date_and_time():
    class Check:
        ok = True
        signed_at = datetime(2023, 6, 14, 2, 5, 9, tzinfo=UTC)
        timestamp = None

    html = Template('{% include "inspections/_signature_checks.html" %}').render(
        Context({"checks": [Check()]})
    )
    assert "09:05:09 ngày 14/6/2023 (giờ Việt Nam)" in html
    assert "2023-06-14T" not in html
