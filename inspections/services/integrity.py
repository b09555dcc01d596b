"""Issued files prove themselves: every serve of an issued notice's stored PDF checks its bytes.

An issued notice's PDF is ~40 kB; reading it whole and hashing it costs well under a
millisecond, so each download, merged print and the verification page's signature check
compares the bytes with the record's `pdf_sha256` first. A file that is missing, unreadable
or different is never served or merged: the caller shows a clear page (views.documents,
status 409) and this module logs an alarm on the `inspections.integrity` logger at CRITICAL,
which an operator routes to mail or monitoring (README "Security and backups").
"""

import hashlib
import logging

logger = logging.getLogger("inspections.integrity")


class FileIntegrityError(Exception):
    """A stored file that is not what the record says it is (message in Vietnamese)."""

    def __init__(self, notice, message: str):
        super().__init__(message)
        self.notice = notice


def verified_pdf(notice) -> bytes:
    """The stored PDF of `notice`, provided its SHA-256 is the one recorded at issue."""
    if not notice.pdf or not notice.pdf_sha256:
        raise _alarm(notice, "không có tệp PDF lưu trữ", "no stored file or no recorded SHA-256")
    try:
        with notice.pdf.open("rb") as handle:
            data = handle.read()
    except OSError as error:  # FileNotFoundError included
        raise _alarm(notice, "mất tệp PDF lưu trữ", f"stored file unreadable: {error}") from error
    actual = hashlib.sha256(data).hexdigest()
    if actual != notice.pdf_sha256:
        raise _alarm(
            notice,
            "tệp PDF lưu trữ đã bị thay đổi sau khi ban hành",
            f"SHA-256 mismatch: recorded {notice.pdf_sha256}, stored file {actual}",
        )
    return data


def _alarm(notice, what: str, detail: str) -> FileIntegrityError:
    logger.critical(
        "Issued file integrity: notice #%s %s (%s): %s",
        notice.pk,
        notice.reference,
        notice.pdf.name or "-",
        detail,
    )
    return FileIntegrityError(notice, f"Thông báo {notice.reference}: {what}.")
