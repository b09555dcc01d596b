"""What the paperwork tests draft from: the demo's 2023 plan, round and first visit, per kind.

A module of its own (not conftest.py, a name every test folder shares) so that test modules
import it by a name that is unique in the suite.
"""

from inspections.models import Inspection, InspectionPlan, Notice, UnitCheck

KINDS = [kind.value for kind in Notice.Kind]
PDF_STUB = b"%PDF-1.7 stub"
# Who signs a biên bản for the inspected unit (the demo's first visit: Văn phòng).
COUNTERPART = ("Chánh Văn phòng", "Đỗ Thị Lan")


def source_for(demo, kind: str):
    """What a document of `kind` is drafted from in the demo: the 2023 plan, the departments
    round, or that round's first visit (Văn phòng, 06/6/2023)."""
    from inspections.paperwork.kinds import spec_of

    # Read afresh, as each request does: a document issued meanwhile repoints the plan and round.
    source = spec_of(kind).source
    if source == "plan":
        return InspectionPlan.objects.get(pk=demo.plan.pk)
    if source == "round":
        return Inspection.objects.get(pk=demo.departments_round.pk)
    return UnitCheck.objects.filter(inspection=demo.departments_round).in_order().first()
