"""Text form fields for what is written after the first signature: the number and the date.

A field is created before anyone signs, where "Số: …/TB-BQL" and the date line stand, with
its own embedded font subset and a placeholder appearance ("Số:      /TB-BQL"). Filling it
later changes only the field's value and appearance: the kind of change a PDF signature
allows after it (form filling), so the leader's signature stays valid.
"""

import re
from dataclasses import dataclass

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name

from inspections.signing import fonts

READ_ONLY = 1  # /Ff bit 1: readers must not let anyone type into it
PRINT = 4  # /F bit 3: printed with the page


@dataclass(frozen=True)
class TextSpot:
    """Where one line of text goes, how it looks, and every character it may ever show."""

    name: str  # the field name, e.g. "SoKyHieu"
    label: str  # what readers show for it, e.g. "Số, ký hiệu"
    page: int  # 0-based
    box: tuple[float, float, float, float]  # PDF points: left, bottom, right, top
    face: str  # a key of fonts.FACES
    size: float  # points
    placeholder: str
    characters: frozenset[str]

    @property
    def font_name(self) -> str:
        return f"F{self.name}"


def _acroform(writer) -> generic.DictionaryObject:
    root = writer.root
    if "/AcroForm" not in root:
        root[pdf_name("/AcroForm")] = writer.add_object(
            generic.DictionaryObject({pdf_name("/Fields"): generic.ArrayObject()})
        )
        writer.update_root()
    form = root["/AcroForm"]
    if isinstance(root.raw_get("/AcroForm"), generic.IndirectObject):
        writer.mark_update(root.raw_get("/AcroForm"))
    else:
        writer.update_root()
    return form


def _appearance(
    width: float,
    height: float,
    font_ref,
    font_name: str,
    size: float,
    glyphs: bytes,
    text_width: float,
    descent: float,
    ascent: float,
) -> generic.StreamObject:
    """A form XObject drawing one centred line, its baseline where the layout put the line's."""
    x = (width - text_width) / 2
    # The line box is the text's line height: half the leading above the ascent, half below
    # the descent, as the HTML layout placed it.
    y = (height - (ascent - descent) * size / 1000) / 2 - descent * size / 1000
    content = b"/Tx BMC q BT /%s %g Tf 0 g %.3f %.3f Td %s Tj ET Q EMC" % (
        font_name.encode(),
        size,
        x,
        y,
        glyphs,
    )
    stream = generic.StreamObject(
        {
            pdf_name("/Type"): pdf_name("/XObject"),
            pdf_name("/Subtype"): pdf_name("/Form"),
            pdf_name("/BBox"): generic.ArrayObject(
                [
                    generic.FloatObject(0),
                    generic.FloatObject(0),
                    generic.FloatObject(round(width, 3)),
                    generic.FloatObject(round(height, 3)),
                ]
            ),
            pdf_name("/Resources"): generic.DictionaryObject(
                {pdf_name("/Font"): generic.DictionaryObject({pdf_name("/" + font_name): font_ref})}
            ),
        },
        stream_data=content,
    )
    return stream


