"""Notices of results: drafting from a round, editing drafts, review, replacement."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from inspections import checklist, snapshot
from inspections.audit import changes, record
from inspections.composer import signing_snapshot
from inspections.models import (
    AuditEvent,
    Inspection,
    Notice,
    NoticeItem,
    NoticeLegalBasis,
    NoticeRecipient,
    TransitionError,
)
from inspections.paperwork.kinds import composer_of, spec_of
from inspections.services.lifecycle import NOTICE

REVIEW_ACTIONS = {"submit", "return", "approve"}


class StaleNotice(Exception):
    """The draft was saved (or moved on) by someone else after the edit page was opened."""

    def __init__(self, current: Notice):
        self.current = current
        event = AuditEvent.objects.about(current).select_related("actor").order_by("-at", "-pk").first()
        who = event.actor.display_name if event and event.actor else "người khác"
        local = timezone.localtime(event.at if event else current.updated_at)
        super().__init__(
            f"Dự thảo vừa được {who} sửa lúc {local:%H:%M} ngày {local:%d/%m/%Y}, sau khi bạn mở trang này; "
            "chưa có gì của bạn được lưu. Nội dung bạn nhập vẫn còn dưới đây: hãy xem lại dự thảo "
            "(mở trong thẻ khác) rồi bấm “Lưu dự thảo” lần nữa nếu vẫn muốn ghi nội dung này."
        )


def notice_version(notice: Notice) -> str:
    """The version an edit page saw: the time of the draft's last write (every write sets it)."""
    return notice.updated_at.isoformat() if notice.updated_at else ""


def snapshot_signer(notice: Notice) -> None:
    """Copy the signing block from the signer and the organisation onto the notice (never typed)."""
    signing = signing_snapshot(notice.organization, notice.signer, notice.authority, notice.kind)
    for name, value in signing.items():
        setattr(notice, name, value)


def refresh_search(notice: Notice) -> None:
    notice.refresh_search_text([item.text for item in notice.items.all()])


def _renumber(parts, moved: set[int]) -> None:
    """Number the parts 1, 2, 3 … in the order the user gave them (blank positions last).

    A part the user just moved to a taken position goes before the one already there.
    """
    ordered = sorted(parts, key=lambda part: (part.position or 10_000, part.pk not in moved, part.pk))
    for position, part in enumerate(ordered, start=1):
        if part.position != position:
            part.position = position
            part.save(update_fields=["position"])


def drafting_refusal(
    inspection: Inspection, *, confirmed: bool, kind: str = Notice.Kind.RESULTS
) -> str | None:
    """Why a new draft of `kind` from `inspection` needs the person's confirmation first, or None.

    A round with a draft of that kind still in drafting is asked about first: open that draft,
    compose it again (`refresh_draft`), or knowingly start another (the checklist then warns at
    submit). A notice of results of a round not fully inspected is drafted only once confirmed,
    and the draft names what was not inspected (issue 19).
    """
    if confirmed:
        return None
    reasons = []
    existing = (
        Notice.objects.filter(
            inspection=inspection, kind=kind, status=Notice.Status.DRAFT, replaces__isnull=True
        )
        .order_by("pk")
        .first()
    )
    if existing is not None:
        reasons.append(
            f"Đợt kiểm tra này đã có dự thảo (hồ sơ #{existing.pk}, “{existing.title[:80]}”): "
            "hãy mở dự thảo đó hoặc soạn lại nó từ kết quả mới nhất."
        )
    progress = checklist.round_progress(inspection)
    if spec_of(kind).whole_round and not progress.complete:
        reasons.append(
            f"Đợt kiểm tra mới kiểm tra {len(progress.done)}/{len(progress.units)} đơn vị; chưa kiểm tra: "
            f"{', '.join(unit.name for unit in progress.not_done)}. Dự thảo sẽ chỉ nói về các đơn vị "
            "đã kiểm tra."
        )
    return " ".join(reasons) or None


