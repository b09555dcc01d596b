"""Open the zip files people upload (Word .docx, Excel .xlsx) without letting them inflate.

A .docx or .xlsx is a zip archive. A few hundred KB of deflate can declare, or hide, hundreds
of MB (a "zip bomb"): a 0.95 MB .docx whose word/document.xml inflates to 413 MB once kept an
import worker busy for 46 s at 1.7 GB. Every place that opens an uploaded zip goes through
`open_zip`, which checks the archive's central directory before anything is inflated:

- the number of members, the total size they declare once inflated, and each member's
  compression ratio (above 1 MB inflated), against the caller's `ZipLimits`;
- only "stored" and "deflate" members (what Word, Excel and LibreOffice write), unencrypted.

`inflate_all` then reads every member in small chunks and stops at the first byte past what
the member declared or past the total limit, so an archive that lies in its directory is
refused after at most the limit has been read, never inflated whole. Its XML members are
also refused if they declare a DTD: Office files never do, and a DTD is how XML entity
expansion attacks ("billion laughs", external entities) begin. The XML parser of
python-docx does not resolve entities either (lxml `resolve_entities=False`).
"""

import codecs
import re
import zipfile
from dataclasses import dataclass

from inspections.text import human_size

CHUNK = 64 * 1024
RATIO_FLOOR = 1024 * 1024  # a member smaller than this inflated is never a threat by ratio
XML_SUFFIXES = (".xml", ".rels", ".vml")


@dataclass(frozen=True)
class ZipLimits:
    members: int
    inflated: int  # bytes, all members together
    ratio: int  # inflated size / compressed size, per member


class ZipRefused(Exception):
    """A zip file refused before (or while) inflating it; `message` is for people."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def open_zip(file, limits: ZipLimits) -> zipfile.ZipFile:
    """Open `file` (a path or binary file object) after checking its directory against `limits`."""
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise ZipRefused("Tệp nén bị hỏng hoặc không phải tệp Word/Excel hợp lệ.") from error
    try:
        check_directory(archive, limits)
    except ZipRefused:
        archive.close()
        raise
    return archive


def check_directory(archive: zipfile.ZipFile, limits: ZipLimits) -> None:
    """Refuse an archive whose central directory already shows it is too big or odd."""
    members = archive.infolist()
    if len(members) > limits.members:
        raise ZipRefused(
            f"Tệp nén có {len(members)} thành phần, vượt giới hạn {limits.members} thành phần: không nhận."
        )
    total, worst = 0, None
    for member in members:
        if member.flag_bits & 0x1:
            raise ZipRefused("Tệp có thành phần được mã hóa (đặt mật khẩu): hãy bỏ mật khẩu rồi tải lên lại.")
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ZipRefused(
                "Tệp nén dùng kiểu nén không thông dụng (Word, Excel chỉ dùng Deflate): "
                "hãy mở bằng Word/Excel và lưu lại."
            )
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > limits.ratio and worst is None:
            worst = (member, ratio)
    if total > limits.inflated:
        raise ZipRefused(
            f"Tệp khi giải nén lên tới {human_size(total)}, vượt giới hạn {human_size(limits.inflated)}: "
            "không nhận."
        )
    if worst:
        member, ratio = worst
        times = f"{ratio:,.0f}".replace(",", ".")
        raise ZipRefused(
            f"Thành phần “{member.filename[:80]}” giải nén ra {human_size(member.file_size)} "
            f"(gấp {times} lần), vượt tỉ lệ nén cho phép {limits.ratio} lần: "
            "có thể là “bom nén”, không nhận."
        )


def inflate_all(archive: zipfile.ZipFile, limits: ZipLimits) -> int:
    """Read every member in chunks, stopping past its declared size or the total limit.

    Return the bytes inflated. The caller may then let a library (python-docx) read the same
    bytes: each member is now known to inflate to exactly what the directory declares, which
    `check_directory` has bounded.
    """
    total = 0
    for member in archive.infolist():
        read = 0
        try:
            with archive.open(member) as handle:
                head = b""
                while chunk := handle.read(CHUNK):  # zipfile inflates at most CHUNK per call
                    read += len(chunk)
                    total += len(chunk)
                    if read > member.file_size or total > limits.inflated:
                        raise ZipRefused(
                            f"Tệp khi giải nén vượt giới hạn {human_size(limits.inflated)}: không nhận."
                        )
                    if len(head) < CHUNK:
                        head += chunk[: CHUNK - len(head)]
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
            # zipfile stops at the declared size and then finds the CRC wrong: a lying directory.
            raise ZipRefused("Tệp nén bị hỏng hoặc không phải tệp Word/Excel hợp lệ.") from error
        if read != member.file_size:
            raise ZipRefused("Tệp nén bị hỏng hoặc không phải tệp Word/Excel hợp lệ.")
        if member.filename.lower().endswith(XML_SUFFIXES) and declares_dtd(head):
            raise ZipRefused(
                "Tệp có khai báo DTD hoặc thực thể XML (tệp Word, Excel thông thường không có): không nhận."
            )
    return total


_PROLOG_SKIP = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.S)


def declares_dtd(head: bytes) -> bool:
    """True if the XML document starting with `head` has a <!DOCTYPE …> (or anything but its
    root element after the prolog). A prolog longer than `head` counts as one: refused."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    elif head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    position = 0
    while match := _PROLOG_SKIP.match(head, position):
        position = match.end()
    rest = head[position:]
    if not rest:
        return len(head) >= CHUNK  # only prolog in the whole first chunk
    return not (rest[:1] == b"<" and rest[1:2] not in (b"!", b"?", b""))
