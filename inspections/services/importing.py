"""Import an existing notice file as an issued notice, with its plan, round and cited documents.

`preview_import` reads a file and says what it would match and create, writing nothing;
`import_notice_file` does the same and writes it, in one transaction per file. Between the
two, the upload page keeps the file as a pending preview (`stash_pending`), removed once the
import is saved or, if nobody saves it, after a day (`sweep_pending`).
"""

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path, PurePath

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from inspections import pdf, snapshot
from inspections.audit import record
from inspections.importing import Citation, ImportRefused, ParsedNotice, Problem, read_notice
from inspections.models import (
    Inspection,
    InspectionPlan,
    Notice,
    NoticeItem,
    NoticeLegalBasis,
    NoticeRecipient,
    PlanLegalBasis,
    ReferenceDocument,
    UnitCheck,
)
from inspections.services.issuing import new_verification_code
from inspections.services.lifecycle import NOTICE
from inspections.services.register import line_for_notice
from inspections.text import fold
from inspections.vn import vn_number
from units.models import Organization, Unit, User


@dataclass
class Preview:
    """A parsed notice and what it matches in the database (None: would be created)."""

    parsed: ParsedNotice
    organization: Organization
    documents: list[tuple[Citation, ReferenceDocument | None]] = field(default_factory=list)
    plan_citation: Citation | None = None
    plan: InspectionPlan | None = None
    announcement_citation: Citation | None = None
    inspection: Inspection | None = None
    units: list[Unit] = field(default_factory=list)
    signer: User | None = None
    existing: Notice | None = None
    same_as_existing: bool = False

    @property
    def problems(self) -> list[Problem]:
        return self.parsed.problems


@dataclass
class ImportResult:
    notice: Notice
    created: bool  # False: the same notice was already there ("đã có")
    problems: list[Problem]
    made: list[str] = field(default_factory=list)  # what else was created, for the report


def proper_names(organization: Organization) -> list[str]:
    """Names kept capitalised when a title in capitals is put in sentence case."""
    names = [organization.name, organization.parent_name]
    for name, short_name in organization.units.values_list("name", "short_name"):
        names += [name, short_name]
    return [name for name in names if name and len(name) > 3]


def find_organization(symbol: str, organization: Organization | None = None) -> Organization:
    """The issuing body: the one given, or the one whose abbreviation ends the symbol (TB-BQL → BQL)."""
    if organization:
        return organization
    abbreviation = symbol.rsplit("-", 1)[-1]
    found = Organization.objects.filter(abbreviation=abbreviation).first()
    if found:
        return found
    only = list(Organization.objects.all()[:2])
    if len(only) == 1:
        return only[0]
    raise ImportRefused(f"Không xác định được cơ quan ban hành của ký hiệu “{symbol}”.")


def preview_import(data: bytes, filename: str, *, organization: Organization | None = None) -> Preview:
    """Read `data` and match it against the database without writing anything."""
    symbol_guess = Organization.objects.default() if organization is None else organization
    names = proper_names(symbol_guess) if symbol_guess else []
    parsed = read_notice(data, filename, proper_names=names)
    org = find_organization(parsed.symbol, organization)
    if org != symbol_guess:
        parsed = read_notice(data, filename, proper_names=proper_names(org))
    check_lengths(parsed)
    preview = Preview(parsed=parsed, organization=org)
    _match(preview)
    return preview


def check_lengths(parsed: ParsedNotice) -> None:
    """Refuse a notice with a part longer than the notice's fields allow (nothing is cut)."""
    fields = Notice._meta
    parts = [
        ("Trích yếu", parsed.title, fields.get_field("title").max_length),
        ("Địa danh", parsed.place, fields.get_field("place").max_length),
        ("Phần mở đầu", parsed.opening, fields.get_field("opening").max_length),
        ("Phần kết luận", parsed.closing, fields.get_field("closing").max_length),
        ("Chức vụ được ký thay", parsed.authority_title, fields.get_field("authority_title").max_length),
        ("Chức vụ người ký", parsed.signer_title, fields.get_field("signer_title").max_length),
        ("Họ tên người ký", parsed.signer_name, fields.get_field("signer_name").max_length),
        *(
            (f"Mục {n}", text, NoticeItem._meta.get_field("text").max_length)
            for n, text in enumerate(parsed.items, 1)
        ),
        *(
            (f"Nơi nhận thứ {n}", text, NoticeRecipient._meta.get_field("text").max_length)
            for n, text in enumerate(parsed.recipients, 1)
        ),
    ]
    for label, text, limit in parts:
        if len(text) > limit:
            raise ImportRefused(
                f"{label} dài {vn_number(len(text))} ký tự, quá giới hạn {vn_number(limit)} ký tự.",
                parsed.problems,
            )
    for label, count, limit in [
        ("mục", len(parsed.items), Notice.MAX_ITEMS),
        ("nơi nhận", len(parsed.recipients), Notice.MAX_RECIPIENTS),
    ]:
        if count > limit:
            raise ImportRefused(
                f"Có {count} {label}, quá giới hạn {limit} của một thông báo.", parsed.problems
            )


