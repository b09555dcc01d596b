"""Issued files prove themselves: every serve of an issued notice's stored PDF checks its bytes.

An issued notice's PDF is ~40 kB; reading it whole and hashing it costs well under a
millisecond, so each download, merged print and the verification page's signature check
compares the bytes with the record's `pdf_sha256` first. A file that is missing, unreadable
or different is never served or merged: the caller shows a clear page (views.documents,
status 409) and this module logs an alarm on the `inspections.integrity` logger at CRITICAL,
which an operator routes to mail or monitoring (README "Security and backups").

A visit's signed minutes scan proves itself the same way on every download (`verified_scan`).
"""

import hashlib
import logging

logger = logging.getLogger("inspections.integrity")


class FileIntegrityError(Exception):
    """A stored file that is not what the record says it is (message in Vietnamese)."""

    def __init__(self, record, message: str):
        super().__init__(message)
        self.record = record
        self.notice = record  # the name verified_pdf's callers know


def _checked_bytes(field_file, recorded: str) -> tuple[bytes | None, str]:
    """The stored bytes of `field_file` and "" when their SHA-256 is `recorded`; else (None or
    the bytes, the English detail the alarm logs)."""
    try:
        with field_file.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError) as error:  # FileNotFoundError included; ValueError: no file
        return None, f"stored file unreadable: {error}"
    actual = hashlib.sha256(data).hexdigest()
    if actual != recorded:
        return data, f"SHA-256 mismatch: recorded {recorded}, stored file {actual}"
    return data, ""


def verified_pdf(notice) -> bytes:
    """The stored PDF of `notice`, provided its SHA-256 is the one recorded at issue."""
    if not notice.pdf or not notice.pdf_sha256:
        raise _alarm(notice, "không có tệp PDF lưu trữ", "no stored file or no recorded SHA-256")
    data, problem = _checked_bytes(notice.pdf, notice.pdf_sha256)
    if data is None:
        raise _alarm(notice, "mất tệp PDF lưu trữ", problem)
    if problem:
        raise _alarm(notice, "tệp PDF lưu trữ đã bị thay đổi sau khi ban hành", problem)
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


def verified_scan(scan) -> bytes:
    """The stored signed scan of a visit's biên bản, provided its SHA-256 is the one recorded
    at upload. Read whole (at most EVIDENCE_MAX_BYTES) so the bytes checked are the bytes served."""
    label = f"Bản quét biên bản “{scan.original_name}”"
    data, problem = _checked_bytes(scan.file, scan.file_sha256)
    if data is None:
        raise _scan_alarm(scan, label, "mất tệp lưu trữ", problem)
    if problem:
        raise _scan_alarm(scan, label, "tệp lưu trữ đã bị thay đổi sau khi tải lên", problem)
    return data


def _scan_alarm(scan, label: str, what: str, detail: str) -> FileIntegrityError:
    logger.critical(
        "Minutes scan integrity: scan #%s of visit #%s (%s): %s",
        scan.pk,
        scan.unit_check_id,
        scan.file.name or "-",
        detail,
    )
    return FileIntegrityError(scan, f"{label}: {what}.")
