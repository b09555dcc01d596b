"""Where an inspection round stands: the documents and steps of its paperwork in the order the
work produces them (DOMAIN.md §3.3–3.4) — the plan, the team, the schedule notice, the checks at
each unit, the notice of results — each with its number, date, state and the next step.

Documents issued outside the app (the plan, the schedule notice) are the round's recorded
reference documents; the notice of results is the app's own and its next step comes from its
status and the people who may take it.
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


def _notice_step(notices: list[Notice], checks_done: bool) -> Step:
    label = "Thông báo kết quả kiểm tra"
    if not notices:
        hint = "Soạn thông báo kết quả từ kết quả đã nhập" if checks_done else "Soạn sau khi kiểm tra xong"
        return Step(label, status="Chưa soạn", next_step=hint)
    notice = notices[0]  # the newest: a replacement in progress is where the round stands
    step = Step(label, status=notice.get_status_display(), url=notice.get_absolute_url())
    if notice.is_issued:
        step.reference, step.issued_on, step.done = notice.reference, notice.issued_on, True
        step.next_step = "Theo dõi các đơn vị khắc phục tồn tại, hạn chế"
        return step
    signer = notice.signer.display_name if notice.signer else "người ký"
    step.next_step = {
        Notice.Status.DRAFT: "Người soạn hoàn thiện và trình Lãnh đạo duyệt",
        Notice.Status.IN_REVIEW: f"{signer} xem xét, ký duyệt hoặc trả lại",
        Notice.Status.APPROVED: "Văn thư cấp số, ban hành (đóng dấu số)",
    }[notice.status]
    return step


def round_chain(
    inspection: Inspection, *, notices: list[Notice], unit_checks: dict, units: list, team: list
) -> list[Step]:
    """The round's steps in order; the first one not done is the current one. `notices` newest
    first, with their signers; the caller has the round's units, unit checks and team at hand."""
    plan_document = inspection.plan.document
    done_checks = sum(1 for c in unit_checks.values() if c.status == UnitCheck.Status.DONE)
    checks = Step(
        "Kiểm tra tại các phòng, đơn vị",
        status=f"Đã kiểm tra {done_checks}/{len(units)}",
        done=bool(units) and done_checks == len(units),
    )
    if not checks.done:
        checks.next_step = (
            "Chọn phòng, đơn vị được kiểm tra" if not units else "Kiểm tra và nhập kết quả các buổi còn lại"
        )
    steps = [
        _recorded("Kế hoạch kiểm tra", plan_document, "Ghi văn bản kế hoạch của năm (Quản trị → Kế hoạch)"),
        Step(
            "Đoàn kiểm tra",
            status=f"Đã cử {len(team)} người" if team else "Chưa cử",
            next_step="" if team else "Ghi thành viên Đoàn trên trang sửa đợt kiểm tra",
            done=bool(team),
        ),
        _recorded(
            "Thông báo lịch kiểm tra",
            inspection.announcement,
            "Ghi số, ngày của thông báo lịch kiểm tra trên trang sửa đợt",
        ),
        checks,
        _notice_step(notices, checks.done),
    ]
    current = next((step for step in steps if not step.done), None)
    for step in steps:
        step.state = DONE if step.done else (CURRENT if step is current else WAITING)
    return steps
