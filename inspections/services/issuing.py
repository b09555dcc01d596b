"""Issuing a notice: the register number and date, the frozen PDF and its hash."""

import hashlib
import secrets
import threading
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from inspections.audit import record
from inspections.models import Notice, NoticeSigning, TransitionError
from inspections.services import signing
from inspections.services.notices import snapshot_signer
from inspections.vn import vn_short_date
from units.models import Organization

# Crockford-style alphabet: no 0/O or 1/I/L to misread when typed from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 10


class NumberTaken(Exception):
    """The register number is already used by this organisation this year."""


def suggest_number(organization: Organization, year: int) -> int:
    """Return the number after the highest one any notice of `organization` holds in `year`."""
    highest = Notice.objects.filter(organization=organization, year=year).aggregate(Max("number"))
    return (highest["number__max"] or 0) + 1


def new_verification_code() -> str:
    """A short random code printed on the PDF and used by the public verification page."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Notice.objects.filter(verification_code=code).exists():
            return code


def check_issue_values(notice: Notice, number, issued_on: date) -> dict[str, str]:
    """Return {field: Vietnamese message} for a number or date the law does not allow."""
    errors = {}
    if number is not None and (not isinstance(number, int) or isinstance(number, bool) or number <= 0):
        errors["number"] = "Số văn bản phải là số nguyên lớn hơn 0."
    today = timezone.localdate()
    if issued_on > today:
        errors["issued_on"] = f"Ngày ban hành không được sau hôm nay ({vn_short_date(today)})."
    elif notice.approved_at and issued_on < timezone.localdate(notice.approved_at):
        approved = vn_short_date(timezone.localdate(notice.approved_at))
        errors["issued_on"] = f"Ngày ban hành không được trước ngày duyệt ({approved})."
    return errors


def store_issued_pdf(notice: Notice) -> int:
    """Number, date and seal the leader-signed PDF (services.signing), store it and its SHA-256.

    Returns its size. The caller saves the notice, and deletes `notice.pdf` from storage if
    that save fails.
    """
    data = signing.seal_notice(notice)
    notice.pdf.save(f"{notice.file_stem}.pdf", ContentFile(data), save=False)
    notice.pdf_sha256 = hashlib.sha256(data).hexdigest()
    return len(data)


class _TurnLock:
    """A lock handed out in arrival order (threading.Lock promises no order)."""

    def __init__(self):
        self._changed = threading.Condition()
        self._next_ticket = 0
        self._serving = 0

    def __enter__(self):
        with self._changed:
            ticket = self._next_ticket
            self._next_ticket += 1
            self._changed.wait_for(lambda: self._serving == ticket)

    def __exit__(self, *exc):
        with self._changed:
            self._serving += 1
            self._changed.notify_all()


_sqlite_turns = _TurnLock()


def issue_notice(notice: Notice, *, by, number: int | None = None, issued_on: date | None = None) -> Notice:
    """Number, date, render and store `notice` once (see _issue), clerks taking turns on SQLite.

    SQLite has one write lock for the whole file and gives it to whichever waiting connection
    polls first, not to the one that waited longest. Ten clerks issuing back to back in one
    process (bench/issue_load.py) starved some of them past the busy timeout (20 s):
    "database is locked" after a wait, not a conflict. Within a process they now queue in
    arrival order before asking SQLite, so SQLite sees one writer per process at a time.
    PostgreSQL queues the row locks itself.
    """
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with _sqlite_turns:
            return _issue(notice, by=by, number=number, issued_on=issued_on)
    return _issue(notice, by=by, number=number, issued_on=issued_on)


@transaction.atomic
def _issue(notice: Notice, *, by, number: int | None, issued_on: date | None) -> Notice:
    """Number, date, render and store `notice` once; from then on it never changes.

    Two clerks issuing at the same moment run one after the other: on PostgreSQL because
    the organisation row is locked first, on SQLite because every transaction begins
    IMMEDIATE (settings). The unique constraint on (organization, year, symbol, number) is
    the last guard. The status becomes "issued" only in the last write, after the PDF is
    stored, because an issued row refuses every later write (model and database triggers).
    """
    if not by.has_perm(Notice.TRANSITIONS["issue"].permission):
        raise PermissionDenied
    organization = Organization.objects.select_for_update().get(pk=notice.organization_id)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.status != Notice.Status.APPROVED:
        raise TransitionError(
            f"Chỉ ban hành được thông báo đã duyệt; thông báo này đang “{notice.get_status_display()}”."
        )
    issued_on = issued_on or timezone.localdate()
    errors = check_issue_values(notice, number, issued_on)
    if errors:
        raise ValidationError(errors)

    notice.issued_on = issued_on
    notice.year = issued_on.year
    notice.number = number or suggest_number(organization, notice.year)
    # The code (and its QR) and the signing block were printed in the PDF the leader signed.
    notice.verification_code = notice.verification_code or new_verification_code()
    if not NoticeSigning.objects.filter(notice=notice).exclude(approved_pdf="").exists():
        snapshot_signer(notice)
    notice.refresh_search_text([item.text for item in notice.items.all()])
    try:
        with transaction.atomic():  # savepoint: a taken number fails fast, before the slow render
            notice.save()
    except IntegrityError:
        raise NumberTaken(f"Số {notice.reference} năm {notice.year} đã được dùng.") from None
    record(notice, "notice.number", by=by, data={"number": notice.number, "issued_on": issued_on})

    # Sealed inside the transaction: if the board's signature fails, nothing was issued.
    size = store_issued_pdf(notice)
    try:
        record(notice, "notice.seal", by=by, data={"sha256": notice.pdf_sha256, "bytes": size})
        notice.transition("issue")
        notice.save()
    except Exception:
        notice.pdf.storage.delete(notice.pdf.name)
        raise
    record(
        notice,
        "notice.issue",
        by=by,
        data={"number": notice.number, "issued_on": issued_on, "sha256": notice.pdf_sha256},
    )
    return notice
