"""What the importer reads out of a notice file, before anything touches the database."""

from dataclasses import dataclass, field
from datetime import date

# A file that needs more repairs than this is not a notice; listing them all would only make
# the report (and the audit line) as large as the file.
MAX_PROBLEMS = 200


class ImportRefused(Exception):
    """A file that cannot be imported as a notice; nothing is written."""

    def __init__(self, message: str, problems: list["Problem"] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


@dataclass
class Problem:
    """One line the importer could not read, or repaired, and why."""

    line: int | None
    text: str
    reason: str
    level: str = "warning"  # "warning": left out of the record; "note": repaired and kept

    def __str__(self):
        where = f"Dòng {self.line}: " if self.line else ""
        quoted = f"“{self.text[:80]}” – " if self.text else ""
        return f"{where}{quoted}{self.reason}"


@dataclass
class Citation:
    """One cited document of the legal-basis paragraph, e.g. Kế hoạch số 810/KH-BQL ngày 02/3/2023."""

    kind: str  # ReferenceDocument.Kind value
    number_symbol: str
    issued_on: date
    issuer: str
    summary: str
    text: str  # the clause as printed (cleaned)


@dataclass
class Scope:
    """What was inspected, where and when, as the legal-basis paragraph says it."""

    unit_kind: str = ""  # Unit.Kind value, or "" when the text does not say
    checked: int | None = None  # "09/09 phòng" -> 9 of 9
    total: int | None = None
    unit_names: list[str] = field(default_factory=list)  # names as found in the text, in order
    starts_on: date | None = None
    ends_on: date | None = None
    text: str = ""


@dataclass
class ParsedNotice:
    number: int | None = None
    symbol: str = ""
    place: str = ""
    issued_on: date | None = None
    title: str = ""
    opening: str = ""
    items: list[str] = field(default_factory=list)
    closing: str = ""
    recipients: list[str] = field(default_factory=list)
    authority: str = ""
    authority_title: str = ""
    signer_title: str = ""
    signer_name: str = ""
    citations: list[Citation] = field(default_factory=list)
    scope: Scope = field(default_factory=Scope)
    problems: list[Problem] = field(default_factory=list)
    source_kind: str = "text"  # "text" or "docx"

    @property
    def reference(self) -> str:
        return f"{self.number}/{self.symbol}" if self.number else f"…/{self.symbol}"

    @property
    def year(self) -> int | None:
        return self.issued_on.year if self.issued_on else None

    def problem(self, line: int | None, text: str, reason: str, level: str = "warning") -> None:
        """Report a line that was repaired ("note") or left out; past MAX_PROBLEMS, only say so once."""
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(line, text[:300], reason, level))
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append(
                Problem(
                    None, "", f"Còn nhiều chỗ khác đã sửa hoặc bỏ qua; chỉ liệt kê {MAX_PROBLEMS} chỗ đầu."
                )
            )
