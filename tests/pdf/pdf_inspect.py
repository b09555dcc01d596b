"""Read rendered PDFs the way the tests need: text per page, positioned text runs, word boxes."""

import html
import re
import subprocess
from dataclasses import dataclass
from io import BytesIO

from pypdf import PdfReader

MM = 72 / 25.4


@dataclass
class Run:
    text: str
    x: float  # points from the left edge
    top: float  # points from the top edge (baseline)
    size: float  # points
    font: str


def runs(data: bytes, page: int) -> list[Run]:
    """The text runs of `page` with their position, size and font (pypdf's visitor)."""
    reader = PdfReader(BytesIO(data))
    height = float(reader.pages[page].mediabox.height)
    found: list[Run] = []

    def visit(text, cm, tm, font, size):
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(cm[3] * tm[3]) or 1
        name = str(font.get("/BaseFont", "")) if font else ""
        found.append(Run(text.strip(), x, height - y, round(size * scale, 2), name))

    reader.pages[page].extract_text(visitor_text=visit)
    return found


def pages_text(data: bytes) -> list[str]:
    """pdftotext (poppler) output, one string per page."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return out.stdout.decode("utf-8").split("\f")[:-1]


def body_text(data: bytes) -> str:
    """All pages' text with whitespace collapsed, without the page numbers in the top margin."""
    texts = []
    for index, text in enumerate(pages_text(data)):
        lines = text.strip().splitlines()
        if index and lines and lines[0].strip() == str(index + 1):
            lines = lines[1:]
        texts.append(" ".join(lines))
    return " ".join(" ".join(texts).split())


def word_boxes(data: bytes, page: int | None = None) -> list[tuple[str, float, float, float]]:
    """(word, xMin, yMin, xMax) in points for every word (of one 0-based page), from `pdftotext -bbox`."""
    pages = ["-f", str(page + 1), "-l", str(page + 1)] if page is not None else []
    out = subprocess.run(
        ["pdftotext", "-bbox", *pages, "-", "-"], input=data, capture_output=True, check=True
    )
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)<'
    return [
        (html.unescape(word), float(x_min), float(y_min), float(x_max))
        for x_min, y_min, x_max, word in re.findall(pattern, out.stdout.decode("utf-8"))
    ]


def phrase_box(boxes, phrase: str) -> tuple[float, float, float]:
    """(xMin, yMin, xMax) of the first run of consecutive words that spell `phrase`."""
    words = phrase.split()
    for start in range(len(boxes) - len(words) + 1):
        run = boxes[start : start + len(words)]
        if [box[0] for box in run] == words:
            return run[0][1], run[0][2], run[-1][3]
    raise AssertionError(f"phrase not found: {phrase!r}")


def assert_in_order(text: str, sentences: list[str]) -> None:
    position = 0
    for sentence in sentences:
        found = text.find(sentence, position)
        assert found >= 0, f"missing or out of order: {sentence!r}"
        position = found + len(sentence)


def tiny_pdf(width: float) -> bytes:
    """A one-page PDF whose page width identifies it (for order checks without rendering)."""
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=width, height=842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
