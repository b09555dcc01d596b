"""Notice screens: list, detail with review actions, draft editing, issuing, replacement."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from inspections import snapshot
from inspections.audit import action_label
from inspections.checklist import notice_checklist, round_progress
from inspections.composer import notice_signing
from inspections.forms.notices import IssueForm, NoticeFilterForm, NoticeForm, ReviewForm, notice_formsets
from inspections.layout import signing_block
from inspections.models import AuditEvent, Inspection, Notice, NoticeFrozen, TransitionError
from inspections.services.issuing import NumberTaken, issue_notice, suggest_number
from inspections.services.lifecycle import NOTICE, NOTICE_PAGE_ACTIONS
from inspections.services.notices import (
    StaleNotice,
    apply_action,
    delete_notice,
    draft_notice,
    notice_version,
    refresh_draft,
    replace_notice,
    save_notice,
)
from inspections.siteurl import site_url_refusal
from inspections.unit_readers import can_read_notice
from inspections.vn import vn_short_date

PAGE_SIZE = 25
DONE = {
    "submit": "Đã trình dự thảo để Lãnh đạo duyệt.",
    "return": "Đã trả lại dự thảo kèm ý kiến.",
}


def _excerpt(old: str, new: str, context: int = 40) -> dict[str, str]:
    """Only the part of a long paragraph that changed, with a little context either side."""
    if len(old) + len(new) <= 2 * context * 3:
        return {"old": old, "new": new}
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    begin = max(0, start - context)
    if begin:
        space = old.find(" ", begin, start)
        begin = space + 1 if space != -1 else begin  # start on a whole word

    def cut(text: str) -> str:
        stop = min(len(text), len(text) - end + context)
        return ("…" if begin else "") + text[begin:stop] + ("…" if stop < len(text) else "")

    return {"old": cut(old), "new": cut(new)}


def _trail(notice: Notice) -> list[dict]:
    events = AuditEvent.objects.about(notice).select_related("actor")
    return [
        {
            "at": event.at,
            "actor": event.actor,
            "action": event.action,
            "label": action_label(event.action),
            "comment": event.data.get("comment", ""),
            "changes": [
                {"field": field, **_excerpt(old, new)}
                for field, (old, new) in event.data.get("changes", {}).items()
            ],
        }
        for event in events
    ]


def _render_detail(request, notice, *, review_form=None, status=200):
    replacement = Notice.objects.filter(replaces=notice).only("pk", "status", "number", "symbol").first()
    trail = _trail(notice)
    # Which buttons show, and why a button this person would expect is not there.
    actions = NOTICE.decisions(notice, request.user, NOTICE_PAGE_ACTIONS)
    signing = signing_block(**notice_signing(notice))
    checks = notice_checklist(notice) if not notice.is_issued else []
    context = {
        "notice": notice,
        "items": notice.items.all(),
        "recipients": notice.recipients.all(),
        "bases": snapshot.citations_of(notice),  # as cited at issue, once issued
        "trail": trail,
        "comments": [event for event in trail if event["comment"]],
        "replacement": replacement,
        "actions": actions,
        "checklist": checks,
        "warnings": [check for check in checks if check.warning and not check.ok],
        "blocked": [decision for decision in actions.values() if decision.blocked],
        "signing_titles": signing["signing_titles"],
        "signer_name": signing["signer_name"],
        "review_form": review_form or ReviewForm(action=None),
        # Imported from paper: may the app's unsigned copy be made here?
        "paper_copy": NOTICE.check(notice, "paper_copy", request.user) if notice.imported else None,
        # One of a unit's people (no working role): the notice and its PDF, not the board's workings.
        "unit_reader": not request.user.has_perm("inspections.view_notice"),
    }
    return render(request, "inspections/notice_detail.html", context, status=status)


def _get(pk):
    return get_object_or_404(Notice.objects.for_list().select_related("approved_by", "replaces"), pk=pk)


@permission_required("inspections.view_notice", raise_exception=True)
def notice_list(request):
    form = NoticeFilterForm(request.GET or None)
    notices = Notice.objects.for_list()
    if form.is_valid():
        if form.cleaned_data["kind"]:
            notices = notices.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["status"]:
            notices = notices.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["inspection"]:
            notices = notices.filter(inspection=form.cleaned_data["inspection"])
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    inspections = []
    if request.user.has_perm("inspections.add_notice"):
        inspections = Inspection.objects.order_by("-starts_on", "title")[:10]
    return render(
        request, "inspections/notice_list.html", {"form": form, "page": page, "inspections": inspections}
    )


def notice_detail(request, pk):
    # The working roles read every notice; a unit's people the issued ones for their unit.
    notice = _get(pk)
    if not can_read_notice(request.user, notice):
        raise PermissionDenied
    return _render_detail(request, notice)


@require_POST
@permission_required("inspections.add_notice", raise_exception=True)
def notice_draft(request, inspection_pk):
    inspection = get_object_or_404(Inspection.objects.select_related("plan__organization"), pk=inspection_pk)
    confirmed = request.POST.get("confirm") == "on"
    try:
        notice = draft_notice(inspection, by=request.user, confirmed=confirmed)
    except TransitionError as error:
        # Ask first: open (or compose again) the round's draft, or confirm an incomplete round.
        open_notices = list(
            Notice.objects.filter(inspection=inspection, kind=Notice.Kind.RESULTS)
            .exclude(status=Notice.Status.ISSUED)
            .order_by("pk")
        )
        context = {
            "inspection": inspection,
            "reason": str(error),
            "progress": round_progress(inspection),
            "open_notices": open_notices,
            # No new draft beside one still in drafting: open it or compose it again.
            "has_draft": any(n.status == Notice.Status.DRAFT and not n.replaces_id for n in open_notices),
        }
        return render(request, "inspections/notice_draft_confirm.html", context)
    messages.success(request, "Đã soạn dự thảo thông báo từ kết quả của đợt kiểm tra. Hãy đọc lại và sửa.")
    if not round_progress(inspection).complete:
        messages.warning(
            request,
            "Đợt kiểm tra chưa kiểm tra xong: dự thảo chỉ nói về các đơn vị đã kiểm tra và nêu "
            "các đơn vị chưa kiểm tra.",
        )
    return redirect("inspections:notice-edit", pk=notice.pk)


@require_POST
@permission_required("inspections.change_notice", raise_exception=True)
def notice_refresh(request, pk):
    notice = _get(pk)
    try:
        refresh_draft(notice, by=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect(notice)
    messages.success(
        request, "Đã soạn lại dự thảo từ kết quả mới nhất của đợt kiểm tra. Nhật ký giữ bản trước."
    )
    return redirect("inspections:notice-edit", pk=notice.pk)


@require_POST
def notice_delete(request, pk):
    notice = _get(pk)
    if not NOTICE.permitted(notice, "delete", request.user):
        raise PermissionDenied
    try:
        delete_notice(notice, by=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect(notice)
    messages.success(request, f"Đã xóa dự thảo “{notice.title[:80]}”. Nhật ký giữ nội dung đã xóa.")
    return redirect("inspections:notice-list")


@permission_required("inspections.change_notice", raise_exception=True)
def notice_edit(request, pk):
    notice = _get(pk)
    decision = NOTICE.check(notice, "edit", request.user)
    if not decision.allowed:
        raise PermissionDenied(" ".join(decision.reasons) or notice.state_error("edit"))
    form = NoticeForm(request.POST or None, instance=notice)
    formsets = notice_formsets(notice, request.POST or None)
    stale = None
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets):
        try:
            save_notice(form, *formsets, by=request.user, version=form.cleaned_data["version"] or "")
        except StaleNotice as error:
            # Keep everything typed; the next, deliberate save may proceed over the newer copy.
            stale = error
            data = request.POST.copy()
            data["version"] = notice_version(error.current)
            form = NoticeForm(data, instance=notice)
            formsets = notice_formsets(notice, data)
            form.is_valid()
            for formset in formsets:
                formset.is_valid()
        except (NoticeFrozen, TransitionError) as error:
            messages.error(request, str(error))
            return redirect(notice)
        else:
            messages.success(request, "Đã lưu dự thảo.")
            return redirect(notice)
    has_errors = request.method == "POST"
    context = {"notice": notice, "form": form, "formsets": formsets, "has_errors": has_errors, "stale": stale}
    status = 409 if stale else 400 if has_errors else 200
    return render(request, "inspections/notice_form.html", context, status=status)


@require_POST
def notice_review(request, pk, action):
    notice = _get(pk)
    if not NOTICE.permitted(notice, action, request.user):
        raise PermissionDenied
    form = ReviewForm(request.POST, action=action)
    if not form.is_valid():
        return _render_detail(request, notice, review_form=form, status=400)
    try:
        apply_action(
            notice,
            action,
            by=request.user,
            comment=form.cleaned_data["comment"],
            proceed=form.cleaned_data["proceed"],
        )
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, DONE[action])
    return redirect(notice)


@permission_required("inspections.issue_notice", raise_exception=True)
def notice_issue(request, pk):
    notice = _get(pk)
    decision = NOTICE.check(notice, "issue", request.user)
    if not decision.allowed:
        messages.error(request, " ".join(decision.reasons) or str(notice.state_error("issue")))
        return redirect(notice)
    if refusal := site_url_refusal(request):  # the sealed PDF's QR code would be a dead link
        messages.error(request, refusal)
        return redirect(notice)
    today = timezone.localdate()
    suggested = suggest_number(notice.organization, today.year, notice.spec.register_kind)
    initial = {"number": suggested, "issued_on": today, "suggested": suggested}
    form = IssueForm(request.POST or None, notice=notice, initial=initial)
    if request.method == "POST" and form.is_valid():
        number, issued_on = form.cleaned_data["number"], form.cleaned_data["issued_on"]
        try:
            issued = issue_notice(
                notice,
                by=request.user,
                number=None if form.accepts_suggestion else number,
                issued_on=issued_on,
            )
        except NumberTaken as error:
            free = suggest_number(notice.organization, issued_on.year, notice.spec.register_kind)
            form.add_error("number", f"{error} Số tiếp theo còn trống: {free}.")
        except ValidationError as error:
            form.add_error(None, error)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect(notice)
        else:
            kind = issued.spec.type_name.capitalize()  # "Kế hoạch", "Quyết định", "Thông báo", …
            done = f"Đã ban hành {kind} số {issued.reference} ngày {vn_short_date(issued.issued_on)}."
            if issued.number != number:
                done += (
                    f" Số {number} vừa được cấp cho văn bản khác nên {issued.spec.noun} nhận số tiếp theo "
                    "còn trống."
                )
            messages.success(request, done)
            return redirect(issued)
    status = 400 if form.is_bound else 200
    context = {"notice": notice, "form": form, "suggested": suggested}
    return render(request, "inspections/notice_issue.html", context, status=status)


@require_POST
@permission_required("inspections.add_notice", raise_exception=True)
def notice_replace(request, pk):
    notice = _get(pk)
    try:
        replacement = replace_notice(notice, by=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect(notice)
    messages.success(request, f"Đã soạn dự thảo thay thế Thông báo số {notice.reference}.")
    return redirect("inspections:notice-edit", pk=replacement.pk)
