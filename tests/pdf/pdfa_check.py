"""A PDF/A-2 check, with pikepdf, of the rules that the text people type can break.

veraPDF (the reference validator) is Java and neither Debian nor PyPI packages it, so this
reads the file with pikepdf (qpdf) and checks, in every content stream a page shows (its
contents, form XObjects, annotation appearances):

- ISO 19005-2 6.2.11.8: no text-showing operator refers to the .notdef glyph (glyph 0),
  the "empty box" a character prints as when its font has no glyph for it;
- 6.2.11.4.1: every font used is embedded;
- 6.6.4 and 6.2.3: the XMP claims PDF/A-2 and an output intent is present.

Fonts it cannot decode (simple or Type 3 fonts, CMaps other than Identity-H or an embedded
two-byte CMap) are reported, never passed.
`embedded_fonts()` reads back each embedded font program's name table and dates, to tell
which font file it was cut from.
"""

import io
import re
from collections.abc import Iterator

import pikepdf
from fontTools.ttLib import TTFont

TEXT_SHOWING = {"Tj", "TJ", "'", '"'}


def _resources(obj) -> pikepdf.Dictionary:
    while obj is not None:
        if "/Resources" in obj:
            return obj.Resources
        obj = obj.get("/Parent")
    return pikepdf.Dictionary()


def _cmap(stream) -> dict[int, int] | str:
    """Code → CID of an embedded CMap with two-byte codes (cidchar and cidrange entries)."""
    text = stream.read_bytes().decode("latin-1")
    spaces = re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", text.split("endcodespacerange")[0])
    if not spaces or any(len(low) != 4 for low, _ in spaces):
        return "an embedded CMap without two-byte codes cannot be checked"
    mapping = {}
    for block in re.findall(r"begincidchar(.*?)endcidchar", text, re.S):
        for code, cid in re.findall(r"<([0-9a-fA-F]+)>\s+(\d+)", block):
            mapping[int(code, 16)] = int(cid)
    for block in re.findall(r"begincidrange(.*?)endcidrange", text, re.S):
        for low, high, cid in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s+(\d+)", block):
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = int(cid) + offset
    return mapping


def _glyph_ids(font, data: bytes) -> list[int] | str:
    """The glyph ids `data` shows in `font`, or why they cannot be read."""
    encoding = font.get("/Encoding")
    if font.get("/Subtype") != "/Type0":
        return f"font {font.get('/BaseFont')} ({font.get('/Subtype')}) cannot be checked"
    codes = [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
    if encoding == "/Identity-H":
        cids = codes
    elif isinstance(encoding, pikepdf.Stream):
        mapping = _cmap(encoding)
        if isinstance(mapping, str):
            return f"font {font.get('/BaseFont')}: {mapping}"
        cids = [mapping.get(code, 0) for code in codes]  # an unmapped code shows CID 0
    else:
        return f"font {font.get('/BaseFont')} with encoding {encoding} cannot be checked"
    mapping = font.DescendantFonts[0].get("/CIDToGIDMap", pikepdf.Name.Identity)
    if mapping == pikepdf.Name.Identity:
        return cids
    table = mapping.read_bytes()
    return [int.from_bytes(table[2 * cid : 2 * cid + 2], "big") for cid in cids]


def _strings(operator: str, operands) -> Iterator[bytes]:
    if operator == "TJ":
        yield from (bytes(part) for part in operands[0] if isinstance(part, pikepdf.String))
    else:
        yield bytes(operands[-1])


def _check_stream(stream, resources, where: str, problems: list[str], seen: set) -> None:
    fonts = resources.get("/Font", pikepdf.Dictionary())
    xobjects = resources.get("/XObject", pikepdf.Dictionary())
    font = None
    for operands, operator in pikepdf.parse_content_stream(stream):
        operator = str(operator)
        if operator == "Tf":
            font = fonts.get(str(operands[0]))
            if font is None:
                problems.append(f"{where}: unknown font {operands[0]}")
                continue
            descriptor = (font.DescendantFonts[0] if "/DescendantFonts" in font else font).get(
                "/FontDescriptor", {}
            )
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append(f"6.2.11.4.1 {where}: font {font.get('/BaseFont')} is not embedded")
        elif operator in TEXT_SHOWING and font is not None:
            for data in _strings(operator, operands):
                glyphs = _glyph_ids(font, data)
                if isinstance(glyphs, str):
                    problems.append(f"{where}: {glyphs}")
                elif 0 in glyphs:
                    problems.append(f"6.2.11.8 {where}: .notdef glyph shown in {font.get('/BaseFont')}")
        elif operator == "Do":
            xobject = xobjects.get(str(operands[0]))
            if xobject is not None and xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                inner = xobject.get("/Resources", resources)
                _check_stream(xobject, inner, f"{where} {operands[0]}", problems, seen)


def pdfa_problems(data: bytes) -> list[str]:
    """Every breach of the rules above, as 'clause where: what' lines (none means it passes)."""
    problems: list[str] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            if str(meta.get("pdfaid:part")) != "2":
                problems.append("6.6.4: the XMP metadata does not claim PDF/A-2")
        intents = pdf.Root.get("/OutputIntents", [])
        if not any(i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents):
            problems.append("6.2.3: no PDF/A output intent with an ICC profile")
        for number, page in enumerate(pdf.pages, start=1):
            seen: set = set()
            _check_stream(page.obj, _resources(page.obj), f"page {number}", problems, seen)
            for annotation in page.obj.get("/Annots", []):
                appearance = annotation.get("/AP", {}).get("/N")
                if isinstance(appearance, pikepdf.Stream):
                    resources = appearance.get("/Resources", pikepdf.Dictionary())
                    _check_stream(appearance, resources, f"page {number} annotation", problems, seen)
    return problems


def embedded_fonts(data: bytes) -> set[tuple[str, int, float]]:
    """(PostScript name, creation time, revision) of every font program embedded in the PDF."""
    found = set()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                program = obj.get("/FontFile2")
                if program is None:
                    found.add((str(obj.get("/FontName")), 0, 0.0))
                    continue
                font = TTFont(io.BytesIO(program.read_bytes()))
                found.add(font_identity(font))
    return found


def font_identity(font: TTFont) -> tuple[str, int, float]:
    """What survives subsetting and identifies a font file: its PostScript name and head dates."""
    return font["name"].getDebugName(6), font["head"].created, round(font["head"].fontRevision, 3)
