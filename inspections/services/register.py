"""The outgoing register: series, the next free number, entries made outside the app.

Decree 30 (Điều 15) numbers documents in issue order within the year; how administrative
documents share series is the head's choice (Organization.numbering). The board keeps one
series for every kind: 146/KH, 810/KH, 2335/TB, 2535/TB, 2819/TB, 2880/TB in 2023.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max

from inspections.audit import record
from inspections.models import Notice, RegisterEntry
from inspections.models.register import DocumentKind, RegisterEntryFrozen
from inspections.vn import register_number, vn_number, vn_short_date
from units.models import Organization


class NumberTaken(Exception):
    """The register number is already used in its series this year."""


def series_of(organization: Organization, kind: str) -> str:
    """The series a document of `kind` is numbered in: "" for the one common series."""
    return kind if organization.numbering == Organization.Numbering.PER_KIND else ""


def series_label(organization: Organization, kind: str) -> str:
    if series_of(organization, kind):
        return f"dãy số {DocumentKind(kind).label}"
    return "dãy số chung mọi loại văn bản"


def next_free(organization: Organization, year: int, kind: str = DocumentKind.NOTICE) -> int:
    """Return the number after the highest one the series of `kind` holds in `year`."""
    entries = RegisterEntry.objects.in_series(organization, year, series_of(organization, kind))
    return (entries.aggregate(Max("number"))["number__max"] or 0) + 1


def holder(organization: Organization, year: int, kind: str, number: int, *, exclude=None):
    """The register line that holds `number` in the series of `kind` in `year`, or None."""
    entries = RegisterEntry.objects.in_series(organization, year, series_of(organization, kind))
    if exclude is not None:
        entries = entries.exclude(pk=exclude.pk)
    return entries.filter(number=number).first()


def taken_message(number: int, year: int, entry: RegisterEntry, *, reference: str = "") -> str:
    """'Số 2880/TB-BQL năm 2023 đã được dùng (Thông báo 2880/TB-BQL ngày 14/6/2023, dãy số chung …).'"""
    what = f"{DocumentKind(entry.kind).label} {entry.reference} ngày {vn_short_date(entry.issued_on)}"
    shown = reference or register_number(number)
    return f"Số {shown} năm {year} đã được dùng ({what}, {series_label(entry.organization, entry.kind)})."


def gap_question(organization: Organization, year: int, kind: str, number: int) -> str:
    """The confirmation a number far ahead of the next free one needs, or "" when it needs none.

    "Số 28800 sẽ bỏ trống 25919 số, từ 2881 đến 28799. Xác nhận?"
    """
    first = next_free(organization, year, kind)
    skipped = number - first
    if skipped <= organization.number_gap_limit:
        return ""
    last = number - 1
    span = f"số {register_number(first)}" if skipped == 1 else f"từ {first} đến {last}"
    return f"Số {number} sẽ bỏ trống {skipped} số, {span}. Xác nhận?"


def line_for_notice(notice: Notice) -> RegisterEntry:
    """The register line of `notice` as it is issued (not saved): what the register shows forever."""
    kind = notice.spec.register_kind
    entry = RegisterEntry(
        organization_id=notice.organization_id,
        kind=kind,
        series=series_of(notice.organization, kind),
        year=notice.year,
        number=notice.number,
        symbol=notice.symbol,
        issued_on=notice.issued_on,
        summary=notice.title,
        signer_name=notice.signer_name or (notice.signer.display_name if notice.signer_id else ""),
        recipients="\n".join(notice.recipients.values_list("text", flat=True)),
        notice=notice,
        entered_by_id=notice.approved_by_id or notice.created_by_id,
    )
    entry.refresh_search_text()
    return entry


# The fields of an entry that fix its place in the series.
PLACE_FIELDS = ("kind", "number", "issued_on")


@dataclass
class Correction:
    allowed: bool
    reason: str = ""


def correction_rule(entry: RegisterEntry) -> Correction:
    """Whether `entry`'s number, kind and date may still be corrected.

    Only a line entered by hand, and only while no later line of its series was registered
    after it: a later number was suggested from this one (or leaves a gap it explains), so
    moving it then would silently change what the later one meant. Its summary, signer and
    recipients can be corrected at any time, always with a reason that the trail keeps.
    """
    if entry.notice_id:
        return Correction(False, "Dòng sổ của văn bản ban hành trong ứng dụng không sửa được.")
    later = RegisterEntry.objects.in_series(entry.organization_id, entry.year, entry.series).filter(
        pk__gt=entry.pk
    )
    first = later.order_by("pk").first()
    if first:
        return Correction(
            False,
            f"Số, loại và ngày không sửa được nữa: sau dòng này đã vào sổ {first.reference} "
            f"ngày {vn_short_date(first.issued_on)}. Chỉ sửa được trích yếu, người ký, nơi nhận.",
        )
    return Correction(True)


@transaction.atomic
def enter_document(form, *, by) -> RegisterEntry:
    """Enter a document issued outside the app in the register, at the number it carries.

    Locks the organisation row, as issuing does, so that a clerk entering and a clerk
    issuing the same number run one after the other; the unique constraint is the last guard.
    """
    if not by.has_perm("inspections.add_registerentry"):
        raise PermissionDenied
    entry = form.instance
    organization = Organization.objects.select_for_update().get(pk=form.organization.pk)
    entry.organization = organization
    entry.series = series_of(organization, entry.kind)
    entry.year = entry.issued_on.year
    entry.entered_by = by
    entry.refresh_search_text()
    taken = holder(organization, entry.year, entry.kind, entry.number)
    if taken:
        raise NumberTaken(taken_message(entry.number, entry.year, taken, reference=entry.reference))
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        taken = holder(organization, entry.year, entry.kind, entry.number)
        if taken:
            raise NumberTaken(
                taken_message(entry.number, entry.year, taken, reference=entry.reference)
            ) from None
        raise
    record(entry, "registerentry.create", by=by, data={"entry": _snapshot(entry)})
    return entry


@transaction.atomic
def correct_entry(form, *, reason: str, by) -> RegisterEntry:
    """Correct a line entered by hand; the reason and the old values go into the trail."""
    if not by.has_perm("inspections.change_registerentry"):
        raise PermissionDenied
    entry = form.instance
    stored = RegisterEntry.objects.select_for_update().get(pk=entry.pk)
    if stored.notice_id:
        raise RegisterEntryFrozen("Dòng sổ của văn bản đã ban hành trong ứng dụng không thể sửa.")
    moved = [name for name in PLACE_FIELDS if getattr(stored, name) != getattr(entry, name)]
    if moved:
        rule = correction_rule(stored)
        if not rule.allowed:
            raise RegisterEntryFrozen(rule.reason)
        organization = Organization.objects.select_for_update().get(pk=stored.organization_id)
        entry.series = series_of(organization, entry.kind)
        entry.year = entry.issued_on.year
        taken = holder(organization, entry.year, entry.kind, entry.number, exclude=entry)
        if taken:
            raise NumberTaken(taken_message(entry.number, entry.year, taken, reference=entry.reference))
    changes = {
        name: [str(getattr(stored, name)), str(getattr(entry, name))]
        for name in ("kind", "number", "symbol", "issued_on", "summary", "signer_name", "recipients")
        if getattr(stored, name) != getattr(entry, name)
    }
    entry.refresh_search_text()
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise NumberTaken(f"Số {entry.reference} năm {entry.year} đã được dùng.") from None
    record(entry, "registerentry.correct", by=by, data={"comment": reason, "changes": changes})
    return entry


def _snapshot(entry: RegisterEntry) -> dict:
    return {
        "kind": entry.kind,
        "number": entry.number,
        "symbol": entry.symbol,
        "issued_on": entry.issued_on,
        "summary": entry.summary,
        "signer_name": entry.signer_name,
        "recipients": entry.recipients,
    }


# --- What the register page shows about each series: gaps, jumps, duplicates, order ---


@dataclass
class Remark:
    """One remark about a series: a gap, a jump (a gap past the setting), a duplicate, a date out of order."""

    kind: str  # "gap", "jump", "duplicate", "order"
    year: int
    series: str  # "" or the kind's label
    text: str
    before: int | None = None  # the number the remark sits before in the table


# A gap is called a jump when more numbers are skipped than the year's pace could have given
# between the two dates, this many times over (the board gives 15-20 a working day).
JUMP_PACE_FACTOR = 5


def _is_jump(previous: tuple, number: int, issued_on, skipped: int, gap_limit: int) -> bool:
    """28800 the day after 2880: far more numbers skipped than the year's pace allows."""
    if skipped <= gap_limit:
        return False
    year_start = issued_on.replace(month=1, day=1)
    pace = previous[2] / ((previous[3] - year_start).days + 1)  # numbers a day so far this year
    days = max(0, (issued_on - previous[3]).days) + 1
    return skipped > JUMP_PACE_FACTOR * pace * days


