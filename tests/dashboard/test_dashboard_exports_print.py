"""The Excel exports print well (issues 15 and 20): Times New Roman, bold wrapped headers,
landscape A4 one page wide with the header repeated, frozen panes, and rows tall enough for
their wrapped text; checked in the file and in LibreOffice's own rendering of it."""

import io
from datetime import date

import pytest
from django.urls import reverse
from office_pdf import convert_to_pdf, pdf_fonts, pdf_pages
from openpyxl import load_workbook

from inspections.models import Finding, UnitCheck
from units.models import Unit

pytestmark = pytest.mark.django_db
EXTRA_UNITS = 16
NUMBERS = {f"{number:02d}" for number in range(1, EXTRA_UNITS + 1)}  # each unit's name ends with one
LONG = (
    "Chưa niêm yết công khai Bản cam kết chống phiền hà, sách nhiễu tại bộ phận tiếp nhận và trả "
    "kết quả; chưa cập nhật quy trình nội bộ theo ISO 9001:2015 đối với các thủ tục hành chính mới "
    "ban hành; hồ sơ lưu trữ chưa đầy đủ biên bản họp giao ban hằng tháng"
)


@pytest.fixture
def long_round(demo):
    """The departments' round with 16 more units whose long names wrap, and a long shortcoming
    ending with a marker word (kết-NN) in every cell of those units."""
    round_ = demo.departments_round
    criteria = list(round_.plan.criteria.filter(applies_to__in=["both", "department"]).order_by("position"))
    for number in range(1, EXTRA_UNITS + 1):
        unit = Unit.objects.create(
            organization=demo.organization,
            name=f"Phòng Quản lý Quy hoạch, Xây dựng và Hạ tầng khu công nghiệp số {number:02d}",
            short_name=f"Phòng QH số {number:02d}",
            kind=Unit.Kind.DEPARTMENT,
            order=100 + number,
        )
        round_.units.add(unit)
        visit = UnitCheck.objects.create(
            inspection=round_, unit=unit, checked_on=date(2023, 6, 7), status=UnitCheck.Status.DONE
        )
        Finding.objects.bulk_create(
            Finding(
                unit_check=visit,
                criterion=criterion,
                result=Finding.Result.SHORTCOMING,
                observation=f"{LONG} kết-{number:02d}",
            )
            for criterion in criteria
        )
    return round_


def test_the_round_grid_prints_one_page_wide_with_its_header_on_every_page(
    client, leader, long_round, tmp_path
):
    client.force_login(leader)
    response = client.get(reverse("inspections:inspection-findings-xlsx", args=[long_round.pk]))
    data = b"".join(response.streaming_content)

    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    header = [cell for cell in sheet[1] if cell.value]
    assert all(c.font.name == "Times New Roman" and c.font.b and c.alignment.wrap_text for c in header)
    assert sheet["A2"].font.name == "Times New Roman"  # the body too
    assert sheet.freeze_panes == "B2" and sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage

    source = tmp_path / "ket-qua.xlsx"
    source.write_bytes(data)
    pdf = convert_to_pdf(source)
    pages = pdf_pages(pdf)
    assert len(pages) >= 3  # 25 units of long rows: several pages down, never across
    assert pdf_fonts(pdf) <= {"LiberationSerif", "LiberationSerif-Bold"}
    last_header = header[-1].value.split()[-1]  # the last column's header, on every page
    units_seen = []
    for page in pages:
        assert page.width > page.height  # landscape
        assert max(word.x1 for word in page.words) < page.width - 10  # nothing runs off the edge
        words = [word.text for word in page.words]
        assert words[:3] == ["Phòng,", "đơn", "vị"], words[:6]  # the header repeated on top
        assert last_header in words
        units_seen += [w.text for w in page.words if w.text in NUMBERS and w.x0 < page.width / 5]
    assert sorted(units_seen) == sorted(NUMBERS)  # every unit once, in the first column

    # Every long cell is printed whole (its last word, the marker, is there) and ends above the
    # next row: the marker lies above the first line of the next unit's name.
    markers = [w.text for page in pages for w in page.words if w.text.startswith("kết-")]
    assert sorted(markers) == sorted(f"kết-{n}" for n in NUMBERS for _ in range(len(header) - 2))
    for page in pages:
        starts = sorted(w.y0 for w in page.words if w.text == "Phòng" and w.x0 < page.width / 10)
        for marker in (w for w in page.words if w.text.startswith("kết-")):
            below = [top for top in starts if top > marker.y0 - 1]
            assert not below or marker.y1 <= below[0] + 0.5, (marker, below[:1])
        names = [w for w in page.words if w.text in NUMBERS]
        for name_end in names:  # a wrapped unit name fits its row too
            below = [top for top in starts if top > name_end.y0 - 1]
            assert not below or name_end.y1 <= below[0] + 0.5


@pytest.mark.parametrize("url_name", ["shortcomings-xlsx", "notice-register-export"])
def test_every_export_has_the_same_print_set_up(client, leader, demo, url_name):
    client.force_login(leader)
    response = client.get(reverse(f"inspections:{url_name}"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert all(c.font.name == "Times New Roman" and c.font.b and c.alignment.wrap_text for c in sheet[1])
    assert sheet.freeze_panes == "A2" and sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
