"""The Word export as an independent reader lays it out: LibreOffice converts the .docx to PDF,
and its positions are measured as the app's own PDF is measured, side by side.

LibreOffice runs with the app's fonts.conf, so Times New Roman is Liberation Serif, its metric
twin (as on any machine with fonts-liberation): line breaks and widths are those Word gets
from Times New Roman. About three seconds per conversion.
"""

import os
import subprocess
from io import BytesIO

import pytest
from pdf_inspect import MM, line_of, phrase_box, rule_under, runs, shapes, word_boxes
from pypdf import PdfReader

from inspections import fonts
from inspections.docx_export import notice_docx
from inspections.pdf import render_notice_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.real_pdf]

A4_WIDTH = 210 * MM
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@pytest.fixture(scope="module")
def office_profile(tmp_path_factory):
    """One LibreOffice user profile for the module (its first start costs most of the time)."""
    return tmp_path_factory.mktemp("libreoffice-profile")


@pytest.fixture
def libreoffice_pdf(office_profile, tmp_path):
    def convert(data: bytes) -> bytes:
        source = tmp_path / "thong-bao.docx"
        source.write_bytes(data)
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={office_profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(source),
            ],
            env=os.environ | {"FONTCONFIG_FILE": str(fonts.FONTS_CONF)},
            capture_output=True,
            check=True,
            timeout=180,
        )
        return (tmp_path / "thong-bao.pdf").read_bytes()

    return convert


def on_one_line(boxes, phrase: str) -> bool:
    words = phrase.split()
    for start in range(len(boxes) - len(words) + 1):
        run = boxes[start : start + len(words)]
        if [box[0] for box in run] == words:
            return max(box[2] for box in run) - min(box[2] for box in run) < 1
    return False


def baseline(data: bytes, prefix: str) -> float:
    return next(run.top for run in runs(data, 0) if run.text.startswith(prefix))


def page_numbers(data: bytes) -> list[list[tuple[str, float]]]:
    """Per page, the words that start in the top margin (above 16 mm) with their horizontal middle."""
    found = []
    for page in range(len(PdfReader(BytesIO(data)).pages)):
        boxes = [box for box in word_boxes(data, page) if box[2] < 16 * MM]
        found.append([(word, (left + right) / 2) for word, left, _, right in boxes])
    return found


def draft_marked(data: bytes, page: int) -> bool:
    """A large light-grey "DỰ THẢO" across the page: text (WeasyPrint) or filled outlines (Word art)."""
    text = any(run.text == "DỰ THẢO" and run.size > 40 for run in runs(data, page))
    grey = [
        shape
        for shape in shapes(data, page)
        if shape.paint == "fill" and 0.75 < min(shape.color or (0,)) < 0.95 and shape.width > 250
    ]
    return text or bool(grey)


def measure(data: bytes, title_start: str) -> dict:
    boxes = word_boxes(data, 0)
    title = line_of(boxes, title_start)
    agency = line_of(boxes, "BAN QUẢN LÝ")
    motto = phrase_box(boxes, MOTTO)
    return {
        "quoc_hieu": phrase_box(boxes, QUOC_HIEU),
        "quoc_hieu_on_one_line": on_one_line(boxes, QUOC_HIEU),
        "motto_on_one_line": on_one_line(boxes, MOTTO),
        "number_baseline": baseline(data, "Số:"),
        "date_baseline": baseline(data, "Hải Phòng, ngày"),
        "title_line": title,
        "title_rule": rule_under(data, 0, title, within=60).width / (title[2] - title[0]),
        "agency_rule": rule_under(data, 0, agency, within=40).width / (agency[2] - agency[0]),
        "motto_rule": rule_under(data, 0, motto, within=6).width / (motto[2] - motto[0]),
        "body_left": phrase_box(boxes, "Căn cứ")[0],
        "right_edge": max(box[3] for page in range(2) for box in word_boxes(data, page)),
        "page_numbers": page_numbers(data),
        "marked": [draft_marked(data, page) for page in range(len(PdfReader(BytesIO(data)).pages))],
    }


@pytest.mark.parametrize("numbered", [True, False], ids=["issued", "draft"])
def test_the_word_export_keeps_the_decree_30_layout_in_libreoffice(seed_notice, libreoffice_pdf, numbered):
    notice = seed_notice(2880, numbered=numbered)
    word = measure(libreoffice_pdf(notice_docx(notice)), "Kết quả kiểm tra")
    own = measure(render_notice_pdf(notice), "Kết quả kiểm tra")

    for layout in (word, own):
        assert layout["quoc_hieu_on_one_line"]
        assert layout["motto_on_one_line"]  # the Tiêu ngữ never wraps (issue 19)
        assert abs(layout["number_baseline"] - layout["date_baseline"]) < 0.5  # "Số:" on the date's line
        assert 1 / 3 <= layout["title_rule"] <= 1 / 2
        assert 1 / 3 <= layout["agency_rule"] <= 1 / 2
        assert layout["motto_rule"] == pytest.approx(1, abs=0.03)  # as long as the Tiêu ngữ
        assert layout["right_edge"] <= A4_WIDTH - 15 * MM + 1
        first, second = layout["page_numbers"]
        assert first == []
        assert [word for word, _ in second] == ["2"]
        assert second[0][1] == pytest.approx((30 * MM + A4_WIDTH - 15 * MM) / 2, abs=6)
        assert layout["marked"] == [not numbered, not numbered]

    # Laid out as the PDF is: same columns, same line breaks, within a few points.
    assert word["quoc_hieu"][0] == pytest.approx(own["quoc_hieu"][0], abs=2)
    assert word["title_line"][0] == pytest.approx(own["title_line"][0], abs=2)
    assert word["title_line"][2] == pytest.approx(own["title_line"][2], abs=2)
    assert word["date_baseline"] == pytest.approx(own["date_baseline"], abs=5)
    assert word["body_left"] == pytest.approx(own["body_left"], abs=1)
