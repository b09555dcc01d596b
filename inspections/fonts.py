"""The fonts documents are printed with: the files in static/fonts, and nothing else.

- use_shipped_fonts() points fontconfig at config/fonts.conf, which lists only static/fonts,
  so WeasyPrint (and LibreOffice, when the tests convert a .docx) never sees the machine's
  fonts. It must run before WeasyPrint is imported: fontconfig reads FONTCONFIG_FILE once.
- printable(char) says whether some shipped font has a glyph for a character; text with a
  character none has is refused on input (inspections.text.check_printable), because it
  would print as an empty box (.notdef), which PDF/A also forbids.
- text_width() measures text with Liberation Serif's metrics (those of Times New Roman), so
  rules under titles can be sized against the line they underline, in the PDF and in Word.
"""

import os
import unicodedata
from functools import cache
from pathlib import Path

from django.conf import settings

FONTS_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
FONTS_CONF = Path(settings.BASE_DIR) / "config" / "fonts.conf"
SERIF = "Liberation Serif"
# The order fontconfig falls back in (config/fonts.conf) and the print stylesheet lists.
FALLBACK = (SERIF, "Noto Emoji", "Noto Sans Symbols2", "Noto Sans Math", "Noto Sans Symbols")
STYLE_FILES = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}
# Characters that never need a glyph: line breaks and tabs become space, and Unicode's
# default-ignorable characters (joiners, variation selectors, tags) are not drawn.
_LAYOUT_CHARACTERS = frozenset("\n\r\t")


def use_shipped_fonts() -> None:
    """Make fontconfig (WeasyPrint's, and every child process's) read config/fonts.conf only."""
    os.environ["FONTCONFIG_FILE"] = str(FONTS_CONF)


def font_files() -> list[Path]:
    """The font files shipped with the app, the only ones fontconfig is shown."""
    return sorted(FONTS_DIR.glob("*.ttf"))


@cache
def _covered() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    codepoints: set[int] = set()
    for path in font_files():
        with TTFont(path, lazy=True) as font:
            codepoints.update(font.getBestCmap())
    return frozenset(codepoints)


@cache
def postscript_names() -> frozenset[str]:
    """The PostScript names of the shipped fonts, as a PDF's font list shows them."""
    from fontTools.ttLib import TTFont

    names = set()
    for path in font_files():
        with TTFont(path, lazy=True) as font:
            names.add(font["name"].getDebugName(6))
    return frozenset(names)


def _ignorable(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char) == "Cf"  # zero-width joiners, bidi marks, tags, soft hyphen
        or 0xFE00 <= code <= 0xFE0F  # variation selectors (emoji or text presentation)
        or 0xE0100 <= code <= 0xE01EF
    )


def printable(char: str) -> bool:
    """Whether `char` prints with a shipped font (or needs no glyph at all)."""
    if char in _LAYOUT_CHARACTERS or _ignorable(char):
        return True
    # Control characters have no printed form, whatever a font maps them to.
    return unicodedata.category(char) != "Cc" and ord(char) in _covered()


@cache
def _metrics(bold: bool, italic: bool) -> tuple[dict[int, int], int]:
    from fontTools.ttLib import TTFont

    with TTFont(FONTS_DIR / STYLE_FILES[bold, italic], lazy=True) as font:
        cmap, advances = font.getBestCmap(), font["hmtx"].metrics
        units = font["head"].unitsPerEm
        return {code: advances[glyph][0] for code, glyph in cmap.items()}, units


def text_width(text: str, size: float, *, bold: bool = False, italic: bool = False) -> float:
    """The advance width of `text` in points at `size` pt in Liberation Serif (no kerning).

    A character Liberation Serif lacks prints from a fallback font; it counts as one em.
    """
    widths, units = _metrics(bold, italic)
    return sum(widths.get(ord(char), units) for char in text) * size / units


def lines(text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """Break `text` into lines no wider than `width` points, as a browser or Word would.

    Breaks at spaces; a word longer than a line is cut where it overflows (the print
    stylesheet's overflow-wrap: anywhere).
    """
    result: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold=bold) <= width:
            current = candidate
            continue
        if current:
            result.append(current)
        current = ""
        for char in word:
            if current and text_width(current + char, size, bold=bold) > width:
                result.append(current)
                current = ""
            current += char
    if current:
        result.append(current)
    return result
