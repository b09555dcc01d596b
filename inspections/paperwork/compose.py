"""What every composer returns, and the wording the round's documents share.

A composer reads records and returns a ComposedDocument; it never writes. The service
`draft_document` (services/notices.py) stores it as a draft that stays freely editable.
"""

from dataclasses import dataclass
from datetime import time

from inspections.composer import (
    ComposedDocument,
    _join,
    _lower_first,
    _sentence,
    default_signer,
    short_name,
)
from inspections.composer import unique_documents as unique
from inspections.models import Inspection, InspectionPlan, Notice, ReferenceDocument
from units.models import Organization, Unit, User

DEPARTMENT = Unit.Kind.DEPARTMENT
SERVICE_UNIT = Unit.Kind.SERVICE_UNIT
__all__ = ["ComposedDocument", "_join", "_lower_first", "_sentence", "default_signer", "short_name", "unique"]


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def subject_of(plan: InspectionPlan) -> str:
    """What the plan inspects, as its documents name it: 'kiểm tra công tác cải cách hành chính, …
    năm 2023' from the plan's title 'Kế hoạch kiểm tra công tác …'."""
    title = plan.title.strip()
    for prefix in ("Kế hoạch ", "kế hoạch "):
        if title.startswith(prefix):
            title = title[len(prefix) :]
    return _lower_first(title)


def issued_document(kind: str, **where) -> Notice | None:
    """The issued document of `kind` in force for `where` (the newest one not replaced)."""
    return (
        Notice.objects.issued()
        .filter(kind=kind, replaced_by__isnull=True, **where)
        .order_by("-issued_on", "-number")
        .first()
    )


def record_of(document: Notice | None) -> ReferenceDocument | None:
    """The citation record of a document issued here (paperwork/citations.py), or None."""
    if document is None:
        return None
    return ReferenceDocument.objects.filter(source_document=document).first()


def plan_record(plan: InspectionPlan) -> ReferenceDocument | None:
    """The plan's own document as cited: the KH issued here, else the one entered by hand."""
    return record_of(issued_document(Notice.Kind.PLAN, plan=plan)) or plan.document


def decision_record(plan: InspectionPlan) -> ReferenceDocument | None:
    return record_of(issued_document(Notice.Kind.DECISION, plan=plan))


def plan_bases(plan: InspectionPlan) -> list[ReferenceDocument]:
    return [link.document for link in plan.basis_links.select_related("document").order_by("position", "pk")]


def basis_chain(documents: list[ReferenceDocument], *, lead: str = "Căn cứ") -> str:
    """'Căn cứ <others' documents>; thực hiện <the board's own>' as the seeds chain them."""
    external = [d.citation() for d in documents if d.issuer]
    own = [d.citation() for d in documents if not d.issuer]
    parts = []
    if external:
        parts.append(f"{lead} " + "; ".join(external))
    if own:
        parts.append(("thực hiện " if parts else "Thực hiện ") + "; ".join(own))
    return "; ".join(parts)


def hour(value: time | None) -> str:
    """'8 giờ 00', or a blank to fill in by hand."""
    return f"{value.hour} giờ {value.minute:02d}" if value else f"{'…' * 4} giờ {'…' * 4}"


def units_wording(units: list[Unit]) -> str:
    """'các phòng chuyên môn', 'các đơn vị sự nghiệp trực thuộc' or both: 'các phòng, đơn vị sự
    nghiệp trực thuộc'."""
    kinds = {unit.kind for unit in units}
    if kinds == {DEPARTMENT}:
        return "các phòng chuyên môn"
    if kinds == {SERVICE_UNIT}:
        return "các đơn vị sự nghiệp trực thuộc"
    return "các phòng, đơn vị sự nghiệp trực thuộc"


@dataclass(frozen=True)
class TeamMember:
    user: User
    role: str  # "Trưởng đoàn", "Thành viên", "Thư ký"

    @property
    def line(self) -> str:
        title = f", {self.user.title}" if self.user.title else ""
        return f"{self.user.display_name}{title} – {self.role}"


ROLE_ORDER = {"Trưởng đoàn": 0, "Thành viên": 1, "Thư ký": 2}


def team_of(inspections: list[Inspection]) -> list[TeamMember]:
    """The team of one or more rounds with their roles: the leader first, the secretary last."""
    roles: dict[int, TeamMember] = {}
    for inspection in inspections:
        for user in inspection.team.order_by("full_name", "pk"):
            role = "Thành viên"
            if user.pk == inspection.team_leader_id:
                role = "Trưởng đoàn"
            elif user.pk == inspection.team_secretary_id:
                role = "Thư ký"
            known = roles.get(user.pk)
            if known is None or ROLE_ORDER[role] < ROLE_ORDER[known.role]:
                roles[user.pk] = TeamMember(user, role)
    return sorted(roles.values(), key=lambda member: (ROLE_ORDER[member.role], member.user.display_name))


def team_leader(inspections: list[Inspection]) -> User | None:
    for member in team_of(inspections):
        if member.role == "Trưởng đoàn":
            return member.user
    return None


def archive_line(organization: Organization) -> str:
    return f"Lưu: {organization.archive_code}"