def series_remarks(rows: list[tuple], *, gap_limit: int) -> list[Remark]:
    """Remarks about lines given as (year, series label, number, issued_on, reference).

    Rows must be sorted by year, series label, number.
    """
    remarks: list[Remark] = []
    previous = None
    for year, label, number, issued_on, reference in rows:
        same = previous is not None and previous[0] == year and previous[1] == label
        start = previous[2] + 1 if same else 1
        if same and number == previous[2]:
            text = f"Trùng số {register_number(number)}: {previous[4]} và {reference}"
            remarks.append(Remark("duplicate", year, label, text, number))
        elif number > start:
            end = number - 1
            span = (
                register_number(start) if start == end else f"{register_number(start)}–{register_number(end)}"
            )
            skipped = end - start + 1
            if same and _is_jump(previous, number, issued_on, skipped, gap_limit):
                text = f"Nhảy số: từ {previous[4]} lên {reference}, bỏ trống {span} ({vn_number(skipped)} số)"
                remarks.append(Remark("jump", year, label, text, number))
            else:
                remarks.append(Remark("gap", year, label, f"Bỏ trống {span}", number))
        if same and issued_on < previous[3]:
            text = (
                f"Ngày không theo thứ tự số: {reference} ngày {vn_short_date(issued_on)} "
                f"trước {previous[4]} ngày {vn_short_date(previous[3])}"
            )
            remarks.append(Remark("order", year, label, text, number))
        previous = (year, label, number, issued_on, reference)
    return remarks


def register_remarks(entries, organization: Organization | None) -> dict[tuple[int, str], list[Remark]]:
    """Remarks per (year, series label) over `entries`, grouped as the organisation numbers now."""
    per_kind = organization is not None and organization.numbering == Organization.Numbering.PER_KIND
    labels = dict(DocumentKind.choices)
    rows = sorted(
        (year, labels[kind] if per_kind else "", number, issued_on, f"{register_number(number)}/{symbol}")
        for year, kind, number, issued_on, symbol in entries.values_list(
            "year", "kind", "number", "issued_on", "symbol"
        )
    )
    gap_limit = organization.number_gap_limit if organization else 5
    grouped: dict[tuple[int, str], list[Remark]] = {}
    for remark in series_remarks(rows, gap_limit=gap_limit):
        grouped.setdefault((remark.year, remark.series), []).append(remark)
    return grouped
