"""A document issued here becomes the citation the round's later documents use.

When a plan, a team decision or a schedule notice is issued, its citation record (a
ReferenceDocument linked to it) is written from the issued document itself: kind, number and
symbol, date and trích yếu, the board's own (no "của …"). The plan then cites it as its own
document, the round as its schedule notice, so a notice of results drafted later cites
"Kế hoạch số 810/KH-BQL ngày 02/3/2023 về việc …" from records, never from typing. A record the
clerk had entered by hand for the same number and date is taken over, not duplicated.
"""

from inspections.models import Inspection, InspectionPlan, Notice, ReferenceDocument


def summary_of(notice: Notice) -> str:
    """The trích yếu as a citation continues it: 'về việc …' or 'kiểm tra …' (citation() adds 'về việc')."""
    title = " ".join(notice.title.split())
    return title[:1].lower() + title[1:]


def record_issued(notice: Notice) -> ReferenceDocument | None:
    """Write the citation record of `notice`, just issued, and point its plan or round at it.

    Called by the issuing service inside its transaction; returns None for kinds nobody cites.
    """
    spec = notice.spec
    if not spec.cited:
        return None
    # Cited as its kind in the register: "Kế hoạch số …", "Quyết định số …", "Thông báo số …".
    kind = ReferenceDocument.Kind(spec.register_kind)
    number_symbol = notice.reference
    record = ReferenceDocument.objects.filter(number_symbol=number_symbol, issued_on=notice.issued_on).first()
    if record is None:
        record = ReferenceDocument(number_symbol=number_symbol, issued_on=notice.issued_on)
    record.kind, record.issuer, record.summary = kind, "", summary_of(notice)[:500]
    record.source_document = notice
    record.refresh_search_text()
    record.save()
    if notice.kind == Notice.Kind.PLAN:
        InspectionPlan.objects.filter(pk=notice.plan_id).update(document=record)
    elif notice.kind == Notice.Kind.SCHEDULE:
        Inspection.objects.filter(pk=notice.inspection_id).update(announcement=record)
    return record
