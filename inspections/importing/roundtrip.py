"""Measure a round trip: does every sentence of a seed's body reappear, in order, in a PDF's text?

Deliberately independent of the parser, so it checks the importer rather than repeating it.
The seed body is the text between the title block and "Nơi nhận". It is normalised by:
removing ** markers; dropping a struck ~~X~~ when the next word repeats it, else keeping X;
joining the paragraphs with spaces (which also rejoins words split by a page break);
removing the stray space in symbols ("146/KH- BQL" → "146/KH-BQL"); removing the end mark
"/."; collapsing whitespace. Sentences are the pieces between ". ", "; " and ": " boundaries
(the punctuation stays with the piece); bare item numbers ("1.") are dropped. The PDF text is
NFC-normalised with whitespace collapsed and the same symbol repair (a justified line may
break after "2335/TB-"); each sentence must be found after the previous one.
"""

import io
import re
import unicodedata


def _unstrike(text: str) -> str:
    def replace(match):
        after = text[match.end() :].lstrip()
        return "" if after.startswith(match[1]) else match[1]

    while match := re.search(r"~~(.+?)~~\s*", text):
        text = text[: match.start()] + replace(match) + text[match.end() :]
    return text


def seed_body(seed: str) -> str:
    """The normalised body text of a seed notice (see the module docstring)."""
    lines = seed.replace("\r\n", "\n").split("\n")
    start = next(i for i, line in enumerate(lines) if "THÔNG BÁO" in line)
    while start < len(lines) and lines[start].strip():
        start += 1  # skip the title block
    end = next(i for i, line in enumerate(lines) if "Nơi nhận" in line)
    body = " ".join(_unstrike(line.replace("**", "")) for line in lines[start:end])
    body = re.sub(r"\s*/\.", "", body)
    return _symbols(" ".join(unicodedata.normalize("NFC", body).split()))


def _symbols(text: str) -> str:
    # "146/KH- BQL" in the seed; "2335/TB-" + line break + "BQL" in a justified PDF line.
    return re.sub(r"(\d+/[A-ZĐ]+)-\s+([A-ZĐ])", r"\1-\2", text)


def sentences(body: str) -> list[str]:
    parts = re.split(r"(?<=[.;:])\s+", body)
    return [part for part in parts if part and not re.fullmatch(r"\d+\.", part)]


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return _symbols(" ".join(unicodedata.normalize("NFC", text).split()))


def matched_in_order(wanted: list[str], text: str) -> tuple[int, list[str]]:
    """Return (how many sentences were found in order, the ones that were not)."""
    position, found, missing = 0, 0, []
    for sentence in wanted:
        index = text.find(sentence, position)
        if index == -1:
            missing.append(sentence)
        else:
            found += 1
            position = index + len(sentence)
    return found, missing
