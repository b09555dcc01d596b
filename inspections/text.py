"""Text helpers shared by forms, search, the composer and the PDF: normalising and folding
Vietnamese, keeping invisible characters out of what people read, and refusing characters
that the printed documents' fonts cannot draw."""

import unicodedata

from django.core.exceptions import ValidationError

# Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069, U+061C): they reorder
# what follows them on screen and in the PDF ("Nguyễn\u202eauh" shows as "Nguyễnhua") and have
# no use in Vietnamese documents.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
# Characters that print as nothing: a name holding one looks the same as a different name.
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e"
_DROP_BIDI = str.maketrans(dict.fromkeys(BIDI_CONTROLS))
_DROP_INVISIBLE = str.maketrans(dict.fromkeys(BIDI_CONTROLS + INVISIBLE))


def nfc(value: str) -> str:
    """Compose combining diacritics (NFD input from some keyboards and PDFs) into NFC."""
    return unicodedata.normalize("NFC", value or "")


def _line_breaks(value: str) -> str:
    return (value or "").replace("\r\n", "\n").replace("\r", "\n")


def clean_line(value: str) -> str:
    """A name, title or other short text as stored: no bidi controls, nothing invisible, NFC.

    The characters go first: "a\u200b\u0301" only composes to "á" once the zero-width space
    between the letter and its accent is gone.
    """
    return nfc(_line_breaks(value).translate(_DROP_INVISIBLE))


def clean_block(value: str) -> str:
    """Paragraphs as stored: "\n" line breaks, no bidi controls, NFC."""
    return nfc(_line_breaks(value).translate(_DROP_BIDI))


def fold(value: str) -> str:
    """Lower-case `value` and strip Vietnamese diacritics, for accent-insensitive search.

    "Kỷ luật" and "ky luat" fold to the same text; "Đ"/"đ" fold to "d", which Unicode
    decomposition alone does not do. Format characters (zero-width, bidi controls, soft
    hyphens) are dropped, so "zero\u200dwidth" is found as "zerowidth".
    """
    decomposed = unicodedata.normalize("NFD", (value or "").replace("Đ", "D").replace("đ", "d"))
    stripped = "".join(
        ch for ch in decomposed if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf"
    )
    return " ".join(stripped.lower().split())


def with_end_mark(text: str) -> str:
    """End the last paragraph of a document with "./." as Nghị định 30 requires (once)."""
    text = (text or "").rstrip()
    if not text or text.endswith("/."):
        return text
    return text + ("/." if text.endswith(".") else "./.")


def unprintable_characters(value: str) -> list[str]:
    """The distinct characters of `value` that no font of the printed documents can draw, in order."""
    from inspections import fonts

    # Each distinct character once (dict.fromkeys keeps their order): a 5 MB import has a few
    # hundred distinct characters, not five million to look up.
    return [char for char in dict.fromkeys(nfc(value)) if not fonts.printable(char)]


def describe_character(char: str) -> str:
    """“漢” (U+6F22) for a visible character, U+0007 for an invisible one."""
    code = f"U+{ord(char):04X}"
    return code if unicodedata.category(char)[0] in "CZ" else f"“{char}” ({code})"


def unprintable_message(chars: list[str]) -> str:
    """'Không in được ký tự “漢” (U+6F22): …', naming at most five of `chars`."""
    shown = ", ".join(describe_character(char) for char in chars[:5])
    more = f" và {len(chars) - 5} ký tự khác" if len(chars) > 5 else ""
    return (
        f"Không in được ký tự {shown}{more}: phông chữ của văn bản in không có ký tự này. "
        "Hãy xóa hoặc thay bằng ký tự khác."
    )


def check_printable(value: str) -> None:
    """Validator: refuse text holding a character that would print as an empty box.

    Applied to every field that reaches a printed document (notices, the year summary,
    and the records the composer writes notices from).
    """
    if missing := unprintable_characters(value):
        raise ValidationError(unprintable_message(missing), code="unprintable")


def human_size(size: int) -> str:
    """A size as people read it in Vietnamese: '512 byte', '20 KB', '1,5 MB', '413 MB'."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            value = size / scale
            text = f"{value:.0f}" if value >= 100 or value.is_integer() else f"{value:.1f}"
            return f"{text.replace('.', ',')} {unit}"
    return f"{size} byte"