def add_text_field(writer, spot: TextSpot) -> None:
    """Create the read-only text field `spot`, showing its placeholder until it is filled."""
    characters = frozenset(spot.characters | set(spot.placeholder))
    font = fonts.subset(spot.face, characters)
    font_ref = fonts.embed(writer, font, characters)
    left, bottom, right, top = spot.box
    width, height = right - left, top - bottom
    appearance = _appearance(
        width,
        height,
        font_ref,
        spot.font_name,
        spot.size,
        font.encode(spot.placeholder),
        font.width(spot.placeholder, spot.size),
        font.descent,
        font.ascent,
    )
    page_ref = writer.find_page_for_modification(spot.page)[0]
    field = generic.DictionaryObject(
        {
            pdf_name("/FT"): pdf_name("/Tx"),
            pdf_name("/T"): generic.pdf_string(spot.name),
            pdf_name("/TU"): generic.pdf_string(spot.label),
            pdf_name("/Ff"): generic.NumberObject(READ_ONLY),
            pdf_name("/V"): generic.pdf_string(""),
            pdf_name("/DA"): generic.pdf_string(f"/{spot.font_name} {spot.size:g} Tf 0 g"),
            pdf_name("/Q"): generic.NumberObject(1),
            pdf_name("/Type"): pdf_name("/Annot"),
            pdf_name("/Subtype"): pdf_name("/Widget"),
            pdf_name("/Rect"): generic.ArrayObject(generic.FloatObject(round(v, 3)) for v in spot.box),
            pdf_name("/F"): generic.NumberObject(PRINT),
            pdf_name("/P"): page_ref,
            pdf_name("/AP"): generic.DictionaryObject({pdf_name("/N"): writer.add_object(appearance)}),
        }
    )
    field_ref = writer.add_object(field)
    form = _acroform(writer)
    form["/Fields"].append(field_ref)
    resources = form.setdefault(pdf_name("/DR"), generic.DictionaryObject())
    resources.setdefault(pdf_name("/Font"), generic.DictionaryObject())[pdf_name("/" + spot.font_name)] = (
        font_ref
    )
    form.setdefault(pdf_name("/DA"), generic.pdf_string(f"/{spot.font_name} {spot.size:g} Tf 0 g"))
    writer.register_annotation(page_ref, field_ref)


def _embedded_glyphs(font) -> tuple[dict[str, int], dict[int, int], int, int]:
    """Read back (char -> glyph id, glyph id -> width, ascent, descent) from a Type0 font we embedded.

    Filling reads the font from the PDF itself, so a field is filled with exactly the glyphs
    embedded when it was created, whatever font library the app has by then.
    """
    cmap = font["/ToUnicode"].data.decode("latin-1")
    glyphs = {}
    for gid, code in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]+)>", cmap):
        glyphs[bytes.fromhex(code).decode("utf-16-be")] = int(gid, 16)
    cid_font = font["/DescendantFonts"][0]
    widths = {}
    entries = list(cid_font["/W"])
    for index in range(0, len(entries), 2):
        widths[int(entries[index])] = int(entries[index + 1][0])
    descriptor = cid_font["/FontDescriptor"]
    return glyphs, widths, int(descriptor["/Ascent"]), int(descriptor["/Descent"])


def _find_field(writer, name: str):
    for ref in writer.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        if str(field.get("/T", "")) == name:
            return ref, field
    raise KeyError(name)


def fill_text_field(writer, name: str, text: str) -> None:
    """Set the value of the text field `name` and draw it, centred, in the field's own font."""
    ref, field = _find_field(writer, name)
    font_name, size = re.match(r"/(\S+) ([\d.]+) Tf", str(field["/DA"])).groups()
    size = float(size)
    font_ref = writer.root["/AcroForm"]["/DR"]["/Font"].raw_get("/" + font_name)
    glyphs, widths, ascent, descent = _embedded_glyphs(font_ref.get_object())
    missing = [char for char in text if char not in glyphs]
    if missing:
        raise ValueError(f"Field {name} cannot show {''.join(missing)!r}: not in its embedded font.")
    encoded = b"<" + "".join(f"{glyphs[char]:04X}" for char in text).encode() + b">"
    text_width = sum(widths[glyphs[char]] for char in text) * size / 1000
    left, bottom, right, top = (float(v) for v in field["/Rect"])
    appearance = _appearance(
        right - left, top - bottom, font_ref, font_name, size, encoded, text_width, descent, ascent
    )
    field[pdf_name("/V")] = generic.pdf_string(text)
    field[pdf_name("/AP")] = generic.DictionaryObject({pdf_name("/N"): writer.add_object(appearance)})
    writer.mark_update(ref)


def field_values(reader) -> dict[str, str]:
    """The values of the text fields of a PDF (pyHanko reader), by field name."""
    form = reader.root.get("/AcroForm")
    if form is None:
        return {}
    values = {}
    for ref in form.get("/Fields", []):
        field = ref.get_object()
        if field.get("/FT") == "/Tx":
            values[str(field.get("/T", ""))] = str(field.get("/V", ""))
    return values