def source_refusal(kind: str, source, *, confirmed: bool) -> str | None:
    """Why drafting `kind` from `source` (a plan, round or visit) needs a confirmation first."""
    if confirmed:
        return None
    spec = spec_of(kind)
    if spec.source == "round":
        return drafting_refusal(source, confirmed=False, kind=kind)
    lookup = {"plan": {"plan": source}, "visit": {"unit_check": source}}[spec.source]
    existing = (
        Notice.objects.filter(kind=kind, status=Notice.Status.DRAFT, replaces__isnull=True, **lookup)
        .order_by("pk")
        .first()
    )
    if existing is None:
        return None
    return (
        f"Đã có dự thảo {spec.noun} này (hồ sơ #{existing.pk}, “{existing.title[:80]}”): "
        "hãy mở dự thảo đó hoặc soạn lại nó từ hồ sơ mới nhất."
    )


def _places(kind: str, source) -> dict:
    """The plan, round and visit a document drafted from `source` belongs to."""
    source_kind = spec_of(kind).source
    if source_kind == "visit":
        return {"plan": source.inspection.plan, "inspection": source.inspection, "unit_check": source}
    if source_kind == "round":
        return {"plan": source.plan, "inspection": source, "unit_check": None}
    return {"plan": source, "inspection": None, "unit_check": None}


def _store_parts(notice: Notice, composed) -> None:
    NoticeItem.objects.bulk_create(
        NoticeItem(notice=notice, position=position, text=text)
        for position, text in enumerate(composed.items, start=1)
    )
    NoticeRecipient.objects.bulk_create(
        NoticeRecipient(notice=notice, position=position, text=text)
        for position, text in enumerate(composed.recipients, start=1)
    )
    NoticeLegalBasis.objects.bulk_create(
        NoticeLegalBasis(notice=notice, position=position, document=document)
        for position, document in enumerate(composed.legal_bases, start=1)
    )


def draft_notice(inspection: Inspection, *, by, confirmed: bool = False) -> Notice:
    """Compose a notice of results from the round's records (draft_document for that kind)."""
    return draft_document(Notice.Kind.RESULTS, inspection, by=by, confirmed=confirmed)


@transaction.atomic
def draft_document(kind: str, source, *, by, confirmed: bool = False) -> Notice:
    """Compose a full draft of `kind` from `source` (its plan, round or visit) and store it.

    Refused (TransitionError) until `confirmed` while that source has a draft of the kind, or,
    for a notice of results, while the round is not fully inspected.
    """
    if not by.has_perm("inspections.add_notice"):
        raise PermissionDenied
    places = _places(kind, source)
    lock = places["inspection"] or places["plan"]
    type(lock).objects.select_for_update().filter(pk=lock.pk).first()  # one drafter at a time
    if refusal := source_refusal(kind, source, confirmed=confirmed):
        raise TransitionError(refusal)
    composed = composer_of(kind)(source)
    notice = unsaved_document(kind, source, composed, by=by)
    snapshot_signer(notice)
    notice.refresh_search_text(composed.items)
    notice.full_clean()
    notice.save()
    _store_parts(notice, composed)
    data = {} if kind == Notice.Kind.RESULTS else {"kind": notice.get_kind_display(), "source": str(source)}
    if places["inspection"] is not None:
        data["inspection"] = str(places["inspection"])
    if getattr(composed, "not_inspected", None):
        data["not_inspected"] = [unit.name for unit in composed.not_inspected]
    record(notice, "notice.draft", by=by, data=data)
    return notice


def unsaved_document(kind: str, source, composed, *, by=None) -> Notice:
    """A document of `kind` from `source` holding what `composed` holds, not saved (its numbered
    parts and recipients are `composed.items` and `.recipients`)."""
    places = _places(kind, source)
    return Notice(
        kind=kind,
        **places,
        organization=places["plan"].organization,
        symbol=composed.symbol,
        place=composed.place,
        title=composed.title,
        opening=composed.opening,
        closing=composed.closing,
        signer=composed.signer,
        authority=composed.authority,
        counterpart_title=composed.counterpart_title,
        counterpart_name=composed.counterpart_name,
        created_by=by,
    )


def source_of(notice: Notice):
    """What `notice` was drafted from: its visit, round or plan (by its kind)."""
    return {"visit": notice.unit_check, "round": notice.inspection, "plan": notice.plan}[notice.spec.source]


