"""One home for the rules of a record's life: may this person take this action now, and if
not, why (in Vietnamese).

The statuses an action starts from, where it leads and the permission it needs are the model's
TRANSITIONS table; the rules that need more than that (a signer chosen, the reviewer is not
the drafter, a reason given, …) are listed below, once per action. Services call `require()`
under their lock; pages (which buttons to show, and why not), forms (which input is missing),
the admin and the importer call `check()`. A new rule of a notice's life (the leader signing
with a certificate, four eyes, a checklist before submitting) is one more entry in
NOTICE_RULES; no caller restates it.

Four eyes (issue 17): whoever wrote or changed a notice's content (its creator and the actor of
any draft, change, replace or import event in its trail) neither approves nor returns it, and
whoever approved it does not issue it. A superuser is held to the same rules: they look at
the person, not at their permissions.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from inspections import checklist
from inspections.models import AuditEvent, Finding, FollowUp, Notice, TransitionError
from units.models import User

# A rule looks at the record, the person and the inputs given (a comment, a reason…) and
# returns why the action may not happen, or None.
Rule = Callable[[object, object, dict], str | None]

SELF_REVIEW = "Người duyệt không được là người đã soạn hoặc sửa nội dung thông báo."
SIGNER_WROTE = (
    "Người ký đã chọn cũng đã soạn hoặc sửa nội dung thông báo nên không duyệt được: cần trả lại dự thảo "
    "để chọn người ký khác."
)
SELF_ISSUE = "Người đã duyệt (ký) thông báo không được tự cấp số và ban hành."
# The events of a notice's trail that write its content: whoever did one of them is a writer.
CONTENT_EVENTS = ("notice.draft", "notice.change", "notice.replace", "notice.import")


@dataclass(frozen=True)
class Decision:
    """The answer for one (record, action, person)."""

    action: str
    label: str
    permitted: bool  # the person's roles include this action at all
    in_state: bool  # the record's status lets the action start
    reasons: tuple[str, ...] = ()  # what else stops it now

    @property
    def allowed(self) -> bool:
        return self.permitted and self.in_state and not self.reasons

    @property
    def blocked(self) -> bool:
        """The person could take this action at this stage, but a rule stops them: say why."""
        return self.permitted and self.in_state and bool(self.reasons)

    def __bool__(self) -> bool:
        return self.allowed


@dataclass(frozen=True)
class InputRule:
    """A rule about something the person types: `field` names the form field it belongs to."""

    field: str
    message: str

    def __call__(self, record, user, inputs: dict) -> str | None:
        if self.field in inputs and not str(inputs[self.field] or "").strip():
            return self.message
        return None


class Lifecycle:
    """The rules of one kind of record, over its model's TRANSITIONS table."""

    def __init__(
        self,
        *,
        labels: dict[str, str],
        rules: dict[str, list[Rule]],
        permitted: Callable[[object, str, object], bool] | None = None,
    ):
        self.labels = labels
        self.rules = rules
        self._permitted = permitted

    def permitted(self, record, action: str, user) -> bool:
        if self._permitted is not None:
            return self._permitted(record, action, user)
        return user.has_perm(type(record).TRANSITIONS[action].permission)

    def check(self, record, action: str, user, **inputs) -> Decision:
        """Whether `user` may take `action` on `record` now (with `inputs`), and why not.

        Rules that need an input are skipped when the input is not given, so a page can ask
        which buttons to show before anyone has typed a comment.
        """
        step = type(record).TRANSITIONS[action]
        permitted = self.permitted(record, action, user)
        in_state = record.status in step.sources
        reasons: tuple[str, ...] = ()
        if permitted and in_state:  # rules may query; ask only when they can matter
            found = (rule(record, user, inputs) for rule in self.rules.get(action, []))
            reasons = tuple(reason for reason in found if reason)
        return Decision(action, self.labels.get(action, action), permitted, in_state, reasons)

    def require(self, record, action: str, user, **inputs) -> None:
        """Raise PermissionDenied or TransitionError (its subclass for frozen records) unless allowed."""
        decision = self.check(record, action, user, **inputs)
        if not decision.permitted:
            raise PermissionDenied
        if not decision.in_state:
            raise record.state_error(action)
        if decision.reasons:
            raise TransitionError(" ".join(decision.reasons))

    def decisions(self, record, user, actions) -> dict[str, Decision]:
        """The decision for each of `actions` (a page's buttons)."""
        return {action: self.check(record, action, user) for action in actions}

    def input_errors(self, action: str, **inputs) -> dict[str, str]:
        """{field: message} for inputs of `action` that its rules refuse (for forms)."""
        errors = {}
        for rule in self.rules.get(action, []):
            if isinstance(rule, InputRule) and (message := rule(None, None, inputs)):
                errors[rule.field] = message
        return errors

    def required_inputs(self, action: str) -> set[str]:
        return {rule.field for rule in self.rules.get(action, []) if isinstance(rule, InputRule)}


