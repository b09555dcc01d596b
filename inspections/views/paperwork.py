"""Drafting the round's other documents: the plan, the team decision and the report from the
year's plan, the schedule notice from a round, the biên bản from a visit (issue 13).

Once drafted, every document lives on the notice pages (edit, review, sign, issue, PDF, Word,
verification), which serve every kind; the notice of results keeps its own drafting page
(views/notices.py notice_draft), which also confirms an incomplete round.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from inspections.models import Inspection, InspectionPlan, Notice, TransitionError, UnitCheck
from inspections.paperwork.kinds import SPECS
from inspections.services.notices import draft_document

SOURCES = {"plan": InspectionPlan, "round": Inspection, "visit": UnitCheck}
LOOKUP = {"plan": "plan", "round": "inspection", "visit": "unit_check"}


def documents_of(source_kind: str, source) -> list[dict]:
    """For a plan, round or visit page: each kind drafted from it, with its documents (newest first)."""
    documents = list(
        Notice.objects.filter(**{LOOKUP[source_kind]: source}, kind__in=[k for k in SPECS])
        .only("pk", "kind", "status", "number", "symbol", "issued_on", "title", "replaces_id")
        .order_by("-created_at", "-pk")
    )
    return [
        {"spec": spec, "documents": [d for d in documents if d.kind == spec.kind]}
        for spec in SPECS.values()
        if spec.source == source_kind and spec.kind != Notice.Kind.RESULTS
    ]


@require_POST
@permission_required("inspections.add_notice", raise_exception=True)
def document_draft(request, kind, source_pk):
    spec = SPECS.get(kind)
    if spec is None or kind == Notice.Kind.RESULTS:
        raise Http404
    source = get_object_or_404(SOURCES[spec.source], pk=source_pk)
    confirmed = request.POST.get("confirm") == "on"
    try:
        notice = draft_document(kind, source, by=request.user, confirmed=confirmed)
    except TransitionError as error:
        open_documents = list(
            Notice.objects.filter(**{LOOKUP[spec.source]: source}, kind=kind)
            .exclude(status=Notice.Status.ISSUED)
            .order_by("pk")
        )
        context = {"spec": spec, "source": source, "reason": str(error), "open_documents": open_documents}
        return render(request, "inspections/document_draft_confirm.html", context)
    messages.success(request, f"Đã soạn dự thảo {spec.noun} từ hồ sơ. Hãy đọc lại và sửa.")
    return redirect("inspections:notice-edit", pk=notice.pk)
