"""Read a Word (.docx) notice into numbered lines for the text parser.

Paragraphs and tables are read in document order; a table is read row by row, each cell's
paragraphs in turn (the Decree 30 header and signing blocks are two-column tables).
Struck-through runs are marked ~~…~~ so the text parser treats them as in converted scans.
Line numbers are paragraph numbers ("đoạn") counted in that reading order.

The archive is checked and inflated within DOCX_LIMITS (inspections.safezip) before
python-docx sees it: a notice is a few dozen KB of XML, so a file that inflates past 20 MB is
refused at once from its directory, and one that lies about its sizes is stopped while read.
"""

import io
import unicodedata
import zipfile

from inspections.importing.parsed import ImportRefused
from inspections.safezip import ZipLimits, ZipRefused, inflate_all, open_zip

DOCX_LIMITS = ZipLimits(members=500, inflated=20 * 1024 * 1024, ratio=100)


def docx_lines(data: bytes) -> list[tuple[int, str]]:
    """Return [(paragraph number, text)] of the document, or raise ImportRefused."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        with open_zip(io.BytesIO(data), DOCX_LIMITS) as archive:
            inflate_all(archive, DOCX_LIMITS)
    except ZipRefused as error:
        raise ImportRefused(error.message) from error
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ImportRefused(
            "Tệp .docx bị hỏng hoặc không phải tệp Word: hãy mở bằng Word và lưu lại dạng .docx."
        ) from error
    except Exception as error:  # python-docx raises its own errors for foreign packages
        raise ImportRefused(f"Không đọc được tệp Word: {error.__class__.__name__}.") from error

    lines: list[tuple[int, str]] = []

    def paragraph_text(paragraph) -> str:
        parts = []
        for run in paragraph.runs:
            text = run.text
            if text and run.font.strike:
                text = f"~~{text}~~"
            parts.append(text)
        return "".join(parts) or paragraph.text

    def walk(parent) -> None:
        for child in parent.iter_inner_content():
            if isinstance(child, Paragraph):
                number = (lines[-1][0] + 1) if lines else 1
                lines.extend((number, part) for part in paragraph_text(child).split("\n"))
                lines.append((number, ""))  # a paragraph ends a block
            elif isinstance(child, Table):
                # Merged cells repeat. Keep the elements themselves: an id() of a proxy
                # that was let go can come back for another cell.
                seen = set()
                for row in child.rows:
                    for cell in row.cells:
                        if cell._tc in seen:
                            continue
                        seen.add(cell._tc)
                        walk(cell)

    walk(document)
    return [(number, unicodedata.normalize("NFC", text)) for number, text in lines]
