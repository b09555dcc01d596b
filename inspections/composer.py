"""Compose a notice of results from a round's records, worded as the board's 2023 notices.

Plain code with no writes: `compose_notice(inspection)` returns the parts of a draft
(title, opening, numbered items, closing, recipients, legal bases, signer); the service
`draft_notice` stores them. The wording follows seeds 2880/TB-BQL (the 9 departments) and
2819/TB-BQL (the 2 public service units); every part stays freely editable afterwards.
"""

from dataclasses import dataclass, field

from inspections.checklist import RoundProgress, round_progress
from inspections.models import Criterion, Finding, Inspection, Notice, ReferenceDocument, UnitCheck
from inspections.snapshot import signing_of
from inspections.vn import vn_date_range
from units.models import Organization, Unit, User

DEPARTMENT = Unit.Kind.DEPARTMENT
SERVICE_UNIT = Unit.Kind.SERVICE_UNIT
DEFAULT_SIGNER_TITLE = "Phó Trưởng ban"

# How the notices name the inspected units, by the kinds a round covers.
WORDING = {
    frozenset({DEPARTMENT}): {
        "title": "tại các phòng chuyên môn thuộc",
        "subject": "Các phòng chuyên môn",
        "others": "Các phòng chuyên môn còn lại",
        "where": "các phòng",
        "addressee": "lãnh đạo các phòng chuyên môn tiếp tục tăng cường",
    },
    frozenset({SERVICE_UNIT}): {
        "title": "tại các đơn vị sự nghiệp trực thuộc",
        "subject": "Các đơn vị",
        "others": "Các đơn vị còn lại",
        "where": "các đơn vị",
        "addressee": "các đơn vị sự nghiệp trực thuộc tăng cường",
    },
    frozenset({DEPARTMENT, SERVICE_UNIT}): {
        "title": "tại các phòng, đơn vị sự nghiệp trực thuộc",
        "subject": "Các phòng, đơn vị",
        "others": "Các phòng, đơn vị còn lại",
        "where": "các phòng, đơn vị",
        "addressee": "lãnh đạo các phòng, đơn vị tiếp tục tăng cường",
    },
}


@dataclass
class ComposedDocument:
    """What every composer returns (inspections/paperwork/): the parts of a draft, never stored."""

    title: str
    opening: str
    items: list[str]
    closing: str
    recipients: list[str]
    legal_bases: list[ReferenceDocument]
    symbol: str
    place: str
    signer: User | None = None
    authority: str = Notice.Authority.KT
    # A biên bản's second signatory (the inspected unit's head).
    counterpart_title: str = ""
    counterpart_name: str = ""
    # The units of the round not inspected yet (a visit not marked "Đã kiểm tra"): the draft
    # names them and never counts them as inspected.
    not_inspected: list[Unit] = field(default_factory=list)


@dataclass
class ComposedNotice(ComposedDocument):
    """A notice of results: its opening is the legal-basis sentence, then the lead-in."""

    legal_basis_sentence: str = ""
    lead_in: str = ""
    shortcomings: list[Finding] = field(default_factory=list)


def _join(names: list[str]) -> str:
    """'A', 'A và B', 'A, B và C'."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} và {names[-1]}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _sentence(text: str) -> str:
    """Strip the trailing full stop or semicolon so that the text can be chained."""
    return text.strip().rstrip(".;").strip()


def short_name(organization: Organization) -> str:
    """'Ban Quản lý' for 'Ban Quản lý Khu kinh tế Hải Phòng' (the words its abbreviation stands for)."""
    words = organization.name.split()
    size = len(organization.abbreviation)
    head = words[:size]
    initials = "".join(word[0] for word in head).upper()
    if size and len(words) > size and initials == organization.abbreviation.upper():
        return " ".join(head)
    return organization.name


def notice_symbol(organization: Organization) -> str:
    """'TB-BQL': the kind of document (Thông báo) and the issuing body's abbreviation."""
    from inspections.paperwork.kinds import symbol_of

    return symbol_of(Notice.Kind.RESULTS, organization)


