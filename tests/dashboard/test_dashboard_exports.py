import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from inspections.models import Notice

pytestmark = pytest.mark.django_db


def workbook_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_round_findings_grid_has_a_row_per_unit_and_a_column_per_criterion(
    client, leader, demo, shortcomings
):
    client.force_login(leader)
    rows = workbook_rows(
        client.get(reverse("inspections:inspection-findings-xlsx", args=[demo.departments_round.pk]))
    )
    assert rows[0] == [
        "Phòng, đơn vị",
        "Ngày kiểm tra",
        "Kỷ luật, kỷ cương công vụ, quy chế làm việc",
        "Công tác chỉ đạo, điều hành cải cách hành chính",
        "Chức năng, nhiệm vụ, tổ chức bộ máy, phân công công việc",
        "Kiểm soát thủ tục hành chính và áp dụng ISO 9001:2015",
        "Niêm yết Bản cam kết chống phiền hà sách nhiễu",
    ]
    assert len(rows) == 1 + 9
    office = rows[1]
    assert office[0] == "Văn phòng"
    assert office[1].date() == date(2023, 6, 6)
    assert office[2] == "Có tồn tại, hạn chế: Chưa cập nhật quy chế làm việc năm 2023."
    assert office[3:] == ["Đạt"] * 4
    assert [row[0] for row in rows[1:]][-1] == "Phòng Tổ chức cán bộ"


def test_open_shortcomings_export_follows_the_filters(client, leader, unit_named, shortcomings):
    client.force_login(leader)
    rows = workbook_rows(client.get(reverse("inspections:shortcomings-xlsx")))
    assert rows[0] == [
        "Năm",
        "Đợt kiểm tra",
        "Phòng, đơn vị",
        "Nội dung kiểm tra",
        "Tồn tại, hạn chế",
        "Kiến nghị",
        "Hạn khắc phục",
        "Trạng thái khắc phục",
        "Quá hạn",
    ]
    assert len(rows) == 4
    office = next(row for row in rows if row[2] == "Văn phòng")
    assert office[0] == 2023 and office[6].date() == date(2023, 9, 30)
    assert office[7] == "Chưa khắc phục" and office[8] == "Quá hạn"
    only_office = workbook_rows(
        client.get(reverse("inspections:shortcomings-xlsx"), {"unit": unit_named("Văn phòng").pk})
    )
    assert [row[2] for row in only_office[1:]] == ["Văn phòng"]


def test_notice_register_lists_issued_notices_only(client, clerk, demo, make_notice, issue_directly, leader):
    make_notice(Notice.Status.APPROVED, title="Chưa ban hành")
    issue_directly(
        make_notice(
            Notice.Status.APPROVED,
            title="Kết quả kiểm tra công tác cải cách hành chính tại các phòng chuyên môn",
            signer=leader,
        ),
        number=2880,
        issued_on=date(2023, 6, 14),
        recipients=["Các phòng chuyên môn", "Lưu: VT, VP."],
    )
    client.force_login(clerk)
    rows = workbook_rows(client.get(reverse("inspections:notice-register-export"), {"year": 2023}))
    assert rows[0][:7] == [
        "Số",
        "Ký hiệu",
        "Ngày ban hành",
        "Trích yếu",
        "Người ký",
        "Nơi nhận",
        "Đợt kiểm tra",
    ]
    assert rows[0][7:] == ["Loại văn bản", "Vào sổ"]
    assert len(rows) == 2
    number, symbol, issued_on, title, signer, recipients, round_title, kind, source = rows[1]
    assert (kind, source) == ("Thông báo (TB)", "Ban hành trong ứng dụng")
    assert (number, symbol, issued_on.date()) == (2880, "TB-BQL", date(2023, 6, 14))
    assert title.startswith("Kết quả kiểm tra") and signer == "Bùi Ngọc Hải"
    assert recipients == "- Các phòng chuyên môn\n- Lưu: VT, VP."
    assert round_title == demo.departments_round.title
    assert len(workbook_rows(client.get(reverse("inspections:notice-register-export"), {"year": 2024}))) == 1


def test_exports_need_the_right_to_read(client, outsider, demo):
    client.force_login(outsider)
    assert (
        client.get(
            reverse("inspections:inspection-findings-xlsx", args=[demo.departments_round.pk])
        ).status_code
        == 403
    )
    assert client.get(reverse("inspections:notice-register-export")).status_code == 403
    assert client.get(reverse("inspections:year-summary-pdf", args=[2023])).status_code == 403


@pytest.mark.real_pdf
def test_year_summary_pdf_renders_with_title_tables_and_the_embedded_font(client, leader, demo, shortcomings):
    from pypdf import PdfReader

    client.force_login(leader)
    response = client.get(reverse("inspections:year-summary-pdf", args=[2023]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "BÁO CÁO Tổng hợp kết quả kiểm tra cải cách hành chính năm 2023" in text
    assert "UBND THÀNH PHỐ HẢI PHÒNG" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Chưa cập nhật quy chế làm việc năm 2023." in text
    assert "phát hiện 3 tồn tại, hạn chế" in text
    page = reader.pages[0]
    assert [round(float(v)) for v in page.mediabox[2:]] == [595, 842]  # A4 in points
    fonts = {str(f["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert any("Liberation-Serif" in name for name in fonts)
