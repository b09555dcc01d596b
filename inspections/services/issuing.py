"""Issuing a notice: the register number and date, the frozen PDF and its hash."""

import contextlib
import hashlib
import os
import secrets
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from inspections import snapshot
from inspections.audit import record
from inspections.models import Notice, NoticeSigning
from inspections.models.register import MAX_NUMBER, DocumentKind
from inspections.paperwork import citations
from inspections.services import signing
from inspections.services.lifecycle import NOTICE
from inspections.services.notices import snapshot_signer
from inspections.services.register import (
    NumberTaken,
    holder,
    line_for_notice,
    next_free,
    series_of,
    taken_message,
)
from inspections.vn import vn_short_date
from units.models import Organization

# Crockford-style alphabet: no 0/O or 1/I/L to misread when typed from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 10


__all__ = ["NumberTaken", "issue_notice", "suggest_number"]


def suggest_number(organization: Organization, year: int, kind: str = DocumentKind.NOTICE) -> int:
    """Return the next free number in `year` of the series a document of register `kind` is
    numbered in (services/register.py): the one common series unless the organisation keeps
    one per kind."""
    return next_free(organization, year, kind)


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
    elif number is not None and number > MAX_NUMBER:
        errors["number"] = f"Số văn bản tối đa là {MAX_NUMBER}."
    today = timezone.localdate()
    if issued_on > today:
        errors["issued_on"] = f"Ngày ban hành không được sau hôm nay ({vn_short_date(today)})."
    elif notice.approved_at and issued_on < timezone.localdate(notice.approved_at):
        approved = vn_short_date(timezone.localdate(notice.approved_at))
        errors["issued_on"] = f"Ngày ban hành không được trước ngày duyệt ({approved})."
    return errors


PENDING_FOLDER = "notices/pending"


@dataclass
class SealedPdf:
    """A sealed PDF written under a pending name, to be moved to `final` by the commit."""

    storage: object
    pending: str
    final: str
    size: int
    moved: bool = False

    def move(self) -> None:
        """Give the file its final name (replacing an unreferenced file of that name: the orphan
        of an earlier attempt at this number) and drop this notice's other attempts' pending
        files (of a process that died before its commit)."""
        _rename(self.storage, self.pending, self.final)
        self.moved = True
        prefix = PurePosixPath(self.pending).name.rsplit("-", 1)[0] + "-"
        with contextlib.suppress(OSError, NotImplementedError):
            for name in self.storage.listdir(PENDING_FOLDER)[1]:
                if name.startswith(prefix):
                    self.storage.delete(f"{PENDING_FOLDER}/{name}")

    def discard(self) -> None:
        """Nothing was issued: remove whatever this attempt wrote."""
        self.storage.delete(self.pending)
        if self.moved:
            self.storage.delete(self.final)


def store_issued_pdf(notice: Notice) -> SealedPdf:
    """Number, date and seal the leader-signed PDF (services.signing); store it under a pending
    name and set `notice.pdf` (its final name) and its SHA-256.

    Only the commit gives the file its final name (SealedPdf.move, the last write of the
    issuing transaction): a process that dies before leaves a pending file, never a signed
    file under a notice's final name; `check_storage` lists it, and issuing the number again
    removes it. The caller discards the file if the commit fails.
    """
    data = signing.seal_notice(notice)
    storage = notice.pdf.storage
    # Named by the notice too: a commit removes its own notice's dead attempts only, never the
    # file another notice is rendering at this number (whose commit will be refused anyway).
    stem = f"{notice.organization_id}-{notice.file_stem}-n{notice.pk}"
    pending = storage.save(f"{PENDING_FOLDER}/{stem}-{secrets.token_hex(6)}.pdf", ContentFile(data))
    final = f"notices/{notice.file_stem}.pdf"
    if Notice.objects.filter(pdf=final).exclude(pk=notice.pk).exists():  # another body's notice
        final = storage.get_available_name(final)
    notice.pdf.name = final
    notice.pdf_sha256 = hashlib.sha256(data).hexdigest()
    return SealedPdf(storage, pending, final, len(data))


