"""What the print template receives: composed text, escaped markup, Decree 30 wording."""

import unicodedata

import pytest
from django.template.loader import render_to_string

from inspections.models import NoticeRecipient
from inspections.pdf import notice_document

pytestmark = pytest.mark.django_db


def test_document_text_is_composed_and_numbered(seed_notice):
    notice = seed_notice(2819)
    notice.title = unicodedata.normalize("NFD", "Kết quả kiểm tra")
    document = notice_document(notice)
    assert document["title"] == "Kết quả kiểm tra"
    assert document["paragraphs"][2].startswith("1. Ban Quản lý Khu kinh tế Hải Phòng đánh giá cao")
    assert document["last_paragraph"].endswith("ngày một tốt hơn./.")
    assert document["place_date"] == "Hải Phòng, ngày 14 tháng 6 năm 2023"
    assert document["signing_titles"] == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
    assert document["recipients"] == [
        "- Lãnh đạo Ban (để báo cáo);",
        "- Trường Trung cấp KKT;",
        "- Trung tâm XTĐT&DVVL KKT;",
        "- Lưu: VP/BQL.",
    ]


def test_a_draft_has_blank_day_and_month_and_no_number(seed_notice):
    document = notice_document(seed_notice(2880, numbered=False))
    assert document["draft"] is True
    assert document["reference"] == "…/TB-BQL"
    assert "ngày\u00a0" in document["place_date"] and "14" not in document["place_date"]


def test_the_archive_line_is_added_when_missing(seed_notice):
    notice = seed_notice(2819, numbered=False)
    NoticeRecipient.objects.filter(notice=notice, text__startswith="Lưu").delete()
    assert notice_document(notice)["recipients"][-1] == "- Lưu: VT, VP."


def test_markup_in_the_text_is_escaped(seed_notice):
    notice = seed_notice(2880, numbered=False)
    notice.title = "<script>alert(1)</script>"
    html = render_to_string("inspections/pdf/notice.html", {"doc": notice_document(notice)})
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
