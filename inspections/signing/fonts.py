"""Embedded font subsets for the text the app writes into a signed PDF (number and date).

The number and date are written after the leader has signed, as form-field appearances, so
they cannot use the fonts WeasyPrint embedded (those subsets hold only the glyphs the page
used). Each field gets its own subset of the shipped Liberation Serif, holding exactly the
characters the field can ever show, embedded as a Type0/CIDFontType2 font with widths and a
ToUnicode map: PDF/A wants every font embedded, and readers then copy the text correctly.
"""

from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

from django.conf import settings
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name

FONTS_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
FACES = {
    "regular": "LiberationSerif-Regular.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bold": "LiberationSerif-Bold.ttf",
}


@dataclass(frozen=True)
class FontSubset:
    """A subset font: its program, glyph ids and widths per character, and vertical metrics."""

    face: str
    postscript_name: str
    program: bytes
    glyphs: dict[str, int]  # character -> glyph id in `program`
    widths: dict[int, int]  # glyph id -> advance width in 1/1000 em
    ascent: int
    descent: int  # negative, 1/1000 em
    cap_height: int
    bbox: tuple[int, int, int, int]
    italic_angle: float

    def width(self, text: str, size: float) -> float:
        """The advance width of `text` at `size` points (no kerning: digits and short words)."""
        return sum(self.widths[self.glyphs[char]] for char in text) * size / 1000

    def encode(self, text: str) -> bytes:
        """`text` as a hex string of 2-byte glyph ids for Tj (Identity-H encoding)."""
        missing = [char for char in text if char not in self.glyphs]
        if missing:
            raise ValueError(f"characters outside the field's font subset: {''.join(missing)!r}")
        return b"<" + "".join(f"{self.glyphs[char]:04X}" for char in text).encode() + b">"


@cache
def _source(face: str) -> bytes:
    return (FONTS_DIR / FACES[face]).read_bytes()


@cache
def subset(face: str, characters: frozenset[str]) -> FontSubset:
    """Subset the shipped face to `characters` (kept per process: the same few sets recur)."""
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    options = ft_subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.layout_features = []
    options.hinting = False
    options.drop_tables += ["FFTM"]  # FontForge's timestamps: nothing a PDF reader uses
    font = TTFont(BytesIO(_source(face)))
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(char) for char in characters])
    subsetter.subset(font)
    output = BytesIO()
    font.save(output)
    font = TTFont(BytesIO(output.getvalue()))
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    glyphs = {chr(code): font.getGlyphID(name) for code, name in cmap.items() if chr(code) in characters}
    metrics = font["hmtx"].metrics
    order = font.getGlyphOrder()
    widths = {gid: round(metrics[order[gid]][0] * scale) for gid in set(glyphs.values()) | {0}}
    head, hhea, post = font["head"], font["hhea"], font["post"]
    os2 = font["OS/2"]
    name = font["name"].getDebugName(6) or "LiberationSerif"
    return FontSubset(
        face=face,
        postscript_name=name,
        program=output.getvalue(),
        glyphs=glyphs,
        widths=widths,
        ascent=round(hhea.ascent * scale),
        descent=round(hhea.descent * scale),
        cap_height=round(getattr(os2, "sCapHeight", hhea.ascent) * scale),
        bbox=tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)),
        italic_angle=float(post.italicAngle),
    )


def _tag(characters: frozenset[str]) -> str:
    """Six capital letters naming the subset, as PDF wants for subset fonts (ABCDEF+Name)."""
    import hashlib

    digest = hashlib.sha256("".join(sorted(characters)).encode()).digest()
    return "".join(chr(ord("A") + byte % 26) for byte in digest[:6])


def _to_unicode(glyphs: dict[str, int]) -> bytes:
    lines = [
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    pairs = sorted((gid, char) for char, gid in glyphs.items())
    for start in range(0, len(pairs), 100):
        chunk = pairs[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar".encode())
        for gid, char in chunk:
            lines.append(f"<{gid:04X}> <{char.encode('utf-16-be').hex().upper()}>".encode())
        lines.append(b"endbfchar")
    lines.append(b"endcmap CMapName currentdict /CMap defineresource pop end end")
    return b"\n".join(lines)


def _stream(writer, data: bytes, extra: dict | None = None) -> generic.IndirectObject:
    stream = generic.StreamObject(extra or {}, stream_data=data)
    stream.compress()
    return writer.add_object(stream)


def embed(writer, font: FontSubset, characters: frozenset[str]) -> generic.IndirectObject:
    """Write `font` into the PDF as a Type0 font and return its reference."""
    base = f"{_tag(characters)}+{font.postscript_name}"
    program = _stream(writer, font.program, {pdf_name("/Length1"): generic.NumberObject(len(font.program))})
    flags = 2 | 32 | (64 if font.italic_angle else 0)  # serif, non-symbolic, italic
    descriptor = writer.add_object(
        generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/FontDescriptor"),
                pdf_name("/FontName"): pdf_name("/" + base),
                pdf_name("/Flags"): generic.NumberObject(flags),
                pdf_name("/FontBBox"): generic.ArrayObject(generic.NumberObject(v) for v in font.bbox),
                pdf_name("/ItalicAngle"): generic.FloatObject(font.italic_angle),
                pdf_name("/Ascent"): generic.NumberObject(font.ascent),
                pdf_name("/Descent"): generic.NumberObject(font.descent),
                pdf_name("/CapHeight"): generic.NumberObject(font.cap_height),
                pdf_name("/StemV"): generic.NumberObject(80),
                pdf_name("/FontFile2"): program,
            }
        )
    )
    widths = generic.ArrayObject()
    for gid in sorted(font.widths):
        widths += [generic.NumberObject(gid), generic.ArrayObject([generic.NumberObject(font.widths[gid])])]
    cid_font = writer.add_object(
        generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Font"),
                pdf_name("/Subtype"): pdf_name("/CIDFontType2"),
                pdf_name("/BaseFont"): pdf_name("/" + base),
                pdf_name("/CIDSystemInfo"): generic.DictionaryObject(
                    {
                        pdf_name("/Registry"): generic.pdf_string("Adobe"),
                        pdf_name("/Ordering"): generic.pdf_string("Identity"),
                        pdf_name("/Supplement"): generic.NumberObject(0),
                    }
                ),
                pdf_name("/FontDescriptor"): descriptor,
                pdf_name("/W"): widths,
                pdf_name("/DW"): generic.NumberObject(font.widths.get(0, 500)),
                pdf_name("/CIDToGIDMap"): pdf_name("/Identity"),
            }
        )
    )
    return writer.add_object(
        generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Font"),
                pdf_name("/Subtype"): pdf_name("/Type0"),
                pdf_name("/BaseFont"): pdf_name("/" + base),
                pdf_name("/Encoding"): pdf_name("/Identity-H"),
                pdf_name("/DescendantFonts"): generic.ArrayObject([cid_font]),
                pdf_name("/ToUnicode"): _stream(writer, _to_unicode(font.glyphs)),
            }
        )
    )
