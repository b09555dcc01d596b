"""What a notice must hold before it moves on, and what its round has not yet recorded.

Plain reads, no writes. `notice_checklist(notice)` is the list the notice page shows to the
inspector, the leader and the clerk; the rules of the notice's life (services/lifecycle.py)
refuse submit, approve and issue while a required part is missing (`missing_parts`) and
refuse submit while a warning (`notice_warnings`) has not been confirmed with "Vẫn trình".
`round_progress(inspection)` is shared with the composer, so a draft never states that units
were inspected when they were not.
"""

from dataclasses import dataclass, field

from django.db.models import Count

from inspections.models import Criterion, Finding, Inspection, Notice, UnitCheck
from units.models import Unit

ENDING = "./."


@dataclass(frozen=True)
class Check:
    """One line of the checklist: a required part (blocks when not ok) or a warning."""

    label: str
    ok: bool
    detail: str = ""
    warning: bool = False


@dataclass
class RoundProgress:
    """Which of a round's units were inspected, and which criteria a done visit still lacks."""

    units: list[Unit]
    done: list[Unit]
    missing_criteria: dict[Unit, list[str]] = field(default_factory=dict)

    @property
    def not_done(self) -> list[Unit]:
        done = {unit.pk for unit in self.done}
        return [unit for unit in self.units if unit.pk not in done]

    @property
    def complete(self) -> bool:
        return bool(self.units) and not self.not_done

    @property
    def missing_count(self) -> int:
        return sum(len(names) for names in self.missing_criteria.values())


def round_progress(inspection: Inspection) -> RoundProgress:
    """The round's units in order, those with a visit marked done, and the criteria not entered."""
    units = list(inspection.units.order_by("kind", "order", "name"))
    done = UnitCheck.objects.filter(inspection=inspection, status=UnitCheck.Status.DONE)
    by_unit = dict(done.values_list("unit_id", "pk"))
    criteria = list(Criterion.objects.filter(plan_id=inspection.plan_id).order_by("position", "pk"))
    entered: dict[int, set[int]] = {}
    for unit_check_id, criterion_id in Finding.objects.filter(
        unit_check__inspection=inspection, unit_check__status=UnitCheck.Status.DONE
    ).values_list("unit_check_id", "criterion_id"):
        entered.setdefault(unit_check_id, set()).add(criterion_id)
    missing = {}
    for unit in units:
        if unit.pk not in by_unit:
            continue
        have = entered.get(by_unit[unit.pk], set())
        names = [c.name for c in criteria if c.applies_to_kind(unit.kind) and c.pk not in have]
        if names:
            missing[unit] = names
    return RoundProgress(units=units, done=[u for u in units if u.pk in by_unit], missing_criteria=missing)


def open_drafts(notice: Notice):
    """The other documents of the same kind from the same plan, round or visit still in drafting
    or review (not replacements of issued ones)."""
    same = {"plan": {"plan_id": notice.plan_id}, "round": {"inspection_id": notice.inspection_id}}
    same["visit"] = {"unit_check_id": notice.unit_check_id}
    return (
        Notice.objects.filter(kind=notice.kind, replaces__isnull=True, **same[notice.spec.source])
        .exclude(status=Notice.Status.ISSUED)
        .exclude(pk=notice.pk)
    )


def _part_counts(notice: Notice) -> dict[str, int]:
    counts = Notice.objects.filter(pk=notice.pk).aggregate(
        bases=Count("basis_links", distinct=True),
        items=Count("items", distinct=True),
        recipients=Count("recipients", distinct=True),
    )
    return {name: value or 0 for name, value in counts.items()}


def _once(compute):
    """Compute a checklist part once per notice object (a page asks several rules of it); a
    service re-reads the notice under its lock, so it asks afresh."""
    name = f"_checklist_{compute.__name__}"

    def cached(notice: Notice):
        if name not in notice.__dict__:
            notice.__dict__[name] = compute(notice)
        return notice.__dict__[name]

    cached.__doc__ = compute.__doc__
    return cached