def _rename(storage, source: str, target: str) -> None:
    try:
        source_path, target_path = storage.path(source), storage.path(target)
    except NotImplementedError:  # not a file system: copy, then delete
        with storage.open(source, "rb") as handle:
            if storage.exists(target):
                storage.delete(target)
            if storage.save(target, handle) != target:
                raise OSError(f"storage did not keep the name {target}") from None
        storage.delete(source)
        return
    os.makedirs(os.path.dirname(target_path), exist_ok=True)
    os.replace(source_path, target_path)


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


class _Claims:
    """Numbers this process is rendering right now, by (organisation, year, symbol).

    Two clerks served by one process are offered different numbers without either waiting
    for the other's render; between processes, the commit's check decides (see issue_notice).
    """

    def __init__(self):
        self._mutex = threading.Lock()
        self._numbers: set[tuple] = set()

    def claim(self, key: tuple, number: int | None, first_free: int) -> int:
        """Claim `number`, or the first number from `first_free` nobody here is rendering."""
        with self._mutex:
            if number is None:
                number = first_free
                while (*key, number) in self._numbers:
                    number += 1
            self._numbers.add((*key, number))
            return number

    def release(self, key: tuple, number: int) -> None:
        with self._mutex:
            self._numbers.discard((*key, number))


_claims = _Claims()
# A suggested number committed by another process while this one rendered is replaced by
# the next free one and rendered again, at most this many times in all.
ATTEMPTS = 5


class _NumberMoved(Exception):
    """The suggested number, or the notice itself, changed while the PDF was rendered."""


def issue_notice(notice: Notice, *, by, number: int | None = None, issued_on: date | None = None) -> Notice:
    """Number, date, seal and store `notice` once; from then on it never changes.

    Writing the number and date into the leader-signed PDF and adding the board's signature
    runs without any lock another clerk needs. One short transaction then locks the organisation
    row and writes number, PDF and status together, provided the number is still free and
    the notice unchanged. A typed number taken meanwhile is refused (NumberTaken); a
    suggested one is replaced by the next free number and sealed again (clerks of one
    process are never offered the same number: _Claims). Nothing is written before that
    transaction, so a failed signature, or a worker killed half-way, leaves the notice approved
    and unnumbered, as it was.
    """
    if not NOTICE.permitted(notice, "issue", by):
        raise PermissionDenied
    for _ in range(ATTEMPTS):
        prepared = _prepare(notice, by=by, number=number, issued_on=issued_on)
        kind = prepared.spec.register_kind
        key = (prepared.organization_id, prepared.year, series_of(prepared.organization, kind))
        first_free = suggest_number(prepared.organization, prepared.year, kind)
        prepared.number = _claims.claim(key, number, first_free)
        try:
            if number is not None and _taken(prepared):
                raise NumberTaken(_taken_message(prepared))  # before the render: nothing to wait for
            return _render_and_commit(prepared, by=by, typed=number is not None)
        except _NumberMoved:
            continue
        finally:
            _claims.release(key, prepared.number)
    raise NumberTaken("Các số vừa đề xuất đã lần lượt được cấp cho văn bản khác; vui lòng ban hành lại.")


def _prepare(notice: Notice, *, by, number: int | None, issued_on: date | None) -> Notice:
    """A fresh copy of `notice` with date, year, code and signing block set, not saved."""
    notice = Notice.objects.select_related("organization", "signer").get(pk=notice.pk)
    NOTICE.require(notice, "issue", by)
    issued_on = issued_on or timezone.localdate()
    errors = check_issue_values(notice, number, issued_on)
    if errors:
        raise ValidationError(errors)
    notice.issued_on = issued_on
    notice.year = issued_on.year
    # The code (and its QR) and the signing block were printed in the PDF the leader signed.
    notice.verification_code = notice.verification_code or new_verification_code()
    if not NoticeSigning.objects.filter(notice=notice).exclude(approved_pdf="").exists():
        snapshot_signer(notice)
    return notice


