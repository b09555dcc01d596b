"""Write-only Excel sheets that read and print well, in Excel and in LibreOffice Calc.

- Times New Roman 12 everywhere (the workbook's default font), the header bold and wrapped;
- the header row frozen (and the first column, for grids) and repeated on every printed page;
- landscape A4 fitted to the page width (as many pages down as needed), narrow margins,
  gridlines and "Trang 1/3" in the footer;
- text wider than its column wraps, top-aligned, in a row made tall enough for it. Neither
  Excel nor Calc grows a row on opening a file, so the height is computed here, from the
  advance widths of Liberation Serif (shipped in static/fonts, metric-compatible with Times
  New Roman, which Calc uses in its place) and the column widths in points.

Rows are written one by one (openpyxl's write-only mode), so memory stays flat however many
rows there are.
"""

import math
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from itertools import repeat

from django.conf import settings
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

FONT_NAME = "Times New Roman"
FONT_SIZE = 12
# Excel's column width unit is the default font's widest digit (Times New Roman 12 pt: 8 px at
# 96 dpi) plus 5 px of padding; a cell keeps about 2 px of that on each side for itself.
DIGIT_PX = 8
# One line of 12 pt Times New Roman / Liberation Serif: Calc spaces them 13.3 pt apart (the
# font's ascent + descent), Excel about 13.8 pt (with its line gap); 15 pt leaves both room.
LINE_PT = 15.0
ROW_PADDING_PT = 3.0
MIN_ROW_PT = 15.75  # Excel's default height for this font
DATE_FORMAT = "DD/MM/YYYY"


def new_workbook() -> Workbook:
    """A write-only workbook whose default font (every cell, header included) is Times New Roman."""
    workbook = Workbook(write_only=True)
    # The first font is the one the "Normal" style and every unstyled cell use. openpyxl offers
    # no public setter for it; without it Calc falls back to its own default sans font.
    workbook._fonts = IndexedList([Font(name=FONT_NAME, sz=FONT_SIZE, family=1)])
    return workbook


@lru_cache(maxsize=2)
def _advances(bold: bool) -> tuple[dict[int, float], float]:
    """{code point: advance width in em} of Liberation Serif, and its average for the rest."""
    from fontTools.ttLib import TTFont

    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    with TTFont(settings.BASE_DIR / "static" / "fonts" / name, lazy=True) as font:
        scale = 1 / font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        widths = {code: metrics[glyph][0] * scale for code, glyph in font.getBestCmap().items()}
    return widths, sum(widths.values()) / len(widths)


def text_width(text: str, *, bold: bool = False, size: float = FONT_SIZE) -> float:
    """The width of one line of `text` in points."""
    widths, average = _advances(bold)
    return sum(map(widths.get, map(ord, text), repeat(average, len(text)))) * size


def column_points(width: float) -> float:
    """The width in points of a column `width` characters wide (Excel's unit)."""
    return (math.trunc(width * DIGIT_PX) + 5) * 0.75


@lru_cache(maxsize=8192)
def line_count(text: str, width_pt: float, *, bold: bool = False) -> int:
    """How many lines `text` takes wrapped at word boundaries in `width_pt` points (as Calc
    wraps: a word longer than the line is broken where it runs out)."""
    widths, average = _advances(bold)
    if "\n" not in text and text_width(text, bold=bold) <= width_pt:
        return 1
    space = widths.get(32, average) * FONT_SIZE
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split(" "):
            length = sum(widths.get(ord(ch), average) for ch in word) * FONT_SIZE
            needed = length if used == 0 else used + space + length
            if needed <= width_pt:
                used = needed
                continue
            if used:
                lines += 1
            while length > width_pt:  # a word wider than the column is broken
                lines += 1
                length -= width_pt
            used = length
    return lines


class Sheet:
    """A write-only worksheet with a bold wrapped header, print set-up and fitted row heights."""

    def __init__(
        self, workbook: Workbook, title: str, headers: list[str], widths: list[float], *, freeze: str = "A2"
    ):
        self.ws = workbook.create_sheet(title=title[:31])
        # Write-only sheets write widths, panes and sheet properties with the first row: set
        # them before it. Print titles, page set-up and footer are written at the end.
        for index, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width
        # Less than the column: Calc and Excel keep about 2 px a side, and we keep 1 pt spare.
        self.text_widths = [column_points(width) - 4 for width in widths]
        self.ws.freeze_panes = freeze
        self.ws.print_title_rows = "1:1"
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        setup = self.ws.page_setup
        setup.orientation, setup.paperSize = "landscape", Worksheet.PAPERSIZE_A4
        setup.fitToWidth, setup.fitToHeight = 1, 0  # one page wide, as many pages down as needed
        self.ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.25, footer=0.3)
        self.ws.print_options.gridLines = True
        self.ws.print_options.horizontalCentered = True
        self.ws.oddFooter.center.text = "Trang &P/&N"
        self.ws.oddFooter.center.font = FONT_NAME
        self._text = Alignment(wrap_text=True, vertical="top")
        self._header_font = Font(name=FONT_NAME, sz=FONT_SIZE, bold=True)
        self._rows = 0
        self._append(headers, bold=True)

    def append(self, values: Iterable) -> None:
        self._append(list(values), bold=False)

    def register_number(self, number: int) -> Cell:
        """A register number kept as a number (sortable) and shown as Decree 30 prints it: 07."""
        cell = WriteOnlyCell(self.ws, value=number)
        cell.number_format = "00"
        return cell

    def _append(self, values: list, *, bold: bool) -> None:
        self._rows += 1
        lines = 1
        cells = []
        for index, value in enumerate(values):
            if value is None or value == "":
                cells.append(None)
                continue
            cell = value if isinstance(value, Cell) else WriteOnlyCell(self.ws, value=value)
            value = cell.value
            if isinstance(value, str):
                # openpyxl stores "=…" as a formula: text typed by people must stay text, or an
                # observation like =HYPERLINK(…) would run in the reader's Excel.
                cell.data_type = "s"
                if index < len(self.text_widths):
                    lines = max(lines, line_count(value, self.text_widths[index], bold=bold))
            elif isinstance(value, date) and cell.number_format == "General":
                cell.number_format = DATE_FORMAT
            cell.alignment = self._text
            if bold:
                cell.font = self._header_font
            cells.append(cell)
        dimension = self.ws.row_dimensions[self._rows]
        dimension.height = max(MIN_ROW_PT, lines * LINE_PT + ROW_PADDING_PT)
        self.ws.append(cells)
        del self.ws.row_dimensions[self._rows]  # written: keep memory flat
