"""Read existing notices (UTF-8 text or Markdown converted from scans, and Word files).

`read_notice(data, filename, proper_names=…)` returns a ParsedNotice or raises ImportRefused;
it never touches the database. Storing is `inspections.services.importing`.
"""

from inspections.importing.decode import read_lines
from inspections.importing.parse_text import parse_lines
from inspections.importing.parsed import Citation, ImportRefused, ParsedNotice, Problem, Scope


def read_notice(data: bytes, filename: str, *, proper_names=()) -> ParsedNotice:
    """Parse a notice file's bytes; raise ImportRefused when it is not a readable notice."""
    lines, kind, notes = read_lines(data, filename)
    notice = parse_lines(lines, proper_names=proper_names, source_kind=kind)
    notice.problems[:0] = notes
    return notice


__all__ = ["Citation", "ImportRefused", "ParsedNotice", "Problem", "Scope", "read_notice"]
