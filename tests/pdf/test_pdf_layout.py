"""Decree 30 layout details measured in the rendered PDFs: the title rule, long words, the year summary."""

from io import BytesIO

import pytest
from pdf_inspect import MM, line_of, phrase_box, rule_under, word_boxes
from pypdf import PdfReader

from inspections.exports import render_year_summary_pdf
from inspections.models import Criterion, Finding, Inspection, Notice, NoticeRecipient
from inspections.pdf import render_notice_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.real_pdf]

A4_WIDTH = 210 * MM
LEFT, RIGHT = 30 * MM, A4_WIDTH - 15 * MM
TOKEN = "Khôngcókhoảngtrắng" * 16  # 288 letters without a space, e.g. a pasted link


def all_boxes(data: bytes):
    return [box for page in range(len(PdfReader(BytesIO(data)).pages)) for box in word_boxes(data, page)]


def title_rule_share(data: bytes, title_start: str) -> float:
    """The rule under the title over the width of the title's first line."""
    line = line_of(word_boxes(data, 0), title_start)
    return rule_under(data, 0, line, within=80).width / (line[2] - line[0])


@pytest.mark.parametrize(
    ("title", "start"),
    [
        (None, "Kết quả kiểm tra"),  # 2880's own title, two lines
        ("Kết quả kiểm tra", "Kết quả kiểm tra"),  # one short line
        ("Kết quả kiểm tra công tác cải cách hành chính năm 2023 tại Văn phòng Ban", "Kết quả"),
    ],
)
def test_the_title_rule_is_a_third_to_a_half_of_the_title_first_line(seed_notice, title, start):
    notice = seed_notice(2880, numbered=False)
    if title:
        Notice.objects.filter(pk=notice.pk).update(title=title)
        notice.refresh_from_db()
    assert 1 / 3 <= title_rule_share(render_notice_pdf(notice), start) <= 1 / 2


def test_long_unbroken_words_wrap_inside_the_paper_in_title_and_recipients(seed_notice):
    notice = seed_notice(2819, numbered=False)
    Notice.objects.filter(pk=notice.pk).update(title=f"Kết quả {TOKEN}")
    NoticeRecipient.objects.create(notice=notice, position=0, text=TOKEN)
    notice.refresh_from_db()

    boxes = all_boxes(render_notice_pdf(notice))

    assert all(box[3] <= RIGHT + 1 for box in boxes)
    assert "".join(box[0] for box in boxes).count("Khôngcókhoảngtrắng") == 32  # nothing cut off


def test_the_year_summary_is_laid_out_as_a_notice_and_wraps_long_tokens(demo):
    finding = Finding.objects.filter(unit_check__inspection=demo.departments_round).first()
    Finding.objects.filter(pk=finding.pk).update(
        result=Finding.Result.SHORTCOMING, observation=f"Chưa niêm yết {TOKEN}.", due_on="2023-09-30"
    )
    Inspection.objects.filter(pk=demo.departments_round.pk).update(title=f"Đợt {TOKEN}")
    Criterion.objects.filter(pk=finding.criterion_id).update(name=TOKEN)

    data = render_year_summary_pdf(2023, demo.organization)

    boxes = all_boxes(data)
    first = word_boxes(data, 0)
    assert min(box[1] for box in boxes) == pytest.approx(LEFT, abs=1.5)  # the notices' margins
    assert all(box[3] <= RIGHT + 1 for box in boxes)
    assert min(box[2] for box in first) == pytest.approx(20 * MM, abs=2)
    assert "".join(box[0] for box in boxes).count("Khôngcókhoảngtrắng") >= 16 * 3
    # Decree 30's header and title: the Quốc hiệu in the right column, "BÁO CÁO" over the title.
    assert phrase_box(first, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")[0] > LEFT + 60 * MM
    kind = phrase_box(first, "BÁO CÁO")
    title = line_of(first, "Tổng hợp kết quả")
    assert (kind[0] + kind[2]) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=2)
    assert (title[0] + title[2]) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=2)
    assert title[1] > kind[1]
    assert 1 / 3 <= title_rule_share(data, "Tổng hợp kết quả") <= 1 / 2
