"""Reading back the Word files the app makes: shared by the tests that compare their text."""

import io

import docx


def docx_text(data: bytes) -> str:
    """Every paragraph of a .docx, the body's and its tables', one per line."""
    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [paragraph.text for row in table.rows for cell in row.cells for paragraph in cell.paragraphs]
    return "\n".join(parts)
