"""Evidence files on findings: checked by content, stored under a random name, audited.

A file is accepted only when its first bytes say it is a PDF, JPEG, PNG, DOCX or XLSX and
its extension names the same type. The client's file name is kept only as a label for the
download; the stored path is evidence/<finding>/<random token>.<checked extension>.
"""

import secrets
import unicodedata

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from inspections.audit import record
from inspections.models import Evidence, Finding
from inspections.safezip import ZipLimits, ZipRefused, open_zip
from inspections.text import human_size

# kind -> (stored extension, content type, extensions a client may use for it)
KINDS = {
    "pdf": ("pdf", "application/pdf", {"pdf"}),
    "jpeg": ("jpg", "image/jpeg", {"jpg", "jpeg"}),
    "png": ("png", "image/png", {"png"}),
    "docx": (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        {"docx"},
    ),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {"xlsx"}),
}
ALLOWED_TEXT = "PDF, JPEG, PNG, DOCX hoặc XLSX"
# Evidence is stored as uploaded and never inflated here: only the zip's directory is read
# (to tell a .docx from an .xlsx), and an archive that declares a bomb is refused.
EVIDENCE_ZIP_LIMITS = ZipLimits(members=10_000, inflated=1024 * 1024 * 1024, ratio=100)


def sniff(upload) -> str | None:
    """Return the kind the file's content shows ("pdf", "jpeg", …), or None.

    Raise ZipRefused for a .docx/.xlsx whose directory is over EVIDENCE_ZIP_LIMITS.
    """
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            with open_zip(upload, EVIDENCE_ZIP_LIMITS) as archive:
                names = set(archive.namelist())
        finally:
            upload.seek(0)
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def clean_name(name: str) -> str:
    """The client's file name without any folder part or control characters (a label only)."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    return name[-255:] or "tep"


def check_upload(upload) -> str:
    """Return the file's kind, or raise ValidationError with a Vietnamese message."""
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"Tệp “{clean_name(upload.name)}” dung lượng {human_size(upload.size)}, "
            f"vượt quá mức cho phép {human_size(limit)}.",
            code="too_big",
        )
    if upload.size == 0:
        raise ValidationError("Tệp rỗng, không có nội dung.", code="empty")
    name = clean_name(upload.name)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    try:
        kind = sniff(upload)
    except ZipRefused as error:
        raise ValidationError(f"Tệp “{name}”: {error.message}", code="zip") from error
    if kind is None:
        raise ValidationError(
            f"Tệp “{name}” không phải {ALLOWED_TEXT} (đã kiểm tra nội dung tệp).", code="type"
        )
    if extension not in KINDS[kind][2]:
        raise ValidationError(
            f"Tên tệp “{name}” có đuôi không khớp với nội dung (nội dung là {kind.upper()}).",
            code="extension",
        )
    return kind


@transaction.atomic
def add_evidence(finding: Finding, upload, *, by) -> Evidence:
    """Check `upload` and store it as evidence of `finding`."""
    if not by.has_perm("inspections.add_evidence"):
        raise PermissionDenied
    kind = check_upload(upload)
    extension, content_type, _ = KINDS[kind]
    evidence = Evidence(
        finding=finding,
        token=secrets.token_hex(16),
        extension=extension,
        original_name=clean_name(upload.name),
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    upload.seek(0)
    evidence.file.save("ignored", upload, save=False)  # evidence_path() names it
    evidence.save()
    record(finding, "evidence.add", by=by, data={"Tài liệu minh chứng": ["", evidence.original_name]})
    return evidence


@transaction.atomic
def delete_evidence(evidence: Evidence, *, by) -> None:
    """Remove an evidence file; the finding's history keeps its name."""
    if not by.has_perm("inspections.delete_evidence"):
        raise PermissionDenied
    record(
        evidence.finding,
        "evidence.delete",
        by=by,
        data={"Tài liệu minh chứng": [evidence.original_name, ""]},
    )
    name = evidence.file.name
    storage = evidence.file.storage
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))
