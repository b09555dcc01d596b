"""The demo's outgoing register of 2023: the board's documents the app did not make.

The seeds cite 146/KH-BQL (12/01/2023), the board's yearly reform plan, made before (and
outside) the inspection paperwork; the clerk enters it through the register's form, as a clerk
would. 810/KH, the team decision, 2335/TB, 2535/TB, the biên bản, 2819 and 2880/TB are issued
in the app (demo_paperwork.py, demo_notices.py): together they show the one series the board
numbers every kind in.
"""

from inspections.demo import DOCUMENTS
from inspections.forms.register import RegisterEntryForm
from inspections.models import RegisterEntry
from inspections.models.records import ReferenceDocument
from inspections.models.register import DocumentKind
from inspections.services.register import enter_document
from units.models import Organization, User

CLERK = "vanthu"
KINDS = {ReferenceDocument.Kind.PLAN: DocumentKind.PLAN, ReferenceDocument.Kind.NOTICE: DocumentKind.NOTICE}
ENTERED = ["board_plan"]


def load(organization: Organization, keys=ENTERED) -> list[tuple[RegisterEntry, bool]]:
    """Enter the documents of `keys` (demo.DOCUMENTS) unless the register holds their numbers;
    (entry, made now) each."""
    clerk = User.objects.get(username=CLERK)
    results = []
    for key in keys:
        kind, number_symbol, issued_on, _issuer, summary = DOCUMENTS[key]
        number, symbol = number_symbol.split("/", 1)
        existing = RegisterEntry.objects.filter(
            organization=organization, year=issued_on.year, number=int(number), symbol=symbol
        ).first()
        if existing:
            results.append((existing, False))
            continue
        data = {
            "kind": KINDS[kind],
            "number": number,
            "symbol": symbol,
            "issued_on": issued_on.isoformat(),
            "summary": summary[:1].upper() + summary[1:],
            "confirm_gap": number,  # 146 is the first number the seeds show for 2023
        }
        form = RegisterEntryForm(data, organization=organization)
        if not form.is_valid():
            raise ValueError(f"The demo's register entry {number_symbol} was refused: {form.errors}")
        results.append((enter_document(form, by=clerk), True))
    return results