# Notices ------------------------------------------------------------------------------


def _signer_chosen(notice: Notice, user, inputs) -> str | None:
    return None if notice.signer_id else "Chọn người ký trước khi trình duyệt."


def writer_ids(notice: Notice) -> set[int]:
    """Everyone who wrote or changed `notice`'s content: its creator and every actor of a
    draft, change, replace or import event in its trail (kept on the instance once asked)."""
    if getattr(notice, "_writer_ids", None) is None:
        events = AuditEvent.objects.about(notice).filter(action__in=CONTENT_EVENTS) if notice.pk else []
        notice._writer_ids = {notice.created_by_id, *(event.actor_id for event in events)} - {None}
    return notice._writer_ids


def people_who_may(permission: str, *, excluding: set[int]) -> str:
    """The active people whose roles grant `permission`, but for `excluding`: 'A, B' or a hint."""
    app_label, codename = permission.split(".")
    grants = {"content_type__app_label": app_label, "codename": codename}
    people = (
        User.objects.filter(is_active=True)
        .filter(
            Q(**{f"groups__permissions__{k}": v for k, v in grants.items()})
            | Q(**{f"user_permissions__{k}": v for k, v in grants.items()})
        )
        .exclude(pk__in=excluding)
        .distinct()
        .order_by("full_name", "username")
    )
    names = [person.display_name for person in people[:10]]
    return ", ".join(names) if names else "chưa có ai khác có vai trò này (đề nghị Quản trị phân công)"


def _reviewer_did_not_write(notice: Notice, user, inputs) -> str | None:
    # Four eyes (issue 17): not only the creator, anyone who changed the content.
    writers = writer_ids(notice)
    if user.pk not in writers:
        return None
    who = people_who_may(Notice.TRANSITIONS["return"].permission, excluding=writers)
    return f"{SELF_REVIEW} Người có thể duyệt hoặc trả lại: {who}."


def _approver_did_not_write(notice: Notice, user, inputs) -> str | None:
    # Approving is signing: the one person who may approve is the signer, unless they wrote it.
    writers = writer_ids(notice)
    signer_wrote = notice.signer_id in writers
    if user.pk in writers:
        if notice.signer_id and not signer_wrote:
            return f"{SELF_REVIEW} Người có thể duyệt (người ký): {notice.signer.display_name}."
        return f"{SELF_REVIEW} {SIGNER_WROTE}"
    return SIGNER_WROTE if signer_wrote else None


def _issuer_did_not_approve(notice: Notice, user, inputs) -> str | None:
    if notice.approved_by_id is None or notice.approved_by_id != user.pk:
        return None
    who = people_who_may(Notice.TRANSITIONS["issue"].permission, excluding={notice.approved_by_id})
    return f"{SELF_ISSUE} Người có thể cấp số và ban hành: {who}."


