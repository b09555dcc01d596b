"""Where an inspection round stands: the documents and steps of its paperwork in the order the
work produces them (DOMAIN.md §3.3–3.4) — the plan, the team, the schedule notice, the checks at
each unit, the notice of results — each with its number, date, state and the next step.

Each document is the app's own when it was drafted here (its next step comes from its status
and the people who may take it); a plan or schedule notice issued outside the app is the
round's recorded reference document.
"""

from dataclasses import dataclass
from datetime import date

from inspections.models import Inspection, Notice, UnitCheck
from inspections.vn import vn_short_date

DONE, CURRENT, WAITING = "done", "current", "waiting"
STATE_LABELS = {DONE: "Đã xong", CURRENT: "Đang ở bước này", WAITING: "Chưa tới"}


@dataclass
class Step:
    label: str
    reference: str = ""
    issued_on: date | None = None
    status: str = ""
    next_step: str = ""
    url: str = ""
    done: bool = False
    state: str = WAITING

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def date_text(self) -> str:
        return vn_short_date(self.issued_on) if self.issued_on else ""


def _recorded(label: str, document, missing: str) -> Step:
    if document is None:
        return Step(label, status="Chưa ghi trong ứng dụng", next_step=missing)
    return Step(
        label,
        reference=document.number_symbol,
        issued_on=document.issued_on,
        status="Đã ban hành (văn bản lập ngoài ứng dụng)",
        done=True,
    )


NEXT_STEPS = {
    Notice.Status.DRAFT: "Người soạn hoàn thiện và trình Lãnh đạo duyệt",
    Notice.Status.IN_REVIEW: "{signer} xem xét, ký duyệt hoặc trả lại",
    Notice.Status.APPROVED: "Văn thư cấp số, ban hành (đóng dấu số)",
}


def _document_step(
    label: str, documents: list[Notice], *, hint: str, after: str, fallback: Step | None = None
):
    """The step of one kind of document: the newest of `documents` (a replacement in progress is
    where the round stands), else `fallback` (a document recorded from outside), else "Chưa soạn"."""
    if not documents:
        return fallback or Step(label, status="Chưa soạn", next_step=hint)
    notice = documents[0]
    step = Step(label, status=notice.get_status_display(), url=notice.get_absolute_url())
    if notice.is_issued:
        step.reference, step.issued_on, step.done = notice.reference, notice.issued_on, True
        step.next_step = after
        return step
    signer = notice.signer.display_name if notice.signer else "người ký"
    step.next_step = NEXT_STEPS[notice.status].format(signer=signer)
    return step


def round_chain(
    inspection: Inspection, *, documents: list[Notice], unit_checks: dict, units: list, team: list
) -> list[Step]:
    """The round's steps in order; the first one not done is the current one. `documents`: the
    round's own (schedule notices, biên bản, notices of results), newest first, with their signers;
    the caller has the round's units, unit checks and team at hand."""
    plan = inspection.plan
    of_plan = list(
        Notice.objects.filter(plan=plan, kind__in=[Notice.Kind.PLAN, Notice.Kind.DECISION])
        .select_related("signer")
        .order_by("-created_at", "-pk")
    )

    def kind(value, rows):
        return [row for row in rows if row.kind == value]

    done_checks = sum(1 for c in unit_checks.values() if c.status == UnitCheck.Status.DONE)
    minutes = kind(Notice.Kind.MINUTES, documents)
    issued_minutes = len({m.unit_check_id for m in minutes if m.is_issued})
    checks = Step(
        "Kiểm tra tại các phòng, đơn vị",
        status=f"Đã kiểm tra {done_checks}/{len(units)}",
        done=bool(units) and done_checks == len(units),
    )
    if minutes:
        checks.status += f"; biên bản đã ban hành {issued_minutes}/{len(units)}"
    if not checks.done:
        checks.next_step = (
            "Chọn phòng, đơn vị được kiểm tra" if not units else "Kiểm tra và nhập kết quả các buổi còn lại"
        )
    elif minutes and issued_minutes < len(units):
        checks.next_step = "Ký và ban hành biên bản của các buổi kiểm tra còn lại"
    team_step = Step(
        "Đoàn kiểm tra",
        status=f"Đã cử {len(team)} người" if team else "Chưa cử",
        next_step="" if team else "Ghi thành viên Đoàn trên trang sửa đợt kiểm tra",
        done=bool(team),
    )
    steps = [
        _document_step(
            "Kế hoạch kiểm tra",
            kind(Notice.Kind.PLAN, of_plan),
            hint="Soạn kế hoạch trên trang kế hoạch năm",
            after="Thành lập Đoàn kiểm tra",
            fallback=_recorded("Kế hoạch kiểm tra", plan.document, "Soạn kế hoạch trên trang kế hoạch năm")
            if plan.document
            else None,
        ),
        # The team's step shows its decision once one is drafted here.
        _document_step(
            "Đoàn kiểm tra",
            kind(Notice.Kind.DECISION, of_plan),
            hint="",
            after=f"Đã cử {len(team)} người (Quyết định thành lập Đoàn kiểm tra)",
            fallback=team_step,
        ),
        _document_step(
            "Thông báo lịch kiểm tra",
            kind(Notice.Kind.SCHEDULE, documents),
            hint="Soạn thông báo lịch từ các buổi kiểm tra của đợt (mục Văn bản), hoặc ghi số, ngày của "
            "thông báo đã ban hành ngoài ứng dụng trên trang sửa đợt",
            after="Kiểm tra tại các đơn vị theo lịch",
            fallback=_recorded("Thông báo lịch kiểm tra", inspection.announcement, "")
            if inspection.announcement
            else None,
        ),
        checks,
        _document_step(
            "Thông báo kết quả kiểm tra",
            kind(Notice.Kind.RESULTS, documents),
            hint="Soạn thông báo kết quả từ kết quả đã nhập" if checks.done else "Soạn sau khi kiểm tra xong",
            after="Theo dõi các đơn vị khắc phục tồn tại, hạn chế",
        ),
    ]
    current = next((step for step in steps if not step.done), None)
    for step in steps:
        step.state = DONE if step.done else (CURRENT if step is current else WAITING)
    return steps