def default_signer() -> User | None:
    """The deputy head who signs for the head (the seeds' signer), else any leader with a title."""
    leaders = User.objects.filter(groups__name="leader", is_active=True).exclude(title="")
    return (
        leaders.filter(title__iexact=DEFAULT_SIGNER_TITLE).order_by("full_name", "pk").first()
        or leaders.order_by("full_name", "pk").first()
    )


def signing_snapshot(
    organization: Organization, signer: User | None, authority: str, kind: str = Notice.Kind.RESULTS
) -> dict[str, str]:
    """The signing block's lines as data: 'KT. TRƯỞNG BAN' / 'PHÓ TRƯỞNG BAN' / 'Bùi Ngọc Hải'
    (a biên bản: 'TRƯỞNG ĐOÀN KIỂM TRA' / 'Bùi Ngọc Hải')."""
    from inspections.paperwork.kinds import spec_of

    role = spec_of(kind).signer_role
    if role:  # the role signs (a biên bản: the team's leader), whatever their title in the board
        name = signer.display_name if signer else ""
        return {"authority_title": "", "signer_title": role.upper(), "signer_name": name}
    if signer is None:
        return {"authority_title": "", "signer_title": "", "signer_name": ""}
    head = organization.head_title.upper()
    title = signer.title.upper()
    if authority == Notice.Authority.TM:
        authority_title = organization.name.upper()
    elif authority:
        authority_title = head
    else:
        authority_title = ""
    # An acting head ("Q. TRƯỞNG BAN") has no second title line.
    signer_title = "" if authority == Notice.Authority.Q else title
    return {
        "authority_title": authority_title,
        "signer_title": signer_title,
        "signer_name": signer.display_name,
    }


def notice_signing(notice: Notice) -> dict[str, str]:
    """What a notice's signing block holds, for every output (page, PDF, Word) to lay out with
    layout.signing_block() (Nghị định 30, Phụ lục I, II.7.b).

    The snapshot the services take on every save (frozen at issue); a notice not yet saved
    through them is read from its signer and organisation now, by the same rule.
    """
    frozen = signing_of(notice)
    if frozen is not None:  # issued: as it was at issue
        return frozen
    if notice.signer_name:
        snapshot = {
            "authority_title": notice.authority_title,
            "signer_title": notice.signer_title,
            "signer_name": notice.signer_name,
        }
    else:
        snapshot = signing_snapshot(notice.organization, notice.signer, notice.authority, notice.kind)
    if notice.authority and not snapshot["authority_title"]:
        snapshot["authority_title"] = notice.organization.head_title
    return {"authority": notice.authority, **snapshot}


def unique_documents(documents) -> list[ReferenceDocument]:
    """`documents` in order, each once, without the missing (None) ones."""
    seen, ordered = set(), []
    for document in documents:
        if document is not None and document.pk not in seen:
            seen.add(document.pk)
            ordered.append(document)
    return ordered


def _legal_bases(inspection: Inspection) -> list[ReferenceDocument]:
    plan = inspection.plan
    documents = [link.document for link in plan.basis_links.select_related("document").order_by("position")]
    return unique_documents([*documents, plan.document, inspection.announcement])


def _scope_phrase(organization: Organization, units: list[Unit], when: str) -> str:
    kinds = {unit.kind for unit in units}
    totals = {
        kind: organization.units.active().filter(kind=kind).count() for kind in (DEPARTMENT, SERVICE_UNIT)
    }
    departments = [u for u in units if u.kind == DEPARTMENT]
    services = [u for u in units if u.kind == SERVICE_UNIT]
    owner = short_name(organization)
    if kinds == {DEPARTMENT}:
        return f"các phòng chuyên môn ({len(departments):02d}/{totals[DEPARTMENT]:02d} phòng) {when}"
    if kinds == {SERVICE_UNIT}:
        names = _join([u.name for u in services])
        return (
            f"tại {len(services):02d}/{totals[SERVICE_UNIT]:02d} đơn vị sự nghiệp trực thuộc {owner} "
            f"{when} ({names})"
        )
    return (
        f"tại {len(departments):02d}/{totals[DEPARTMENT]:02d} phòng chuyên môn và "
        f"{len(services):02d}/{totals[SERVICE_UNIT]:02d} đơn vị sự nghiệp trực thuộc {owner} {when}"
    )