def _the_signer_approves(notice: Notice, user, inputs) -> str | None:
    # Approving is signing (issue 12): only the signer the signing block names approves.
    if notice.signer_id == user.pk:
        return None
    signer = notice.signer.display_name if notice.signer_id else "(chưa chọn)"
    return (
        f"{notice.spec.noun.capitalize()} này do {signer} ký: chỉ người ký mới duyệt và ký số được. "
        "Có thể trả lại dự thảo để đổi người ký."
    )


def _not_replaced_yet(notice: Notice, user, inputs) -> str | None:
    if Notice.objects.filter(replaces=notice).exists():
        return f"{notice.spec.noun.capitalize()} này đã có văn bản thay thế (hoặc dự thảo thay thế)."
    return None


def _recorded_from_a_file(notice: Notice, user, inputs) -> str | None:
    if not notice.imported:
        return "Chỉ thông báo nhập từ văn bản đã ban hành mới được ghi là đã ban hành mà không qua duyệt."
    return None


def _paper_signed_without_a_file(notice: Notice, user, inputs) -> str | None:
    if not notice.imported:
        return "Chỉ thông báo nhập từ văn bản giấy mới cần bản của ứng dụng; thông báo này đã có tệp ký số."
    if notice.pdf:
        return "Thông báo này đã có tệp PDF của ứng dụng."
    return None


# The required parts and the warnings (issue 19): the checklist the notice page shows. Kept
# apart from the other rules so that each reads alone.


def _has_required_parts(notice: Notice, user, inputs) -> str | None:
    # The signer has its own rules, worded for each step (chosen to submit, the one who approves).
    missing = checklist.missing_parts(notice, signer=False)
    if missing:
        return f"{notice.spec.noun.capitalize()} còn thiếu: " + " ".join(missing)
    return None


def _warnings_confirmed(notice: Notice, user, inputs) -> str | None:
    # Asked only when the caller says whether the person confirmed ("proceed"), so the page
    # can show the button before anyone ticks the box.
    if "proceed" not in inputs or inputs["proceed"]:
        return None
    warnings = checklist.notice_warnings(notice)
    if warnings:
        return "Cần đánh dấu “Vẫn trình” sau khi đọc các cảnh báo: " + " ".join(warnings)
    return None


def _notice_permitted(notice: Notice, action: str, user) -> bool:
    # A biên bản is signed by the team's leader as such (issue 13), who need not be one of the
    # board's leaders: its chosen signer reviews it (approves by signing, or returns it).
    if (
        action in {"approve", "return"}
        and notice.spec.signer_reviews
        and notice.signer_id is not None
        and notice.signer_id == user.pk
    ):
        return True
    # A drafter may delete their own draft (issue 19); deleting anything else stays with the
    # administrators' delete permission.
    if (
        action == "delete"
        and notice.status == Notice.Status.DRAFT
        and notice.created_by_id == user.pk
        and user.has_perm("inspections.add_notice")
    ):
        return True
    return user.has_perm(Notice.TRANSITIONS[action].permission)


NOTICE = Lifecycle(
    permitted=_notice_permitted,
    labels={
        "edit": "Sửa dự thảo",
        "submit": "Trình Lãnh đạo duyệt",
        "return": "Trả lại dự thảo",
        "approve": "Duyệt văn bản",
        "issue": "Cấp số và ban hành",
        "import": "Nhập văn bản đã ban hành",
        "replace": "Soạn văn bản thay thế",
        "paper_copy": "Tạo bản PDF của ứng dụng",
        "delete": "Xóa dự thảo",
    },
    rules={
        "submit": [_signer_chosen, _has_required_parts, _warnings_confirmed],
        "return": [_reviewer_did_not_write, InputRule("comment", "Trả lại dự thảo phải kèm ý kiến.")],
        "approve": [_approver_did_not_write, _the_signer_approves, _has_required_parts],
        "issue": [_issuer_did_not_approve, _has_required_parts],
        "import": [_recorded_from_a_file],
        "replace": [_not_replaced_yet],
        "paper_copy": [_paper_signed_without_a_file],
    },
)

