"""Models of the inspections app, split by concept: records, notices and the audit trail."""

from inspections.models.audit import AuditEvent
from inspections.models.lifecycle import Transition, TransitionError
from inspections.models.notices import (
    Notice,
    NoticeFrozen,
    NoticeItem,
    NoticeLegalBasis,
    NoticeRecipient,
)
from inspections.models.records import (
    Criterion,
    Evidence,
    Finding,
    Inspection,
    InspectionPlan,
    PlanLegalBasis,
    ReferenceDocument,
    UnitCheck,
    validate_number_symbol,
)

__all__ = [
    "AuditEvent",
    "Criterion",
    "Evidence",
    "Finding",
    "Inspection",
    "InspectionPlan",
    "Notice",
    "NoticeFrozen",
    "NoticeItem",
    "NoticeLegalBasis",
    "NoticeRecipient",
    "PlanLegalBasis",
    "ReferenceDocument",
    "Transition",
    "TransitionError",
    "UnitCheck",
    "validate_number_symbol",
]

# Dashboard, follow-up and notifications (issue 7)
from inspections.models.followup import FollowUp, FollowUpReport, NotificationMark, ReportKept  # noqa: E402

__all__ += ["FollowUp", "FollowUpReport", "NotificationMark", "ReportKept"]

# Signing: certificates and signature images (issue 12)
from inspections.models.signing import Certificate, NoticeSigning, SigningImage  # noqa: E402

__all__ += ["Certificate", "NoticeSigning", "SigningImage"]

# The outgoing register across kinds (issues 13 and 17)
from inspections.models.register import DocumentKind, RegisterEntry, RegisterEntryFrozen  # noqa: E402

__all__ += ["DocumentKind", "RegisterEntry", "RegisterEntryFrozen"]

# Personal API tokens (issue 14)
from inspections.models.api import ApiToken  # noqa: E402

__all__ += ["ApiToken"]

# The signed scan of a visit's biên bản (issue 13)
from inspections.models.scans import MinutesScan, ScanKept  # noqa: E402

__all__ += ["MinutesScan", "ScanKept"]