def _partial_scope_phrase(organization: Organization, progress: RoundProgress, when: str) -> str:
    """'04/09 phòng chuyên môn từ ngày … (Văn phòng, …); chưa kiểm tra Phòng A, Phòng B': a round
    only partly inspected names what was and was not inspected."""
    totals = {
        kind: organization.units.active().filter(kind=kind).count() for kind in (DEPARTMENT, SERVICE_UNIT)
    }
    groups = []
    for kind, noun in ((DEPARTMENT, "phòng chuyên môn"), (SERVICE_UNIT, "đơn vị sự nghiệp trực thuộc")):
        done = [u for u in progress.done if u.kind == kind]
        if done:
            groups.append(f"{len(done):02d}/{totals[kind]:02d} {noun}")
    names = _join([u.name for u in progress.done])
    inspected = f"{' và '.join(groups)} {when} ({names})" if groups else f"{when}: chưa có đơn vị nào"
    missing = _join([u.name for u in progress.not_done])
    return f"{inspected}; chưa kiểm tra {missing}"


def _legal_basis_sentence(organization: Organization, documents, scope: str) -> str:
    external = [d.citation() for d in documents if d.issuer]
    own = [d.citation() for d in documents if not d.issuer]
    parts = []
    if external:
        parts.append("Căn cứ " + "; ".join(external))
    if own:
        parts.append(("thực hiện " if parts else "Thực hiện ") + "; ".join(own))
    did = f"{organization.name} đã tổ chức kiểm tra {scope}."
    return "; ".join([*parts, did]) if parts else did


def _lead_in(organization: Organization, units: list[Unit], partial: bool = False) -> str:
    kinds = {unit.kind for unit in units}
    if partial:
        where = f"tại {_join([u.name for u in units])}," if units else "tại các đơn vị đã kiểm tra,"
    elif kinds == {SERVICE_UNIT}:
        where = f"tại {len(units):02d} đơn vị sự nghiệp trực thuộc gồm: {_join([u.name for u in units])},"
    elif kinds == {DEPARTMENT}:
        where = "tại các phòng chuyên môn,"
    else:
        where = "tại các phòng, đơn vị,"
    return f"Sau khi kiểm tra {where} {organization.name} thông báo kết quả kiểm tra như sau:"


def _item(criterion: Criterion, findings: list[Finding], wording: dict, kinds, partial: bool = False) -> str:
    compliant = [f for f in findings if f.result == Finding.Result.COMPLIANT]
    if partial:
        # Only some units were inspected: "Các phòng … (còn lại)" would speak for units never
        # visited, so the compliant units are named.
        names = _join([f.unit_check.unit.name for f in compliant])
        wording = {**wording, "subject": names, "others": names}
    shortcomings = [f for f in findings if f.result == Finding.Result.SHORTCOMING]
    noted = [f for f in findings if f.result == Finding.Result.NOTED]
    done = (
        _sentence(criterion.compliant_wording(kinds))
        or f"thực hiện tốt nội dung {_lower_first(criterion.name)}"
    )
    if not shortcomings:
        text = f"{wording['subject']} đã {done}." if compliant else f"Về {_lower_first(criterion.name)}:"
    else:
        faults = "; ".join(f"{f.unit_check.unit.name}: {_sentence(f.observation)}" for f in shortcomings)
        text = f"Về {_lower_first(criterion.name)}: còn tồn tại, hạn chế tại {faults}."
        if compliant:
            text += f" {wording['others']} đã {done}."
    if noted:
        notes = "; ".join(f"{f.unit_check.unit.name}: {_sentence(f.observation)}" for f in noted)
        text += f" Ghi nhận: {notes}."
    return text


