"""LibreOffice as an independent reader: convert an Office file to PDF and read its words back
with their positions (poppler's pdftotext -bbox)."""

import html
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from inspections import fonts


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass
class Page:
    width: float
    height: float
    words: list[Word]

    def text(self) -> str:
        return " ".join(word.text for word in self.words)


def convert_to_pdf(source: Path) -> Path:
    """`soffice --headless --convert-to pdf` in its own profile (parallel runs never share one),
    seeing only the fonts the app ships (config/fonts.conf: Liberation Serif stands for Times
    New Roman, metric-compatible, as on an office machine that has Times New Roman)."""
    folder = source.parent
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        env=os.environ | {"FONTCONFIG_FILE": str(fonts.FONTS_CONF)},
        check=True,
        capture_output=True,
        timeout=180,
    )
    return source.with_suffix(".pdf")


def pdf_pages(pdf: Path) -> list[Page]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    pages = []
    for width, height, body in re.findall(
        r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out.stdout, re.S
    ):
        words = [
            Word(float(x0), float(y0), float(x1), float(y1), html.unescape(text))
            for x0, y0, x1, y1, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', body
            )
        ]
        pages.append(Page(float(width), float(height), words))
    return pages


def pdf_fonts(pdf: Path) -> set[str]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {line.split()[0].split("+")[-1] for line in out.splitlines()[2:] if line.strip()}
