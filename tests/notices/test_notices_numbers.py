"""Register numbers as Decree 30 prints them (Phụ lục I, ô 3): below 10 with a leading zero."""

import io
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice_07(make_notice):
    return make_notice("issued", number=7)


def test_a_number_below_10_is_shown_with_a_leading_zero_everywhere(client, notice_07, clerk):
    assert notice_07.number == 7  # stored as an integer
    assert notice_07.reference == "07/TB-BQL"
    client.force_login(clerk)
    assert "Thông báo số 07/TB-BQL" in client.get(notice_07.get_absolute_url()).content.decode()
    register = client.get(reverse("inspections:notice-register"), {"year": notice_07.year}).content.decode()
    assert '<td class="nowrap">07</td>' in register
    verify = client.get(reverse("inspections:verify", args=[notice_07.verification_code])).content.decode()
    assert "07/TB-BQL" in verify
    pdf = client.get(reverse("inspections:notice-pdf", args=[notice_07.pk]), {"download": "1"})
    assert f'filename="07-TB-BQL-{notice_07.year}.pdf"' in pdf["Content-Disposition"]
    docx = client.get(reverse("inspections:notice-docx", args=[notice_07.pk]))
    assert f'filename="07-TB-BQL-{notice_07.year}.docx"' in docx["Content-Disposition"]


def test_the_register_export_keeps_the_number_a_number_printed_with_its_zero(client, notice_07, clerk):
    client.force_login(clerk)
    response = client.get(reverse("inspections:notice-register-export"), {"year": notice_07.year})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cell = sheet["A2"]
    assert cell.value == 7 and cell.number_format == "00"


def test_the_word_export_prints_the_leading_zero(client, notice_07, clerk):
    from docx import Document

    client.force_login(clerk)
    data = client.get(reverse("inspections:notice-docx", args=[notice_07.pk])).content
    text = "\n".join(
        p.text
        for table in Document(io.BytesIO(data)).tables
        for cell in table._cells
        for p in cell.paragraphs
    )
    assert "Số: 07/TB-BQL" in text


@pytest.mark.real_pdf
def test_the_issued_pdf_prints_so_07(notice_07, tmp_path):
    path = tmp_path / "07.pdf"
    path.write_bytes(notice_07.pdf.read())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Số: 07/TB-BQL" in text
