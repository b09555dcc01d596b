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


def human_size(size: int) -> str:
    """A size as people read it in Vietnamese: '512 byte', '20 KB', '1,5 MB', '413 MB'."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            value = size / scale
            text = f"{value:.0f}" if value >= 100 or value.is_integer() else f"{value:.1f}"
            return f"{text.replace('.', ',')} {unit}"
    return f"{size} byte"