@_once
def required_checks(notice: Notice) -> list[Check]:
    """The parts a document must have (Nghị định 30 and the board's documents), by its kind:
    one line each."""
    spec = notice.spec
    closing = notice.closing.strip()
    if not closing and spec.needs_closing:
        closing_detail = f"Chưa có {spec.closing_label[:1].lower()}{spec.closing_label[1:]}."
    elif closing and not closing.endswith(ENDING):
        closing_detail = f"{spec.closing_label.split(',')[0]} phải kết thúc bằng “{ENDING}”."
    else:
        closing_detail = ""
    counts = _part_counts(notice)
    bases, items, recipients = counts["bases"], counts["items"], counts["recipients"]
    checks = []
    if spec.needs_bases:
        checks.append(Check("Văn bản căn cứ", bases > 0, "" if bases else "Chưa có văn bản căn cứ nào."))
    checks += [
        Check(
            "Phần mở đầu",
            bool(notice.opening.strip()),
            "" if notice.opening.strip() else "Chưa có phần mở đầu (căn cứ, “Sau khi kiểm tra …”).",
        ),
        Check(spec.items_label, items > 0, "" if items else _no_items(notice)),
    ]
    if spec.needs_closing or closing:
        checks.append(Check(spec.closing_label, not closing_detail, closing_detail))
    if spec.recipients:
        checks.append(Check("Nơi nhận", recipients > 0, "" if recipients else "Chưa có nơi nhận nào."))
    checks.append(Check(SIGNER, bool(notice.signer_id), "" if notice.signer_id else "Chưa chọn người ký."))
    return checks


SIGNER = "Người ký"


def _no_items(notice: Notice) -> str:
    return notice.spec.items_missing or f"Chưa có nội dung nào trong phần “{notice.spec.items_label}”."


def missing_parts(notice: Notice, *, signer: bool = True) -> list[str]:
    """What a required part lacks, one sentence each (empty: nothing is missing); `signer=False`
    leaves the signer to the rule that words it for its step."""
    checks = required_checks(notice)
    return [c.detail for c in checks if not c.ok and (signer or c.label != SIGNER)]


@_once
def warning_checks(notice: Notice) -> list[Check]:
    """What the drafter must confirm before submitting: the round is not all recorded, or the
    round has another open draft (a notice of results); another open draft of the same document
    (every kind)."""
    checks = _round_checks(notice) if notice.spec.whole_round else []
    others = list(open_drafts(notice).only("pk", "title", "status"))
    noun = notice.spec.noun
    checks.append(
        Check(
            "Không có dự thảo khác của đợt này"
            if notice.kind == Notice.Kind.RESULTS
            else f"Không có {noun} khác đang dự thảo",
            not others,
            (
                (
                    f"Đợt kiểm tra này còn {len(others)} thông báo khác chưa ban hành (số hồ sơ "
                    if notice.kind == Notice.Kind.RESULTS
                    else f"Còn {len(others)} {noun} khác cùng loại chưa ban hành (số hồ sơ "
                )
                + ", ".join(f"#{other.pk} – {other.get_status_display()}" for other in others)
                + ")."
            )
            if others
            else "",
            warning=True,
        ),
    )
    return checks


def _round_checks(notice: Notice) -> list[Check]:
    progress = round_progress(notice.inspection)
    not_done = progress.not_done
    return [
        Check(
            "Đợt kiểm tra đã kiểm tra hết các đơn vị",
            not not_done,
            (
                f"Mới kiểm tra {len(progress.done)}/{len(progress.units)} đơn vị; chưa kiểm tra: "
                + ", ".join(unit.name for unit in not_done)
                + "."
            )
            if not_done
            else "",
            warning=True,
        ),
        Check(
            "Đã nhập kết quả mọi nội dung kiểm tra",
            not progress.missing_count,
            (
                f"Còn {progress.missing_count} nội dung chưa nhập kết quả tại: "
                + ", ".join(unit.name for unit in progress.missing_criteria)
                + "."
            )
            if progress.missing_count
            else "",
            warning=True,
        ),
    ]


def notice_warnings(notice: Notice) -> list[str]:
    return [check.detail for check in warning_checks(notice) if not check.ok]


def notice_checklist(notice: Notice) -> list[Check]:
    """Every line the notice page shows: required parts first, then warnings."""
    return required_checks(notice) + warning_checks(notice)
