"""Split the legal-basis paragraph into cited documents and the sentence of what was inspected.

"Căn cứ Kế hoạch số 4647/QĐ-UBND ngày 30/12/2022 của UBND thành phố về việc …; thực hiện
Kế hoạch số 146/KH-BQL ngày 12/01/2023 về việc …; …; Ban Quản lý … đã tổ chức kiểm tra các
phòng chuyên môn (09/09 phòng) từ ngày 06-07/6/2023."
"""

import re
from datetime import date

from inspections.importing.parsed import Citation, Problem, Scope

# The word in front of "số" names the kind (ReferenceDocument.Kind values).
KIND_WORDS = {
    "kế hoạch": "plan",
    "quyết định": "decision",
    "thông báo": "notice",
    "nghị định": "decree",
    "thông tư": "circular",
    "nghị quyết": "resolution",
    "chỉ thị": "directive",
    "công văn": "letter",
    "báo cáo": "report",
    "biên bản": "minutes",
    "luật": "law",
}
_KINDS = "|".join(sorted(KIND_WORDS, key=len, reverse=True))
CITATION_RE = re.compile(
    rf"^(?P<kind>{_KINDS})\s+số\s+(?P<number>\d{{1,6}}(?:/\d{{4}})?/[A-ZĐ][A-ZĐ0-9&]*(?:-[A-ZĐ0-9&]+)*)"
    r"\s+ngày\s+(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})"
    r"(?:\s+của\s+(?P<issuer>.+?))?"
    r"(?:\s+(?P<about>về việc|về)\s+(?P<summary>.+?))?\.?$",
    re.IGNORECASE,
)
LEAD_RE = re.compile(r"^(căn cứ|thực hiện|theo|và)\s+", re.IGNORECASE)
COUNT_RE = re.compile(r"\(?\b(\d{1,3})\s*/\s*(\d{1,3})\s+(phòng|đơn vị)", re.IGNORECASE)
RANGE_SAME_MONTH_RE = re.compile(r"từ ngày\s+(\d{1,2})\s*[-–]\s*(\d{1,2})/(\d{1,2})/(\d{4})", re.IGNORECASE)
RANGE_RE = re.compile(
    r"từ ngày\s+(\d{1,2})/(\d{1,2})(?:/(\d{4}))?\s+đến ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})", re.IGNORECASE
)
DAY_RE = re.compile(r"ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})", re.IGNORECASE)
# CITATION_RE's issuer and summary are lazy and end at "$": a clause costs the square of its
# length, so clauses longer than any real citation (about 300 characters) are not tried.
MAX_CLAUSE_CHARS = 1_000


def make_date(day, month, year) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def parse_citation(clause: str) -> Citation | None:
    """Read one clause such as "Kế hoạch số 810/KH-BQL ngày 02/3/2023 về việc …", or None."""
    if len(clause) > MAX_CLAUSE_CHARS:
        return None
    match = CITATION_RE.match(LEAD_RE.sub("", clause.strip()))
    if not match:
        return None
    issued_on = make_date(match["day"], match["month"], match["year"])
    if issued_on is None:
        return None
    kind = KIND_WORDS[match["kind"].lower()]
    return Citation(
        kind=kind,
        number_symbol=match["number"].upper(),
        issued_on=issued_on,
        issuer=(match["issuer"] or "").strip(),
        summary=(match["summary"] or "").strip().rstrip("."),
        text=clause.strip(),
    )


def parse_basis(paragraph: str, line: int | None) -> tuple[list[Citation], str, list[Problem]]:
    """Return (citations, the scope sentence, problems) of the legal-basis paragraph."""
    citations, scope_parts, problems = [], [], []
    for clause in (part.strip() for part in paragraph.split(";")):
        if not clause:
            continue
        citation = parse_citation(clause)
        if citation:
            citations.append(citation)
        elif "kiểm tra" in clause.lower() and not LEAD_RE.match(clause):
            scope_parts.append(clause)
        else:
            problems.append(
                Problem(line, clause, "Không tách được thành văn bản căn cứ (loại, số, ngày, về việc).")
            )
    return citations, "; ".join(scope_parts), problems


def parse_scope(text: str) -> Scope:
    """Read the kind of units, the count and the dates from the sentence of what was inspected."""
    scope = Scope(text=text)
    lowered = text.lower()
    count = COUNT_RE.search(text)
    if count:
        scope.checked, scope.total = int(count[1]), int(count[2])
    if "đơn vị sự nghiệp" in lowered or (count and count[3].lower() == "đơn vị"):
        scope.unit_kind = "service_unit"
    elif "phòng chuyên môn" in lowered or (count and count[3].lower() == "phòng"):
        scope.unit_kind = "department"
    if match := RANGE_SAME_MONTH_RE.search(text):
        scope.starts_on = make_date(match[1], match[3], match[4])
        scope.ends_on = make_date(match[2], match[3], match[4])
    elif match := RANGE_RE.search(text):
        scope.starts_on = make_date(match[1], match[2], match[3] or match[6])
        scope.ends_on = make_date(match[4], match[5], match[6])
    elif match := DAY_RE.search(text):
        scope.starts_on = scope.ends_on = make_date(match[1], match[2], match[3])
    return scope