def _own(citation: Citation, organization: Organization) -> bool:
    return citation.number_symbol.endswith(f"-{organization.abbreviation}")


def _match(preview: Preview) -> None:
    parsed, org = preview.parsed, preview.organization
    seen = set()
    for citation in parsed.citations:
        key = (citation.number_symbol, citation.issued_on)
        if key in seen:
            continue
        seen.add(key)
        document = ReferenceDocument.objects.filter(
            number_symbol=citation.number_symbol, issued_on=citation.issued_on
        ).first()
        preview.documents.append((citation, document))
    own_plans = [c for c, _ in preview.documents if c.kind == "plan" and _own(c, org)]
    inspection_plans = [c for c in own_plans if c.summary.lower().startswith("kiểm tra")]
    preview.plan_citation = (inspection_plans or own_plans or [None])[-1]
    announcements = [c for c, _ in preview.documents if c.kind == "notice" and _own(c, org)]
    preview.announcement_citation = announcements[-1] if announcements else None
    documents = {(c.number_symbol, c.issued_on): d for c, d in preview.documents}

    def document_of(citation):
        return documents.get((citation.number_symbol, citation.issued_on)) if citation else None

    plan_document = document_of(preview.plan_citation)
    plans = InspectionPlan.objects.filter(organization=org)
    if plan_document:
        preview.plan = plans.filter(document=plan_document, year=preview.plan_citation.issued_on.year).first()
    elif preview.plan_citation is None:
        preview.plan = plans.filter(year=parsed.year).first()
        parsed.problem(
            None, "", "Không thấy kế hoạch kiểm tra trong phần căn cứ; dùng kế hoạch của năm.", "note"
        )
    preview.units = _match_units(parsed, org)
    if preview.plan:
        preview.inspection = _match_inspection(preview, document_of(preview.announcement_citation))
    preview.signer = _match_signer(parsed.signer_name)
    preview.existing = Notice.objects.filter(
        organization=org, year=parsed.year, symbol=parsed.symbol, number=parsed.number
    ).first()
    if preview.existing:
        preview.same_as_existing = fingerprint_of_notice(preview.existing) == fingerprint_of_parsed(parsed)


def _match_units(parsed: ParsedNotice, org: Organization) -> list[Unit]:
    scope = parsed.scope
    units = list(org.units.active())
    if scope.unit_kind:
        units = [unit for unit in units if unit.kind == scope.unit_kind]
    text, named = scope.text.lower(), []
    for unit in sorted(units, key=lambda u: len(u.name), reverse=True):
        for name in (unit.name, unit.short_name):
            if name and name.lower() in text and unit not in named:
                named.append(unit)
    if named:
        scope.unit_names = [unit.name for unit in named]
        found = sorted(named, key=lambda u: (u.kind, u.order))
    elif scope.unit_kind:
        found = sorted(units, key=lambda u: u.order)
    else:
        parsed.problem(None, scope.text[:80], "Không xác định được phòng, đơn vị được kiểm tra.")
        return []
    if scope.checked is not None and scope.checked != len(found):
        parsed.problem(
            None,
            f"{scope.checked:02d}/{scope.total:02d}",
            f"Văn bản ghi {scope.checked:02d} phòng/đơn vị nhưng tìm được {len(found)} trong danh mục.",
        )
    return found


