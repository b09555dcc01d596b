"""The minutes of a check at one unit (Biên bản kiểm tra, Phụ lục III Mẫu 1.9), composed from the
visit's records and printed for wet signatures by the head of the team and the unit."""

from datetime import date

import pytest
from django.urls import reverse

from inspections.importing.roundtrip import pdf_text
from inspections.layout import notice_document
from inspections.models import Finding
from inspections.views.minutes import _unsaved_minutes

pytestmark = pytest.mark.django_db


def minutes_document(visit):
    """The biên bản of `visit` as printed on site before it is drafted (views/minutes.py)."""
    notice, items = _unsaved_minutes(visit)
    return notice_document(notice, items=items, on_site=True)


def words(text: str) -> str:
    return " ".join(text.split())


def test_the_minutes_say_who_where_what_and_leave_the_hours_to_the_pen(records, make_finding):
    make_finding(records.discipline, result=Finding.Result.COMPLIANT, observation="Chấp hành tốt giờ giấc.")
    make_finding(
        records.posting,
        result=Finding.Result.SHORTCOMING,
        observation="Chưa niêm yết Bản cam kết.",
        recommendation="Niêm yết tại nơi làm việc.",
        due_on=date(2023, 7, 6),
    )
    records.visit.attendees = "Ông Nguyễn Văn A, Trưởng phòng\nBà Trần Thị B, chuyên viên"
    records.visit.save()
    doc = minutes_document(records.visit)

    assert (doc["kind"], doc["title"]) == (
        "BIÊN BẢN",
        "Kiểm tra công tác cải cách hành chính tại Phòng Quản lý Đầu tư",
    )
    assert doc["reference"].endswith("/BB-BQL") and doc["place_date"] == "Hải Phòng, ngày 06 tháng 6 năm 2023"
    text = doc["paragraphs"]
    assert text[0] == "Thời gian bắt đầu: vào hồi ………… giờ ………… ngày 06/6/2023."
    assert text[1] == "Địa điểm: tại Phòng Quản lý Đầu tư, Ban Quản lý Khu kinh tế Hải Phòng."
    assert (
        "1. Đoàn kiểm tra của Ban Quản lý Khu kinh tế Hải Phòng theo Kế hoạch số 810/KH-BQL ngày 02/3/2023:"
        in text
    )
    assert "- Ông Nguyễn Văn A, Trưởng phòng" in text and "- Bà Trần Thị B, chuyên viên" in text
    assert "1. Kỷ luật, kỷ cương công vụ: Đạt. Chấp hành tốt giờ giấc." in text
    assert (
        "2. Niêm yết Bản cam kết chống phiền hà sách nhiễu: Có tồn tại, hạn chế. Chưa niêm yết Bản cam kết. "
        "Kiến nghị: Niêm yết tại nơi làm việc. Thời hạn khắc phục: trước ngày 06/7/2023."
    ) in text
    assert text[-1] == (
        "Kết luận: Phòng Quản lý Đầu tư đạt 01/02 nội dung kiểm tra; còn 01 nội dung có tồn tại, "
        "hạn chế phải khắc phục theo thời hạn nêu trên."
    )
    assert doc["last_paragraph"].startswith("Biên bản kết thúc vào hồi ………… giờ ………… ngày 06/6/2023")
    assert doc["counterpart"]["titles"] == ["ĐẠI DIỆN PHÒNG QUẢN LÝ ĐẦU TƯ"]
    assert doc["signing_titles"] == ["TRƯỞNG ĐOÀN KIỂM TRA"] and not doc["recipients"]


def test_a_criterion_not_yet_entered_is_a_line_to_fill_and_no_conclusion_is_drawn(records, make_finding):
    make_finding(records.discipline, result=Finding.Result.COMPLIANT, observation="Chấp hành tốt.")
    doc = minutes_document(records.visit)
    assert "2. Niêm yết Bản cam kết chống phiền hà sách nhiễu: " + "…" * 8 in doc["paragraphs"]
    assert doc["paragraphs"][-1] == "Kết luận: " + "…" * 16


@pytest.mark.real_pdf
def test_the_printed_minutes_read_as_the_form_in_the_demo(client, demo, inspector):
    unit_check = demo.departments_round.unit_checks.select_related("unit").order_by("pk").first()
    client.force_login(inspector)
    page = client.get(unit_check.get_absolute_url()).content.decode()
    url = reverse("inspections:unitcheck-minutes", args=[unit_check.pk])
    assert url in page and "In biên bản để ký (PDF)" in page
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="bien-ban-' in response["Content-Disposition"]
    text = words(pdf_text(response.content))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "/BB-BQL",
        "BIÊN BẢN",
        f"Kiểm tra công tác cải cách hành chính tại {unit_check.unit.name}",
        "Thành phần tham dự:",
        "Nội dung: Đoàn kiểm tra đã kiểm tra",
        "Kết luận:",
        "Biên bản kết thúc vào hồi",
        f"ĐẠI DIỆN {unit_check.unit.name.upper()}",
        "TRƯỞNG ĐOÀN KIỂM TRA",
    ):
        assert expected in text, expected
    assert "DỰ THẢO" not in text
