"""Text helpers shared by forms, search, the composer and the PDF: normalising and folding
Vietnamese, and keeping invisible characters out of what people read."""

import unicodedata

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