@transaction.atomic
def refresh_draft(notice: Notice, *, by) -> Notice:
    """Compose `notice` again from its round's current records (the draft is kept, its text and
    parts replaced), auditing what each part said before."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    NOTICE.require(notice, "edit", by)
    composed = composer_of(notice.kind)(source_of(notice))
    before = {
        "Trích yếu": notice.title,
        "Phần mở đầu": notice.opening,
        "Các mục kết quả": "\n".join(notice.items.values_list("text", flat=True)),
        "Phần kết luận, yêu cầu": notice.closing,
        "Nơi nhận": "\n".join(notice.recipients.values_list("text", flat=True)),
    }
    for parts in (notice.items, notice.recipients, notice.basis_links):
        parts.all().delete()
    notice.title, notice.opening, notice.closing = composed.title, composed.opening, composed.closing
    notice.refresh_search_text(composed.items)
    notice.full_clean()
    notice.save()
    _store_parts(notice, composed)
    after = {
        "Trích yếu": composed.title,
        "Phần mở đầu": composed.opening,
        "Các mục kết quả": "\n".join(composed.items),
        "Phần kết luận, yêu cầu": composed.closing,
        "Nơi nhận": "\n".join(composed.recipients),
    }
    diff = {label: [before[label], after[label]] for label in before if before[label] != after[label]}
    record(notice, "notice.refresh", by=by, data={"changes": diff})
    return notice


def _part_label(formset) -> str:
    return str(formset.model._meta.verbose_name).capitalize()


def _part_text(form) -> str:
    instance = form.instance
    if hasattr(instance, "text"):
        return instance.text
    return instance.document.citation() if instance.document_id else ""


def _formset_changes(formset) -> dict[str, list[str]]:
    """Describe what saving `formset` adds, changes and deletes, as {label: [old, new]}."""
    label = _part_label(formset)
    diff = {}
    for index, form in enumerate(formset.forms):
        if not form.has_changed() and form not in formset.deleted_forms:
            continue
        pk = form.instance.pk
        if index < formset.initial_form_count() and pk is None:
            continue  # a posted row id that is not this notice's: formset.save() skips the row
        old = formset.model.objects.get(pk=pk) if pk else None
        old_text = (old.document.citation() if hasattr(old, "document") else old.text) if old else ""
        old_position = old.position if old else None
        if form in formset.deleted_forms:
            if pk:
                diff[f"{label} {old_position} (xóa)"] = [old_text, ""]
            continue
        new_text = _part_text(form)
        if old is None:
            diff[f"{label} (thêm)"] = ["", new_text]
        else:
            if new_text != old_text:
                diff[f"{label} {old_position}"] = [old_text, new_text]
            if form.instance.position != old_position:
                diff[f"{label} {old_position}: thứ tự"] = [str(old_position), str(form.instance.position)]
    return diff


@transaction.atomic
def save_notice(form, *formsets, by, version: str | None = None) -> Notice:
    """Save a draft's fields and parts from a valid form and formsets, auditing `field: old → new`.

    The pages and the admin both save through here, under the same lock. `version` is what
    the edit page saw (notice_version); a draft written since is refused (StaleNotice), as a
    finding is, instead of one tab silently overwriting another.
    """
    current = Notice.objects.select_for_update().get(pk=form.instance.pk)
    NOTICE.require(current, "edit", by)
    if version is not None and version != notice_version(current):
        raise StaleNotice(current)

    diff = changes(form)
    for formset in formsets:
        diff |= _formset_changes(formset)
    notice = form.save()
    for formset in formsets:
        formset.save()
        moved = {form.instance.pk for form in formset.forms if "position" in form.changed_data}
        _renumber(list(formset.model.objects.filter(notice=notice)), moved)
    snapshot_signer(notice)
    refresh_search(notice)
    notice.save(update_fields=["authority_title", "signer_title", "signer_name", "search_text", "updated_at"])
    if diff:
        record(notice, "notice.change", by=by, data={"changes": diff})
    return notice


@transaction.atomic
def apply_action(notice: Notice, action: str, *, by, comment: str = "", proceed: bool = False) -> Notice:
    """Submit, return or approve `notice` for `by`, and record it in the audit trail.

    `proceed`: the person confirmed submitting despite the checklist's warnings.
    """
    if action not in REVIEW_ACTIONS:
        raise ValueError(f"{action!r} is not a review action; use issue_notice() to issue.")
    if not NOTICE.permitted(notice, action, by):
        raise PermissionDenied  # before the lock: a person without the role waits for nothing
    comment = comment.strip()
    notice = Notice.objects.select_for_update().get(pk=notice.pk)  # re-read under lock
    inputs = {"proceed": proceed} if action == "submit" else {}
    NOTICE.require(notice, action, by, comment=comment, **inputs)
    notice.transition(action)
    fields = ["status", "updated_at"]
    if action == "approve":
        notice.approved_by, notice.approved_at = by, timezone.now()
        fields += ["approved_by", "approved_at"]
    notice.save(update_fields=fields)
    data = {"comment": comment} if comment else {}
    if action == "submit" and proceed and (warnings := checklist.notice_warnings(notice)):
        data["warnings"] = warnings  # what the drafter read and confirmed
    record(notice, f"notice.{action}", by=by, data=data)
    return notice


def _without_end_mark(text: str) -> str:
    """`text` without its "./." (ending in a full stop): a text that no longer ends the document."""
    text = text.strip()
    text = text[:-3].rstrip() if text.endswith("./.") else text
    return text + "." if text and not text.endswith(".") else text


@transaction.atomic
def replace_notice(old: Notice, *, by) -> Notice:
    """Start a new draft that copies an issued notice and states that it replaces it.

    The issued notice itself never changes: its page learns of the replacement through
    the reverse relation once the new notice is issued.
    """
    old = Notice.objects.select_for_update().get(pk=old.pk)
    NOTICE.require(old, "replace", by)
    statement = f"{old.spec.noun.capitalize()} này thay thế {snapshot.reference_line(old)}./."
    closing = _without_end_mark(old.closing)
    notice = Notice.objects.create(
        kind=old.kind,
        plan=old.plan,
        inspection=old.inspection,
        unit_check=old.unit_check,
        counterpart_title=old.counterpart_title,
        counterpart_name=old.counterpart_name,
        organization=old.organization,
        symbol=old.symbol,
        place=old.place,
        title=old.title,
        opening=old.opening,
        closing=f"{closing}\n\n{statement}" if closing else statement,
        signer=old.signer,
        authority=old.authority,
        replaces=old,
        created_by=by,
    )
    items = list(NoticeItem.objects.filter(notice=old))
    if not old.closing.strip() and items:
        # A decision ends with its last article's "./."; the statement now ends the document.
        items[-1].text = _without_end_mark(items[-1].text)
    recipients = NoticeRecipient.objects.filter(notice=old)
    for model, parts in ((NoticeItem, items), (NoticeRecipient, recipients)):
        model.objects.bulk_create(model(notice=notice, position=p.position, text=p.text) for p in parts)
    NoticeLegalBasis.objects.bulk_create(
        NoticeLegalBasis(notice=notice, position=link.position, document_id=link.document_id)
        for link in old.basis_links.all()
    )
    snapshot_signer(notice)
    refresh_search(notice)
    notice.save(update_fields=["authority_title", "signer_title", "signer_name", "search_text", "updated_at"])
    record(notice, "notice.replace", by=by, data={"replaces": old.reference})
    return notice


def _belongs_to(notice: Notice) -> dict[str, list[str]]:
    """What a deleted draft belonged to, for its last audit line."""
    if notice.kind == Notice.Kind.RESULTS:
        return {"Đợt kiểm tra": [str(notice.inspection), ""]}
    return {"Loại văn bản": [notice.get_kind_display(), ""], "Thuộc": [str(source_of(notice)), ""]}


@transaction.atomic
def delete_notice(notice: Notice, *, by) -> None:
    """Delete a notice that was never issued; the audit trail keeps what it said."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    NOTICE.require(notice, "delete", by)
    record(
        notice,
        "notice.delete",
        by=by,
        data={
            "changes": {
                "Trích yếu": [notice.title, ""],
                "Trạng thái": [notice.get_status_display(), ""],
                **_belongs_to(notice),
            }
        },
    )
    notice.delete()