# The actions a notice's page offers, in the order of its buttons.
NOTICE_PAGE_ACTIONS = ["edit", "submit", "return", "approve", "issue", "replace", "delete"]


# Follow-up of shortcomings ------------------------------------------------------------


def is_unit_member(user, finding: Finding) -> bool:
    return bool(user.is_authenticated and user.unit_id and user.unit_id == finding.unit_check.unit_id)


def _followup_permitted(followup: FollowUp, action: str, user) -> bool:
    # A unit reports on its own shortcomings; inspectors may report on its behalf.
    if action == "report" and is_unit_member(user, followup.finding):
        return True
    return user.has_perm(FollowUp.TRANSITIONS[action].permission)


def _is_a_shortcoming(followup: FollowUp, user, inputs) -> str | None:
    if followup.finding.result != Finding.Result.SHORTCOMING:
        return "Chỉ theo dõi khắc phục các kết quả “Có tồn tại, hạn chế”."
    return None


def _withdrawn_to_another_result(followup: FollowUp, user, inputs) -> str | None:
    if "result" in inputs and inputs["result"] not in WITHDRAWN_RESULTS:
        return "Khi rút lại, hãy chọn kết quả “Đạt” hoặc “Ghi nhận”."
    return None


WITHDRAWN_RESULTS = (Finding.Result.COMPLIANT, Finding.Result.NOTED)

FOLLOWUP = Lifecycle(
    labels={
        "report": "Gửi báo cáo khắc phục",
        "close": "Xác nhận đã khắc phục",
        "reopen": "Mở lại, yêu cầu khắc phục tiếp",
        "withdraw": "Rút lại tồn tại",
    },
    rules={
        "report": [_is_a_shortcoming, InputRule("text", "Hãy nêu kết quả khắc phục.")],
        "close": [_is_a_shortcoming],
        "reopen": [_is_a_shortcoming, InputRule("comment", "Mở lại phải kèm ý kiến về việc còn thiếu.")],
        "withdraw": [
            _is_a_shortcoming,
            InputRule("reason", "Rút lại tồn tại phải nêu lý do."),
            _withdrawn_to_another_result,
        ],
    },
    permitted=_followup_permitted,
)


def followup_of(finding: Finding) -> FollowUp:
    """The finding's follow-up, or an unsaved "open" one when nothing has happened yet."""
    try:
        return finding.followup
    except FollowUp.DoesNotExist:
        return FollowUp(finding=finding, status=FollowUp.Status.OPEN)


def has_followup_history(finding: Finding) -> bool:
    """True once the unit has reported (or an inspector acted): the record the board keeps."""
    return followup_of(finding).pk is not None


def result_change_refusal(finding: Finding, new_result: str) -> str | None:
    """Why `finding`'s result may not become `new_result`, or None.

    Once a shortcoming has a follow-up, its result changes only by withdrawing it (with a
    reason); a withdrawn one does not become a shortcoming again.
    """
    if finding.pk is None or new_result == finding.result:
        return None
    followup = followup_of(finding)
    if followup.pk is None:
        return None
    if followup.status == FollowUp.Status.WITHDRAWN:
        if new_result == Finding.Result.SHORTCOMING:
            return "Tồn tại này đã được rút lại; không thể ghi lại là tồn tại."
        return None
    return (
        "Tồn tại này đang được theo dõi khắc phục (có báo cáo của đơn vị); không đổi kết quả ở đây. "
        "Nếu ghi nhầm, hãy “Rút lại tồn tại” kèm lý do trên trang theo dõi khắc phục."
    )


def deletion_refusal(finding: Finding) -> str | None:
    """Why `finding` may not be deleted, or None: a unit's reports are records the board keeps."""
    if has_followup_history(finding):
        return (
            "Không thể xóa: tồn tại này đã có báo cáo khắc phục của đơn vị, là hồ sơ phải lưu giữ. "
            "Nếu ghi nhầm, hãy “Rút lại tồn tại” kèm lý do trên trang theo dõi khắc phục."
        )
    return None
