"""Attaching the signed scan of a visit's biên bản: checked as evidence is, hashed, audited.

Decree 30 (Phụ lục I, Part II) wants digitised documents as PDF (1.4 or later, colour, at least
200 dpi); a phone photo of the signed pages is what a team often has on the day, so JPEG and PNG
are accepted too and the form's help text asks for PDF. The content is sniffed by the evidence
checks (services/evidence.py), so a renamed or forged file is refused, and only these three
kinds are kept. Scans are never replaced: each upload is a new row, the newest is the current.
"""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from inspections.audit import record
from inspections.models import MinutesScan, UnitCheck
from inspections.services.evidence import KINDS, check_upload, clean_name
from inspections.text import human_size

SCAN_KINDS = ("pdf", "jpeg", "png")
SCAN_ALLOWED_TEXT = "PDF, JPEG hoặc PNG"
# Refusals of the evidence checks that name the evidence kinds; a scan names its own three.
_NOT_A_SCAN_CODES = {"type", "zip"}


def check_scan(upload) -> str:
    """Return the scan's kind ("pdf", "jpeg", "png"), or raise ValidationError in Vietnamese."""
    try:
        kind = check_upload(upload)
    except ValidationError as error:
        if error.code in _NOT_A_SCAN_CODES:
            raise _not_a_scan(upload) from error
        raise
    if kind not in SCAN_KINDS:
        raise _not_a_scan(upload)
    return kind


def _not_a_scan(upload) -> ValidationError:
    return ValidationError(
        f"Tệp “{clean_name(upload.name)}” không phải bản quét {SCAN_ALLOWED_TEXT} "
        "(đã kiểm tra nội dung tệp).",
        code="type",
    )


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def attach_minutes_scan(unit_check: UnitCheck, upload, *, by, note: str = "") -> MinutesScan:
    """Check `upload` and keep it as the newest signed scan of `unit_check`'s biên bản."""
    if not by.has_perm("inspections.add_minutesscan"):
        raise PermissionDenied
    kind = check_scan(upload)
    extension, content_type, _ = KINDS[kind]
    scan = MinutesScan(
        unit_check=unit_check,
        token=secrets.token_hex(16),
        extension=extension,
        original_name=clean_name(upload.name),
        content_type=content_type,
        size=upload.size,
        file_sha256=_sha256(upload),
        note=note,
        uploaded_by=by,
    )
    scan.file.save("ignored", upload, save=False)  # minutes_scan_path() names it
    scan.save()
    data = {
        "Bản quét biên bản đã ký": ["", scan.original_name],
        "Dung lượng": ["", human_size(scan.size)],
        "SHA-256": ["", scan.file_sha256],
    }
    if note:
        data["Ghi chú"] = ["", note]
    record(unit_check, "minutesscan.add", by=by, data=data)
    return scan


def minutes_scans(unit_check: UnitCheck) -> list[MinutesScan]:
    """The visit's scans, the current (newest) first, with their uploaders (one query)."""
    return list(MinutesScan.objects.filter(unit_check=unit_check).newest_first())
