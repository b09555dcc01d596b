"""Copies that carry no signature say so: the merged print and the Word export."""

import io
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse
from pdf_inspect import pages_text, widgets
from pypdf import PdfReader

from inspections.models import Notice

pytestmark = [pytest.mark.django_db, pytest.mark.real_pdf]


@pytest.fixture
def demo_notices(settings):
    settings.DEBUG = True
    call_command("load_demo")
    return list(Notice.objects.issued().order_by("number"))


def test_the_merged_print_shows_number_date_and_images_and_says_it_carries_no_signature(
    client, demo_notices, clerk, tmp_path
):
    client.force_login(clerk)
    response = client.post(reverse("inspections:print-merged"), {"notices": [n.pk for n in demo_notices]})
    data = response.content
    pages = pages_text(data)
    assert len(pages) == sum(len(PdfReader(io.BytesIO(n.pdf.read())).pages) for n in demo_notices)
    for text in pages:
        assert "Bản in gộp: không mang chữ ký số." in " ".join(text.split())
    joined = " ".join(" ".join(pages).split())
    assert "Số: 2819/TB-BQL" in joined and "Số: 2880/TB-BQL" in joined  # drawn into the pages
    assert "Hải Phòng, ngày 14 tháng 6 năm 2023" in joined
    assert widgets(data) == [] and b"/ByteRange" not in data  # nothing poses as a signature
    path = tmp_path / "gop.pdf"
    path.write_bytes(data)
    assert (
        "does not contain any signatures"
        in subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    )


def test_the_word_export_says_it_carries_no_signature(client, demo_notices, clerk):
    from docx import Document

    client.force_login(clerk)
    data = client.get(reverse("inspections:notice-docx", args=[demo_notices[1].pk])).content
    section = Document(io.BytesIO(data)).sections[0]
    for footer in (section.first_page_footer, section.footer):
        assert "không mang chữ ký số" in " ".join(p.text for p in footer.paragraphs)