def _closing(organization: Organization, shortcomings: list[Finding], wording: dict) -> str:
    demands = []
    for finding in shortcomings:
        demand = _sentence(finding.recommendation)
        if demand and _lower_first(demand) not in demands:
            demands.append(_lower_first(demand))
    text = (
        "Để tiếp tục nâng cao chất lượng, hiệu quả trong việc thực hiện triển khai công tác cải cách "
        f"hành chính tại {wording['where']}, nhằm khắc phục những tồn tại, hạn chế, góp phần thực hiện "
        f"tốt công tác cải cách hành chính, {organization.name} yêu cầu {wording['addressee']} công tác "
        "chỉ đạo điều hành hoạt động của đơn vị trong công tác cải cách hành chính"
    )
    if demands:
        text += ", đặc biệt chú trọng: " + "; ".join(demands)
    return text + "./."


def _recipients(organization: Organization, units: list[Unit]) -> list[str]:
    departments = [u for u in units if u.kind == DEPARTMENT]
    all_departments = set(organization.units.active().departments().values_list("pk", flat=True))
    lines = ["Lãnh đạo Ban (để báo cáo)"]
    if departments and {u.pk for u in departments} >= all_departments:
        lines.append(f"Văn phòng, các phòng chuyên môn {organization.abbreviation}")
        units = [u for u in units if u.kind != DEPARTMENT]
    lines += [unit.short_name or unit.name for unit in units]
    lines.append(f"Lưu: {organization.archive_code}")
    return lines


def compose_notice(inspection: Inspection) -> ComposedNotice:
    """Build every part of a draft notice from the round, its visits and its findings."""
    organization = inspection.plan.organization
    progress = round_progress(inspection)
    partial = not progress.complete
    # What the notice speaks of: the units actually inspected (every unit once all are).
    units = progress.done if partial else progress.units
    kinds = frozenset(unit.kind for unit in (units or progress.units)) or frozenset({DEPARTMENT})
    wording = WORDING[kinds]
    documents = _legal_bases(inspection)
    when = vn_date_range(inspection.starts_on, inspection.ends_on)
    if partial:
        scope = _partial_scope_phrase(organization, progress, when)
    else:
        scope = _scope_phrase(organization, units, when)

    findings = list(
        Finding.objects.filter(unit_check__inspection=inspection, unit_check__status=UnitCheck.Status.DONE)
        .select_related("unit_check__unit", "criterion")
        .order_by("unit_check__unit__kind", "unit_check__unit__order", "pk")
    )
    by_criterion: dict[int, list[Finding]] = {}
    for finding in findings:
        by_criterion.setdefault(finding.criterion_id, []).append(finding)
    items = [
        _item(criterion, by_criterion[criterion.pk], wording, kinds, partial)
        for criterion in inspection.plan.criteria.order_by("position", "pk")
        if criterion.pk in by_criterion
    ]
    shortcomings = [f for f in findings if f.result == Finding.Result.SHORTCOMING]

    legal_basis_sentence = _legal_basis_sentence(organization, documents, scope)
    lead_in = _lead_in(organization, units, partial)
    return ComposedNotice(
        title=f"Kết quả kiểm tra công tác cải cách hành chính {wording['title']} {organization.name}",
        opening=f"{legal_basis_sentence}\n\n{lead_in}",
        legal_basis_sentence=legal_basis_sentence,
        lead_in=lead_in,
        items=items,
        closing=_closing(organization, shortcomings, wording),
        recipients=_recipients(organization, units),
        legal_bases=documents,
        symbol=notice_symbol(organization),
        place=organization.place,
        signer=default_signer(),
        shortcomings=shortcomings,
        not_inspected=progress.not_done,
    )


# The name the paperwork registry (inspections/paperwork/kinds.py) calls every kind's composer by.
compose = compose_notice
