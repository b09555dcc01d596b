"""What an issued notice showed when it was issued, kept on the notice itself (issue 17).

A notice's own text (title, paragraphs, items, recipients) lives in its rows, which the model
and the database triggers freeze at issue. What it shows but does not own — the issuing
body's header (name, parent body, place, the archive line of Nơi nhận), the documents it cites
as they stood (number, date, issuer, summary), the signing block — is copied into
`Notice.issued_snapshot` by the service that issues (or imports) it, in the same write as
the status, under the same guard. Every output of an issued notice (its page, the Word file,
the register, the exports, the PDF of a paper copy) reads the snapshot; a draft reads the live
records, so a renamed organisation or an edited reference document shows on drafts only.

Why a snapshot and not the stored Word file: the page, the register and the exports need the
same facts as data, and a Word file rebuilt from the snapshot keeps today's layout fixes.
"""

from types import SimpleNamespace

from inspections.text import nfc
from inspections.vn import vn_short_date

VERSION = 1
ORGANIZATION_FIELDS = ("name", "parent_name", "abbreviation", "place", "head_title", "archive_code")


def _document_entry(document, *, citation: str | None = None) -> dict:
    return {
        "kind": str(document.get_kind_display()),
        "number_symbol": document.number_symbol,
        "issued_on": document.issued_on.isoformat(),
        "issuer": document.issuer,
        "summary": document.summary,
        "citation": citation or document.citation(),
    }


def take(notice, *, citations: list[str] | None = None) -> dict:
    """The snapshot of `notice` as it stands now (the caller stores it with the issue).

    `citations` are the legal bases as the document itself printed them (an imported file's
    own words), in the order of its legal-basis rows; otherwise each is cited from its record.
    """
    from inspections.composer import notice_signing

    organization = notice.organization
    links = list(notice.basis_links.select_related("document").order_by("position", "pk"))
    if citations is None or len(citations) != len(links):
        citations = [None] * len(links)
    pairs = zip(links, citations, strict=True)
    bases = [_document_entry(link.document, citation=text) for link, text in pairs]
    return {
        "version": VERSION,
        "organization": {name: getattr(organization, name) for name in ORGANIZATION_FIELDS},
        "legal_bases": bases,
        "signing": notice_signing(notice),
        "recipients": [recipient.text for recipient in notice.recipients.all()],
    }


def organization_of(notice):
    """The issuing body as the notice shows it: as it was at issue, or the live record for a draft."""
    frozen = notice.issued_snapshot
    if frozen:
        return SimpleNamespace(pk=notice.organization_id, **frozen["organization"])
    return notice.organization


def recipient_texts(notice) -> list[str]:
    frozen = notice.issued_snapshot
    if frozen:
        return list(frozen["recipients"])
    return [recipient.text for recipient in notice.recipients.all()]


def signing_of(notice) -> dict[str, str] | None:
    """The signing block kept at issue, or None for a notice not issued yet."""
    frozen = notice.issued_snapshot
    return dict(frozen["signing"]) if frozen else None


def citations_of(notice) -> list[str]:
    """The legal bases as the page lists them: as cited at issue, or from the live records."""
    frozen = notice.issued_snapshot
    if frozen:
        return [nfc(entry["citation"]) for entry in frozen["legal_bases"]]
    return [link.document.citation() for link in notice.basis_links.select_related("document")]


def reference_line(notice) -> str:
    """'Thông báo số 2880/TB-BQL ngày 14/6/2023 của <issuing body as named at issue>' (of its kind:
    'Kế hoạch số 810/KH-BQL …')."""
    return (
        f"{notice.spec.type_name.capitalize()} số {notice.reference} ngày {vn_short_date(notice.issued_on)} "
        f"của {organization_of(notice).name}"
    )
