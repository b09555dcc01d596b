"""Read a notice from numbered lines of text (UTF-8 text or Markdown, or a Word file's paragraphs).

The file is read in four parts, in order: the header (number line, place and date), THÔNG BÁO
and the title, the body (legal-basis paragraph, lead-in, numbered items, closing) and the
tail (Nơi nhận and its list, the signing block). Conversion damage seen in the seeds is
repaired and reported as a note; what cannot be read is reported line by line and left out.

Every step is linear in the size of the file (a clerk's upload must not hold a worker for
minutes): each regular expression runs once over a line with a callback, never in a loop
that rebuilds the line, and no pattern can backtrack over more than one clause; lines and
files longer than a notice can be are refused first (MAX_LINE_CHARS, MAX_LINES).
"""

import re

from inspections.importing.citations import make_date, parse_basis, parse_scope
from inspections.importing.parsed import ImportRefused, ParsedNotice
from inspections.text import clean_line as one_line
from inspections.text import unprintable_characters, unprintable_message
from inspections.vn import vn_number

# A notice's longest paragraph (a Word paragraph is one line) is a few thousand characters;
# its parts are limited to 10,000 (Notice.opening); a whole notice is a few hundred lines.
MAX_LINE_CHARS = 20_000
MAX_LINES = 20_000
HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+")
STRUCK_RE = re.compile(r"~~(.+?)~~(\s*)")
ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!~|>])")
ITALIC_RE = re.compile(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])")
RULE_RE = re.compile(r"^[-_—–=*.\s]+$")
NUMBER_LINE_RE = re.compile(r"^Số\s*[:.]?\s*(?P<rest>.*)$")
NUMBER_RE = re.compile(
    r"^(?P<number>\d{1,6})?\s*(?P<slash>/)?\s*(?P<symbol>[A-ZĐ][A-ZĐ0-9&]*(?:\s?-\s?[A-ZĐ0-9&]+)+)\.?$"
)
DATE_LINE_RE = re.compile(
    r"^(?P<place>[^,\d]{2,60}),\s*ngày\s+(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})\s+năm\s+(?P<year>\d{4})\.?$",
    re.IGNORECASE,
)
TITLE_WORD_RE = re.compile(r"^THÔNG\s+BÁO$")
RECIPIENTS_RE = re.compile(r"^Nơi\s+nhận\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
AUTHORITY_RE = re.compile(r"^(?P<authority>KT|TM|Q|TL|TUQ)\s*\.\s*(?P<title>\S.*)$")
ITEM_RE = re.compile(r"^(?P<number>\d{1,2})\s*[.)]\s+(?P<text>\S.*)$")
# (?<!\d): a run of digits is tried from its first digit only, not from each of them.
SYMBOL_SPACE_RE = re.compile(r"(?<!\d)(\d+/(?:\d{4}/)?[A-ZĐ][A-ZĐ0-9&]*)\s*-\s+([A-ZĐ])")
SPACED_SYMBOL_RE = re.compile(r"(?<!\d)\d+/(?:\d{4}/)?[A-ZĐ][A-ZĐ0-9&]*\s*-\s+[A-ZĐ0-9&]+")
END_MARK_RE = re.compile(r"\s*\.?\s*/\.\s*$")
TERMINAL = ".;:!?…)]”\"'"
BULLETS = "-–—+•*"


def check_size(lines: list[tuple[int, str]]) -> None:
    """Refuse a file with more lines, or a longer line, than any notice has."""
    if len(lines) > MAX_LINES:
        raise ImportRefused(
            f"Tệp có {vn_number(len(lines))} dòng (tối đa {vn_number(MAX_LINES)}): không giống một "
            "thông báo; hãy kiểm tra lại tệp."
        )
    for number, text in lines:
        if len(text) > MAX_LINE_CHARS:
            raise ImportRefused(
                f"Dòng {number} dài {vn_number(len(text))} ký tự (tối đa {vn_number(MAX_LINE_CHARS)} "
                "ký tự một dòng, một đoạn): không giống một thông báo; hãy kiểm tra lại tệp."
            )


def clean_line(text: str, line: int, notice: ParsedNotice) -> str:
    """Remove Markdown markers and struck-through duplicates from one line."""
    text = one_line(text.replace("\u00a0", " ").replace("\t", " "))
    text = HEADING_RE.sub("", text)
    text = text.replace("**", "").replace("__", "")
    text = ITALIC_RE.sub(r"\1", text)
    text = ESCAPE_RE.sub(r"\1", text)

    def unstrike(match: re.Match) -> str:
        inner, struck = match[1].strip(), f"~~{match[1]}~~"
        # What follows, after the spaces the pattern took: compared in place, not copied.
        if inner and match.string.startswith(inner, match.end()):
            # "số ~~2335~~ 2335/TB-BQL": the struck copy duplicates what follows; drop it.
            notice.problem(line, struck, "Bỏ phần gạch ngang trùng lặp với chữ ngay sau.", "note")
            return ""
        # "Số: ~~2880~~ TB-BQL": the struck text is the only copy; keep it.
        notice.problem(line, struck, "Giữ lại chữ bị gạch ngang vì không có bản nào khác.", "note")
        return inner + match[2]

    return " ".join(STRUCK_RE.sub(unstrike, text).split())


def is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def sentence_case(text: str, proper_names=()) -> str:
    """'KẾT QUẢ … BAN QUẢN LÝ KHU KINH TẾ HẢI PHÒNG' → 'Kết quả … Ban Quản lý Khu kinh tế Hải Phòng'."""
    result = text.lower()
    # Longest first, so "Ban Quản lý Khu kinh tế Hải Phòng" wins over "Hải Phòng"; names whose
    # lower case changes length (none in Vietnamese) are left out, as the positions would shift.
    names = {
        n.lower(): n for n in sorted({n for n in proper_names if n}, key=len) if len(n.lower()) == len(n)
    }
    if names:
        pattern = "|".join(re.escape(key) for key in sorted(names, key=len, reverse=True))
        result = re.sub(pattern, lambda match: names[match[0]], result)
    return result[:1].upper() + result[1:]


def blocks_of(lines: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Group non-blank lines into blocks (paragraphs) separated by blank lines."""
    blocks, current = [], []
    for number, text in lines:
        if text:
            current.append((number, text))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def parse_lines(lines: list[tuple[int, str]], *, proper_names=(), source_kind="text") -> ParsedNotice:
    """Read a notice out of numbered lines; raise ImportRefused when it is not one."""
    check_size(lines)
    notice = ParsedNotice(source_kind=source_kind)
    cleaned = [(number, clean_line(text, number, notice)) for number, text in lines]
    for number, text in cleaned:
        # A character no print font has would show as an empty box in the notice's PDF.
        if missing := unprintable_characters(text):
            raise ImportRefused(f"Dòng {number}: {unprintable_message(missing)}", notice.problems)
    blocks = blocks_of(cleaned)
    index = _read_header(blocks, notice)
    if index is None:
        raise ImportRefused(
            "Không phải thông báo: không thấy dòng “THÔNG BÁO” (tên loại văn bản).", notice.problems
        )
    index = _read_title(blocks, index, notice, proper_names)
    index = _read_body(blocks, index, notice)
    _read_tail(blocks, index, notice)
    _check(notice)
    notice.problems.sort(key=lambda problem: problem.line or 0)
    return notice


def _read_header(blocks, notice) -> int | None:
    """Read the number and date lines; return the index of the first title block, or None."""
    for block_index, block in enumerate(blocks):
        for position, (line, text) in enumerate(block):
            if TITLE_WORD_RE.match(text):
                blocks[block_index] = block[position + 1 :]  # the rest of the block is the title
                return block_index
            if match := NUMBER_LINE_RE.match(text):
                _read_number(match["rest"], line, text, notice)
            elif match := DATE_LINE_RE.match(text):
                notice.place = match["place"].strip()
                notice.issued_on = make_date(match["day"], match["month"], match["year"])
                if notice.issued_on is None:
                    notice.problem(line, text, "Ngày tháng không có thật.")
            elif is_caps(text) or RULE_RE.match(text) or text.lower().startswith("độc lập"):
                continue  # agency names, Quốc hiệu, Tiêu ngữ and rules: not part of the record
            else:
                notice.problem(line, text, "Không nhận ra dòng này ở phần đầu văn bản; đã bỏ qua.")
    return None


def _read_number(rest: str, line: int, text: str, notice: ParsedNotice) -> None:
    match = NUMBER_RE.match(rest.replace("…", "").replace("...", "").strip())
    if not match:
        notice.problem(line, text, "Không đọc được số, ký hiệu (cần dạng “Số: 2880/TB-BQL”).")
        return
    notice.symbol = re.sub(r"\s", "", match["symbol"])
    if match["number"]:
        notice.number = int(match["number"])
        if not match["slash"]:
            notice.problem(
                line, text, f"Thiếu dấu “/” giữa số và ký hiệu; đã hiểu là {notice.reference}.", "note"
            )


def _read_title(blocks, index, notice, proper_names) -> int:
    """Read the title lines after THÔNG BÁO; return the index of the first body block."""
    parts = [text for _, text in blocks[index] if not RULE_RE.match(text)]
    index += 1
    while index < len(blocks):
        texts = [text for _, text in blocks[index] if not RULE_RE.match(text)]
        if texts and (not parts or (all(is_caps(t) for t in texts) and not RECIPIENTS_RE.match(texts[0]))):
            parts.extend(texts)
            index += 1
        elif not texts:
            index += 1
        else:
            break
    title = " ".join(parts).strip()
    notice.title = sentence_case(title, proper_names) if is_caps(title) else title
    return index


def _paragraphs(blocks, index, notice) -> tuple[list[tuple[int, str]], int]:
    """Collect body paragraphs up to Nơi nhận or the signing block, joining page-break splits."""
    # Each paragraph is a list of parts joined once at the end: joining as we go would copy a
    # growing paragraph again for every part.
    parts: list[tuple[int, list[str]]] = []
    while index < len(blocks):
        first = blocks[index][0][1]
        if RECIPIENTS_RE.match(first) or AUTHORITY_RE.match(first):
            break
        line = blocks[index][0][0]
        text = " ".join(text for _, text in blocks[index])
        if parts and parts[-1][1][-1][-1] not in TERMINAL and text[:1].islower():
            last_word = parts[-1][1][-1].rsplit(" ", 1)[-1]
            notice.problem(
                line,
                f"{last_word} / {text.split(' ', 1)[0]}",
                "Nối lại câu bị ngắt trang giữa hai dòng.",
                "note",
            )
            parts[-1][1].append(text)
        else:
            parts.append((line, [text]))
        index += 1
    paragraphs = [(line, " ".join(texts)) for line, texts in parts]
    fixed = []
    for line, text in paragraphs:
        repaired = SYMBOL_SPACE_RE.sub(r"\1-\2", text)
        if repaired != text:
            spaced = ", ".join(SPACED_SYMBOL_RE.findall(text))
            notice.problem(
                line, spaced, "Bỏ dấu cách thừa trong số, ký hiệu văn bản (như “146/KH- BQL”).", "note"
            )
        fixed.append((line, repaired))
    return fixed, index


def _read_body(blocks, index, notice) -> int:
    paragraphs, index = _paragraphs(blocks, index, notice)
    if not paragraphs:
        return index
    last_line, last = paragraphs[-1]
    paragraphs[-1] = (last_line, END_MARK_RE.sub(".", last))
    opening, items, after_last_item = [], [], []
    for line, text in paragraphs:
        if match := ITEM_RE.match(text):
            if int(match["number"]) != len(items) + 1:
                notice.problem(
                    line, text, f"Mục đánh số {match['number']} không đúng thứ tự; giữ nguyên vị trí."
                )
            if after_last_item:  # unnumbered paragraphs between two items belong to the earlier one
                items[-1] += "\n" + "\n".join(after_last_item)
                after_last_item = []
            items.append(match["text"])
        elif items:
            after_last_item.append(text)
        else:
            opening.append((line, text))
    if not items and len(opening) > 1:
        notice.problem(None, "", "Không thấy mục kết quả đánh số (1., 2., …).")
        after_last_item = [opening.pop()[1]]
    notice.items = items
    notice.closing = "\n".join(after_last_item)
    notice.opening = "\n".join(text for _, text in opening)
    is_basis = [bool(re.match(r"^(căn cứ|thực hiện)\b", text, re.I)) for _, text in opening]
    scope_texts = []
    for (line, text), basis in zip(opening, is_basis, strict=True):
        if basis:
            citations, scope_text, problems = parse_basis(text, line)
            notice.citations.extend(citations)
            for problem in problems:
                notice.problem(problem.line, problem.text, problem.reason, problem.level)
            scope_texts.append(scope_text)
    scope_texts += [text for (_, text), basis in zip(opening, is_basis, strict=True) if not basis]
    notice.scope = parse_scope(" ".join(t for t in scope_texts if t))
    return index


def _clean_recipient(text: str, line: int, notice: ParsedNotice) -> str:
    text = text.lstrip(BULLETS).strip().rstrip(";.,").strip()
    spaced = re.sub(r"\s+\)", ")", re.sub(r"\s*\(\s*", " (", text)).strip()
    if spaced != text:
        notice.problem(line, text, f"Sửa dấu cách quanh ngoặc: “{spaced}”.", "note")
    return spaced


def _read_tail(blocks, index, notice) -> None:
    mode = None
    for block in blocks[index:]:
        for line, text in block:
            if match := RECIPIENTS_RE.match(text):
                mode = "recipients"
                if match["rest"]:
                    notice.recipients.append(_clean_recipient(match["rest"], line, notice))
            elif (match := AUTHORITY_RE.match(text)) and is_caps(text) and not notice.authority:
                notice.authority = f"{match['authority']}."
                notice.authority_title = match["title"].strip()
                mode = "signing"
            elif mode == "recipients" and text[:1] in BULLETS:
                notice.recipients.append(_clean_recipient(text, line, notice))
            elif is_caps(text) and not notice.signer_title and mode in ("recipients", "signing", None):
                notice.signer_title = text
                mode = "signing"
            elif mode == "signing" and not notice.signer_name and not text.startswith("("):
                notice.signer_name = text
            elif mode == "signing" and text.startswith("("):
                continue  # "(Đã ký)", "(Ký, đóng dấu)": what a scan shows in place of the signature
            else:
                notice.problem(line, text, "Không nhận ra dòng này ở phần nơi nhận, chữ ký; đã bỏ qua.")


def _check(notice: ParsedNotice) -> None:
    """Refuse what is not an issued notice; the rest of what is missing becomes a problem."""
    if not notice.opening and not notice.items and not notice.closing:
        raise ImportRefused(
            "Không phải thông báo: không thấy phần nội dung (căn cứ, các mục kết quả, kết luận).",
            notice.problems,
        )
    if not notice.symbol:
        raise ImportRefused(
            "Không thấy dòng số, ký hiệu (ví dụ “Số: 2880/TB-BQL”): chỉ nhập được thông báo đã ban hành.",
            notice.problems,
        )
    if notice.number is None:
        raise ImportRefused(
            f"Thông báo chưa có số (“Số: …/{notice.symbol}”): chỉ nhập được thông báo đã ban hành, có số.",
            notice.problems,
        )
    if notice.issued_on is None:
        raise ImportRefused(
            "Không thấy ngày ban hành (ví dụ “Hải Phòng, ngày 14 tháng 6 năm 2023”).", notice.problems
        )
    if not notice.title:
        notice.problem(None, "", "Không thấy trích yếu sau “THÔNG BÁO”.")
    if not notice.signer_name:
        notice.problem(None, "", "Không thấy họ tên người ký.")
    if not notice.recipients:
        notice.problem(None, "", "Không thấy danh sách nơi nhận.")
