"""Text helpers shared by search, the composer and the PDF: folding and normalising Vietnamese."""

import unicodedata


def nfc(value: str) -> str:
    """Compose combining diacritics (NFD input from some keyboards and PDFs) into NFC."""
    return unicodedata.normalize("NFC", value or "")


def fold(value: str) -> str:
    """Lower-case `value` and strip Vietnamese diacritics, for accent-insensitive search.

    "Kỷ luật" and "ky luat" fold to the same text; "Đ"/"đ" fold to "d", which
    Unicode decomposition alone does not do.
    """
    decomposed = unicodedata.normalize("NFD", (value or "").replace("Đ", "D").replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def with_end_mark(text: str) -> str:
    """End the last paragraph of a document with "./." as Nghị định 30 requires (once)."""
    text = (text or "").rstrip()
    if not text or text.endswith("/."):
        return text
    return text + ("/." if text.endswith(".") else "./.")