def _match_inspection(preview: Preview, announcement: ReferenceDocument | None) -> Inspection | None:
    scope = preview.parsed.scope
    inspections = Inspection.objects.filter(plan=preview.plan)
    if announcement:
        inspections = inspections.filter(announcement=announcement)
    elif scope.starts_on:
        inspections = inspections.filter(starts_on=scope.starts_on, ends_on=scope.ends_on)
    else:
        return None
    candidates = list(inspections.prefetch_related("units"))
    if len(candidates) > 1 and scope.starts_on:
        candidates = [r for r in candidates if r.starts_on == scope.starts_on] or candidates
    if len(candidates) > 1 and preview.units:
        wanted = {unit.pk for unit in preview.units}
        candidates = [r for r in candidates if {u.pk for u in r.units.all()} == wanted] or candidates
    return candidates[0] if candidates else None


def _match_signer(name: str) -> User | None:
    if not name:
        return None
    exact = User.objects.filter(full_name=name).first()
    if exact:
        return exact
    folded = fold(name)
    return next((u for u in User.objects.exclude(full_name="") if fold(u.full_name) == folded), None)


def fingerprint_of_parsed(parsed: ParsedNotice) -> dict:
    return {
        "issued_on": parsed.issued_on,
        "title": parsed.title,
        "opening": parsed.opening,
        "items": list(parsed.items),
        "closing": parsed.closing,
        "recipients": list(parsed.recipients),
        "signer": (parsed.authority, parsed.authority_title, parsed.signer_title, parsed.signer_name),
        "bases": list(dict.fromkeys(c.number_symbol for c in parsed.citations)),
    }


def fingerprint_of_notice(notice: Notice) -> dict:
    """The same fields as fingerprint_of_parsed, read from a stored notice (what a round trip keeps)."""
    return {
        "issued_on": notice.issued_on,
        "title": notice.title,
        "opening": notice.opening,
        "items": [item.text for item in notice.items.order_by("position", "pk")],
        "closing": notice.closing,
        "recipients": [r.text for r in notice.recipients.order_by("position", "pk")],
        "signer": (notice.authority, notice.authority_title, notice.signer_title, notice.signer_name),
        "bases": [
            link.document.number_symbol
            for link in notice.basis_links.select_related("document").order_by("position", "pk")
        ],
    }


def taken_message(parsed: ParsedNotice) -> str:
    return f"Số {parsed.reference} năm {parsed.year} đã thuộc thông báo khác; không nhập."


def import_notice_file(
    data: bytes, filename: str, *, by, organization: Organization | None = None, with_pdf: bool = False
) -> ImportResult:
    """Import one notice file as an issued, imported notice; nothing is written if it is refused.

    With `with_pdf`, the app also renders, signs and stores its own PDF of the record (with a
    verification code), so the notice can be printed and verified like one issued here.
    """
    if not NOTICE.permitted(Notice(imported=True), "import", by):
        raise PermissionDenied("Chỉ văn thư được nhập thông báo đã ban hành.")
    preview = preview_import(data, filename, organization=organization)
    parsed = preview.parsed
    if preview.existing:
        if preview.same_as_existing:
            return ImportResult(preview.existing, False, parsed.problems)
        raise ImportRefused(taken_message(parsed), parsed.problems)
    stored = []
    try:
        with transaction.atomic():
            result = _write(preview, data, filename, by=by, stored=stored, with_pdf=with_pdf)
    except IntegrityError:
        _remove(stored)
        raise ImportRefused(taken_message(parsed), parsed.problems) from None
    except BaseException:
        _remove(stored)
        raise
    return result


def _remove(stored: list) -> None:
    for field_file in stored:
        field_file.storage.delete(field_file.name)


def _title_case_position(title: str) -> str:
    lowered = title.lower()
    return (lowered[:1].upper() + lowered[1:]).replace("trưởng ban", "Trưởng ban")


