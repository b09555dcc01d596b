"""Turn an uploaded file into numbered lines of text, refusing what is not a readable notice file.

Decisions (issue 6, bad input): UTF-8 with or without BOM is read; UTF-16 *with* a BOM is
decoded and the report says so (the BOM makes it unambiguous); anything else that is not
UTF-8 (Windows-1258, TCVN3/ABC, UTF-16 without BOM) is refused, because those byte streams
also decode "successfully" as other code pages and a wrong guess would import garbled text.
"""

import codecs
import re
import unicodedata

from inspections.importing.parse_text import MAX_LINES
from inspections.importing.parsed import ImportRefused, Problem
from inspections.vn import vn_number

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary Word (.doc)
MAX_BYTES = 5 * 1024 * 1024
# Unicode category Cc (C0 and C1 controls) except line feed and tab.
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def read_lines(data: bytes, filename: str) -> tuple[list[tuple[int, str]], str, list[Problem]]:
    """Return ([(line number, text)], "text" | "docx", notes) or raise ImportRefused."""
    name = (filename or "").lower()
    if len(data) > MAX_BYTES:
        raise ImportRefused("Tệp quá lớn (trên 5 MB): một thông báo thường chỉ vài chục KB.")
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ImportRefused("Tệp rỗng: không có nội dung để nhập.")
    if data.startswith(OLE_MAGIC):
        raise ImportRefused(
            "Tệp Word cũ (.doc) chưa được hỗ trợ: hãy mở bằng Word và lưu lại dạng .docx, "
            "hoặc lưu dạng văn bản UTF-8 (.txt)."
        )
    if data.startswith(ZIP_MAGIC) or name.endswith(".docx"):
        from inspections.importing.parse_docx import docx_lines

        return docx_lines(data), "docx", []
    notes: list[Problem] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportRefused(
                "Tệp có dấu hiệu UTF-16 nhưng không đọc được: hãy lưu lại dạng UTF-8."
            ) from None
        notes.append(Problem(None, "", "Tệp mã hóa UTF-16: đã đọc và chuyển sang UTF-8.", "note"))
    else:
        if b"\x00" in data:
            raise ImportRefused(
                "Tệp không phải văn bản (tệp nhị phân hoặc UTF-16 không có BOM): chỉ nhận tệp văn bản "
                "UTF-8 (.txt, .md) hoặc Word (.docx)."
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise ImportRefused(
                f"Tệp không phải UTF-8 (dòng {line} có byte không hợp lệ; có thể là bảng mã Windows-1258 "
                "hoặc TCVN3): hãy mở tệp và lưu lại với bảng mã UTF-8 (Unicode)."
            ) from None
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    if text.count("\n") >= MAX_LINES:  # before splitting: five million empty lines are 5 MB
        raise ImportRefused(
            f"Tệp có hơn {vn_number(MAX_LINES)} dòng: không giống một thông báo; hãy kiểm tra lại tệp."
        )
    if _control_ratio(text) > 0.01:
        raise ImportRefused(
            "Tệp không phải văn bản (có nhiều ký tự điều khiển): chỉ nhận tệp văn bản UTF-8 (.txt, .md) "
            "hoặc Word (.docx)."
        )
    return [(number, line) for number, line in enumerate(text.split("\n"), start=1)], "text", notes


def _control_ratio(text: str) -> float:
    return len(CONTROL_RE.findall(text)) / max(len(text), 1)