def _taken(notice: Notice) -> bool:
    same = {"organization": notice.organization_id, "year": notice.year, "symbol": notice.symbol}
    if Notice.objects.filter(number=notice.number, **same).exclude(pk=notice.pk).exists():
        return True
    return holder(notice.organization, notice.year, notice.spec.register_kind, notice.number) is not None


def _taken_message(notice: Notice) -> str:
    """Names the document that holds the number, of whatever kind, in the notice's series."""
    entry = holder(notice.organization, notice.year, notice.spec.register_kind, notice.number)
    if entry is None:
        return f"Số {notice.reference} năm {notice.year} đã được dùng."
    return taken_message(notice.number, notice.year, entry, reference=notice.reference)


def _render_and_commit(notice: Notice, *, by, typed: bool) -> Notice:
    """Number, date and seal the PDF (no lock), then commit; the file goes again if nothing is issued."""
    notice.refresh_search_text([item.text for item in notice.items.all()])  # holds the number
    sealed = store_issued_pdf(notice)
    try:
        # SQLite has one write lock for the whole file and gives it to whichever waiting
        # connection polls first, not to the one that waited longest: ten clerks committing
        # back to back in one process (bench/issue_load.py) starved some of them past the busy
        # timeout. They queue here in arrival order instead; PostgreSQL queues row locks itself.
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            with _sqlite_turns:
                return _commit(notice, sealed, by=by, typed=typed)
        return _commit(notice, sealed, by=by, typed=typed)
    except BaseException:
        sealed.discard()
        raise


@transaction.atomic
def _commit(notice: Notice, sealed: SealedPdf, *, by, typed: bool) -> Notice:
    """Write the prepared notice, its stored PDF and the status "issued" in one transaction.

    Two clerks committing at the same moment run one after the other: on PostgreSQL because
    the organisation row is locked first, on SQLite because every transaction begins
    IMMEDIATE (settings). The unique constraint on (organization, year, symbol, number) is
    the last guard. The status becomes "issued" only in the last write, because an issued
    row refuses every later write (model and database triggers).
    """
    Organization.objects.select_for_update().get(pk=notice.organization_id)
    current = Notice.objects.select_for_update().get(pk=notice.pk)
    NOTICE.require(current, "issue", by)  # asked again under the lock
    if current.updated_at != notice.updated_at:
        raise _NumberMoved  # changed while it rendered: render what is there now
    # What it shows without owning it (header, citations, signing block), as it stands now:
    # from here on every output of the notice reads this, never the live records.
    notice.issued_snapshot = snapshot.take(notice)
    try:
        with transaction.atomic():  # savepoint: a number taken meanwhile is told apart cleanly
            notice.save()
            # The register line holds the number in the series shared with every other kind.
            line_for_notice(notice).save()
    except IntegrityError:
        if typed and _taken(notice):
            raise NumberTaken(_taken_message(notice)) from None
        raise _NumberMoved from None
    record(notice, "notice.number", by=by, data={"number": notice.number, "issued_on": notice.issued_on})
    record(notice, "notice.seal", by=by, data={"sha256": notice.pdf_sha256, "bytes": sealed.size})
    notice.transition("issue")
    notice.save()
    # A plan, decision or schedule notice becomes the citation of the round's later documents.
    citations.record_issued(notice)
    record(
        notice,
        "notice.issue",
        by=by,
        data={"number": notice.number, "issued_on": notice.issued_on, "sha256": notice.pdf_sha256},
    )
    # The last write before COMMIT (a rename): the file takes its final name only with the
    # record. Not transaction.on_commit: a process dying between COMMIT and that callback
    # would leave an issued record without its file.
    sealed.move()
    return notice