def _write(
    preview: Preview, data: bytes, filename: str, *, by, stored: list, with_pdf: bool = False
) -> ImportResult:
    parsed, org, made = preview.parsed, preview.organization, []
    documents = {}
    for citation, document in preview.documents:
        if document is None:
            document = ReferenceDocument(
                kind=citation.kind,
                number_symbol=citation.number_symbol,
                issued_on=citation.issued_on,
                issuer=citation.issuer[:200],
                summary=(citation.summary or "(không ghi trích yếu)")[:500],
            )
            document.full_clean()
            document.refresh_search_text()
            document.save()
            made.append(f"Văn bản căn cứ {document}")
        documents[(citation.number_symbol, citation.issued_on)] = document

    def document_of(citation):
        return documents.get((citation.number_symbol, citation.issued_on)) if citation else None

    plan = preview.plan
    if plan is None:
        plan_citation = preview.plan_citation
        plan = InspectionPlan.objects.create(
            organization=org,
            year=plan_citation.issued_on.year if plan_citation else parsed.year,
            title=f"Kế hoạch {plan_citation.summary}"
            if plan_citation
            else f"Kế hoạch kiểm tra năm {parsed.year}",
            document=document_of(plan_citation),
        )
        if plan_citation:
            before = [c for c, _ in preview.documents][
                : [c for c, _ in preview.documents].index(plan_citation)
            ]
            for position, citation in enumerate(before, start=1):
                PlanLegalBasis.objects.create(plan=plan, document=document_of(citation), position=position)
        made.append(f"Kế hoạch kiểm tra {plan}")
    inspection = preview.inspection or _create_inspection(
        preview, plan, document_of(preview.announcement_citation)
    )
    if preview.inspection is None:
        made.append(f"Đợt kiểm tra {inspection} ({len(preview.units)} phòng/đơn vị)")
    signer = preview.signer
    if signer is None and parsed.signer_name:
        signer = _create_signer(parsed)
        made.append(f"Người ký {signer.full_name} (tài khoản chưa kích hoạt: {signer.username})")

    authority = parsed.authority if parsed.authority in Notice.Authority.values else ""
    # Stored as a draft while its parts are added (an issued notice refuses new parts), then
    # moved to "issued" by the table's "import" action, the one route that skips review.
    notice = Notice.objects.create(
        inspection=inspection,
        organization=org,
        symbol=parsed.symbol,
        place=parsed.place or org.place,
        title=parsed.title,
        opening=parsed.opening,
        closing=parsed.closing,
        signer=signer,
        authority=authority,
        created_by=by,
        imported=True,
    )
    NoticeItem.objects.bulk_create(
        NoticeItem(notice=notice, position=i, text=text) for i, text in enumerate(parsed.items, start=1)
    )
    NoticeRecipient.objects.bulk_create(
        NoticeRecipient(notice=notice, position=i, text=text)
        for i, text in enumerate(parsed.recipients, start=1)
    )
    NoticeLegalBasis.objects.bulk_create(
        NoticeLegalBasis(notice=notice, position=i, document=document_of(citation))
        for i, (citation, _) in enumerate(preview.documents, start=1)
    )
    extension = PurePath(filename).suffix.lower() or ".txt"
    if not re.fullmatch(r"\.[a-z0-9]{1,5}", extension):
        extension = ".txt"
    notice.source_file.save(
        f"{parsed.number}-{parsed.symbol}-{parsed.year}{extension}", ContentFile(data), save=False
    )
    stored.append(notice.source_file)
    NOTICE.require(notice, "import", by)
    notice.transition("import")
    notice.number, notice.issued_on, notice.year = parsed.number, parsed.issued_on, parsed.year
    notice.authority_title = parsed.authority_title
    notice.signer_title = parsed.signer_title
    notice.signer_name = parsed.signer_name
    notice.refresh_search_text(parsed.items)
    # Its header, citations (in the file's own words) and signing block, never the live records.
    notice.issued_snapshot = snapshot.take(notice, citations=[c.text for c, _ in preview.documents])
    if with_pdf:
        _store_paper_copy(notice)
        stored.append(notice.pdf)
    with transaction.atomic():  # a savepoint, so a number taken meanwhile is reported cleanly
        notice.save()
        line_for_notice(notice).save()  # its number in the outgoing register's series
    record(
        notice,
        "notice.import",
        by=by,
        data={"file": filename, "made": made, "problems": [str(p) for p in parsed.problems]},
    )
    return ImportResult(notice, True, parsed.problems, made)


def _create_inspection(preview: Preview, plan: InspectionPlan, announcement) -> Inspection:
    parsed, scope = preview.parsed, preview.parsed.scope
    starts_on, ends_on = scope.starts_on, scope.ends_on
    if starts_on is None:
        starts_on = ends_on = parsed.issued_on
        parsed.problem(None, "", "Không thấy ngày kiểm tra; đợt kiểm tra mới lấy ngày của thông báo.")
    title = re.sub(r"^kết quả\s+", "", parsed.title, flags=re.I)
    title = title[:1].upper() + title[1:]
    if str(plan.year) not in title:
        title = f"{title} năm {plan.year}"
    inspection = Inspection.objects.create(
        plan=plan,
        title=title[:300],
        announcement=announcement,
        starts_on=starts_on,
        ends_on=ends_on or starts_on,
    )
    inspection.units.set(preview.units)
    UnitCheck.objects.bulk_create(
        UnitCheck(inspection=inspection, unit=unit, checked_on=starts_on, status=UnitCheck.Status.DONE)
        for unit in preview.units
    )
    return inspection


def _create_signer(parsed: ParsedNotice) -> User:
    base = ".".join(fold(parsed.signer_name).split()) or "nguoi.ky"
    username, suffix = base, 1
    while User.objects.filter(username=username).exists():
        suffix += 1
        username = f"{base}{suffix}"
    user = User(
        username=username,
        full_name=parsed.signer_name,
        title=_title_case_position(parsed.signer_title),
        is_active=False,
    )
    user.set_unusable_password()
    user.save()
    return user


PENDING_DIR = "imports/pending"
PENDING_MAX_AGE = timedelta(days=1)


def stash_pending(data: bytes, filename: str) -> str:
    """Keep an uploaded file until the clerk saves its preview; return its storage name."""
    suffix = PurePath(filename).suffix.lower()
    extension = suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else ""
    return default_storage.save(f"{PENDING_DIR}/{secrets.token_urlsafe(16)}{extension}", ContentFile(data))


def read_pending(name: str) -> bytes | None:
    """The bytes of a pending preview, or None once it has been saved or swept."""
    if not name.startswith(f"{PENDING_DIR}/"):
        return None
    try:
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def discard_pending(name: str) -> None:
    if name.startswith(f"{PENDING_DIR}/"):
        default_storage.delete(name)


def sweep_pending(*, older_than: timedelta = PENDING_MAX_AGE, now: datetime | None = None) -> int:
    """Delete pending previews nobody saved within `older_than`; return how many."""
    cutoff = (now or timezone.now()) - older_than
    try:
        _, names = default_storage.listdir(PENDING_DIR)
    except FileNotFoundError:
        return 0
    swept = 0
    for name in names:
        path = f"{PENDING_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                swept += 1
        except FileNotFoundError:
            continue  # removed meanwhile by the clerk's own save
    return swept


DEMO_DATA = Path(__file__).resolve().parent.parent / "demo_data"
DEMO_FILES = ["2880-TB-BQL-2023.txt", "2819-TB-BQL-2023.txt"]


def import_demo_notices(organization: Organization) -> list[ImportResult]:
    """Import the two real notices of 14/6/2023 kept in inspections/demo_data/ (idempotent)."""
    clerk = User.objects.filter(groups__name="clerk", is_active=True).order_by("pk").first()
    clerk = clerk or User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    results = []
    for name in DEMO_FILES:
        path = DEMO_DATA / name
        with open(path, "rb") as handle:
            results.append(import_notice_file(handle.read(), name, by=clerk, organization=organization))
    return results


def _store_paper_copy(notice: Notice) -> None:
    """Render and store the app's copy of a notice signed on paper; the caller saves the row.

    The copy says "(Đã ký)" where the signature stands and carries no digital signature; its
    verification code leads to the notice's public page like any issued file.
    """
    notice.verification_code = notice.verification_code or new_verification_code()
    copy = pdf.render_paper_copy(notice)
    notice.pdf.save(f"{notice.file_stem}.pdf", ContentFile(copy), save=False)
    notice.pdf_sha256 = hashlib.sha256(copy).hexdigest()


@transaction.atomic
def attach_paper_copy(notice: Notice, *, by) -> Notice:
    """Give a notice imported from paper, issued without a file, the app's unsigned copy (once).

    The one write an issued notice takes; the model and the database triggers let nothing
    else through. What `import_notice --pdf` does at import, for a notice imported without it.
    """
    notice = (
        Notice.objects.select_for_update(of=("self",))
        .select_related("organization", "signer")
        .get(pk=notice.pk)
    )
    NOTICE.require(notice, "paper_copy", by)
    _store_paper_copy(notice)
    try:
        notice.save(update_fields=sorted(Notice.PAPER_COPY_FIELDS))
        record(notice, "notice.paper_copy", by=by, data={"sha256": notice.pdf_sha256})
    except BaseException:
        notice.pdf.storage.delete(notice.pdf.name)
        raise
    return notice
