"""The signing pipeline of an outgoing document (any kind: notice, plan, decision, minutes…).

1. `prepare(pdf, layout)`: the rendered PDF/A (everything but number and date) gets a text
   field where "Số: …" stands, one where the place and date line stands, and the empty
   signature field of the competent person, centred between their title and name.
2. `sign_as_person(pdf, …)`: the person's signature (PAdES) in that field, shown as their
   blue signature image. Any later change must be one a signature allows (form filling).
3. `number_and_seal(pdf, …)`: one incremental update writes the number and the date into
   their fields and adds the agency's signature, shown as its red seal at real size over the
   left third of the person's image. The agency's signature covers the whole file.

Each step takes and returns bytes; where the bytes are stored is the caller's business.
"""

import hashlib
from dataclasses import dataclass
from functools import cache
from io import BytesIO

from inspections.signing import outside_event_loop
from inspections.signing.fields import TextSpot, add_text_field, fill_text_field

PERSON_FIELD = "ChuKyNguoiCoThamQuyen"
AGENCY_FIELD = "ChuKyCoQuan"
NUMBER_FIELD = "SoKyHieu"
DATE_FIELD = "DiaDanhNgayThang"
MM = 72 / 25.4
PRINT_DPI = 300  # images are embedded at this resolution of their printed size


@dataclass(frozen=True)
class SigningLayout:
    """Where the parts written or drawn after rendering stand (PDF points, origin bottom-left)."""

    number: TextSpot
    date: TextSpot
    signature_page: int
    signature_box: tuple[float, float, float, float]  # the signer's image, already fitted


@dataclass(frozen=True)
class PreparedImage:
    """A signature or seal image, encoded once per process for embedding (RGB + alpha mask)."""

    width_mm: float
    height_mm: float
    width_px: int
    height_px: int
    rgb: bytes  # zlib-compressed samples
    alpha: bytes


@cache
def prepare_image(png_sha256: str, png: bytes, width_mm: float) -> PreparedImage:
    """Scale the PNG to PRINT_DPI at `width_mm` and compress it (cached per image and size)."""
    import zlib

    from PIL import Image

    image = Image.open(BytesIO(png)).convert("RGBA")
    height_mm = width_mm * image.height / image.width
    width_px = max(1, round(width_mm / 25.4 * PRINT_DPI))
    height_px = max(1, round(height_mm / 25.4 * PRINT_DPI))
    if width_px < image.width:
        image = image.resize((width_px, height_px), Image.LANCZOS)
    rgb, alpha = image.convert("RGB").tobytes(), image.getchannel("A").tobytes()
    return PreparedImage(
        width_mm=width_mm,
        height_mm=height_mm,
        width_px=image.width,
        height_px=image.height,
        rgb=zlib.compress(rgb, 6),
        alpha=zlib.compress(alpha, 6),
    )


def image_for(png: bytes, width_mm: float) -> PreparedImage:
    return prepare_image(hashlib.sha256(png).hexdigest(), png, float(width_mm))


def fit_in_room(room: tuple[float, float, float, float], image: PreparedImage | None) -> tuple[float, ...]:
    """The image's box centred in `room` at its printed size, shrunk to the room's height if taller.

    Without an image (a signature made elsewhere) the field takes the room's middle 60 %.
    """
    left, bottom, right, top = room
    centre_x, centre_y = (left + right) / 2, (bottom + top) / 2
    if image is None:
        width, height = (right - left) * 0.6, top - bottom
    else:
        width, height = image.width_mm * MM, image.height_mm * MM
        if height > top - bottom:
            width, height = width * (top - bottom) / height, top - bottom
    return (centre_x - width / 2, centre_y - height / 2, centre_x + width / 2, centre_y + height / 2)


def seal_box(signature: tuple[float, float, float, float], seal: PreparedImage) -> tuple[float, ...]:
    """The seal at real size, its right edge a third into the signature image, level with its middle."""
    left, bottom, right, top = signature
    width, height = seal.width_mm * MM, seal.height_mm * MM
    seal_right = left + (right - left) / 3
    centre_y = (bottom + top) / 2
    return (seal_right - width, centre_y - height / 2, seal_right, centre_y + height / 2)


def _image_style(image: PreparedImage):
    """A pyHanko stamp style that draws only `image`, filling the field (no text, no border)."""
    from pyhanko.pdf_utils import content, generic, layout
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.stamp import StaticStampStyle

    class ImageContent(content.PdfContent):
        def render(self) -> bytes:
            writer = self._ensure_writer
            mask = generic.StreamObject(
                {
                    pdf_name("/Type"): pdf_name("/XObject"),
                    pdf_name("/Subtype"): pdf_name("/Image"),
                    pdf_name("/Width"): generic.NumberObject(image.width_px),
                    pdf_name("/Height"): generic.NumberObject(image.height_px),
                    pdf_name("/ColorSpace"): pdf_name("/DeviceGray"),
                    pdf_name("/BitsPerComponent"): generic.NumberObject(8),
                    pdf_name("/Filter"): pdf_name("/FlateDecode"),
                },
                encoded_data=image.alpha,
            )
            picture = generic.StreamObject(
                {
                    pdf_name("/Type"): pdf_name("/XObject"),
                    pdf_name("/Subtype"): pdf_name("/Image"),
                    pdf_name("/Width"): generic.NumberObject(image.width_px),
                    pdf_name("/Height"): generic.NumberObject(image.height_px),
                    pdf_name("/ColorSpace"): pdf_name("/DeviceRGB"),
                    pdf_name("/BitsPerComponent"): generic.NumberObject(8),
                    pdf_name("/Filter"): pdf_name("/FlateDecode"),
                    pdf_name("/SMask"): writer.add_object(mask),
                },
                encoded_data=image.rgb,
            )
            self.set_resource(content.ResourceType.XOBJECT, pdf_name("/Hinh"), writer.add_object(picture))
            return b"q %g 0 0 %g 0 0 cm /Hinh Do Q" % (self.box.width, self.box.height)

    rule = layout.SimpleBoxLayoutRule(
        x_align=layout.AxisAlignment.ALIGN_MID,
        y_align=layout.AxisAlignment.ALIGN_MID,
        margins=layout.Margins(),
        inner_content_scaling=layout.InnerScaling.STRETCH_TO_FIT,
    )
    drawing = ImageContent(box=layout.BoxConstraints(image.width_mm * MM, image.height_mm * MM))
    return StaticStampStyle(
        background=drawing, border_width=0, background_opacity=1.0, background_layout=rule
    )


def _writer(pdf: bytes):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    return IncrementalPdfFileWriter(BytesIO(pdf), strict=False)


def prepare(pdf: bytes, layout: SigningLayout) -> bytes:
    """Add the number and date fields and the person's empty signature field to a rendered PDF."""
    from pyhanko.sign import fields

    writer = _writer(pdf)
    add_text_field(writer, layout.number)
    add_text_field(writer, layout.date)
    fields.append_signature_field(
        writer,
        fields.SigFieldSpec(
            PERSON_FIELD,
            on_page=layout.signature_page,
            box=tuple(round(v, 2) for v in layout.signature_box),
            readable_field_name="Chữ ký số của người có thẩm quyền",
            empty_field_appearance=False,
        ),
    )
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def _metadata(field: str, *, name: str, reason: str, location: str):
    from pyhanko.sign import fields, signers

    return signers.PdfSignatureMetadata(
        field_name=field,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        name=name or None,
        reason=reason or None,
        location=location or None,
    )


def _sign(writer, meta, signer, *, style, timestamper, new_field=None) -> bytes:
    from pyhanko.sign import signers
    from pyhanko.stamp import NoOpStampStyle

    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        stamp_style=style or NoOpStampStyle(),
        timestamper=timestamper,
        new_field_spec=new_field,
    )
    return outside_event_loop(lambda: pdf_signer.sign_pdf(writer).getvalue())


def sign_as_person(
    pdf: bytes,
    *,
    signer,
    image: PreparedImage | None,
    name: str,
    reason: str = "",
    location: str = "",
    timestamper=None,
) -> bytes:
    """Sign the prepared PDF in the person's field, drawn as their signature image."""
    meta = _metadata(PERSON_FIELD, name=name, reason=reason, location=location)
    style = _image_style(image) if image else None
    return _sign(_writer(pdf), meta, signer, style=style, timestamper=timestamper)


def field_placement(pdf: bytes, field_name: str) -> tuple[int, tuple[float, float, float, float]]:
    """(0-based page, rectangle) of the widget of `field_name` in `pdf`."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(BytesIO(pdf), strict=False)
    for ref in reader.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        if str(field.get("/T", "")) != field_name:
            continue
        page_ref = field.raw_get("/P")
        for index in range(reader.root["/Pages"]["/Count"]):
            if reader.find_page_for_modification(index)[0].idnum == page_ref.idnum:
                return index, tuple(float(v) for v in field["/Rect"])
    raise KeyError(field_name)


def number_and_seal(
    pdf: bytes,
    *,
    number: str,
    date: str,
    signer,
    seal: PreparedImage | None,
    name: str,
    reason: str = "",
    location: str = "",
    timestamper=None,
) -> bytes:
    """Write `number` and `date` into their fields and sign as the agency, in one update."""
    from pyhanko.sign import fields

    page, signature = field_placement(pdf, PERSON_FIELD)
    writer = _writer(pdf)
    fill_text_field(writer, NUMBER_FIELD, number)
    fill_text_field(writer, DATE_FIELD, date)
    box = seal_box(signature, seal) if seal else (0, 0, 0, 0)
    new_field = fields.SigFieldSpec(
        AGENCY_FIELD,
        on_page=page,
        box=tuple(round(v, 2) for v in box),
        readable_field_name="Chữ ký số của cơ quan",
    )
    meta = _metadata(AGENCY_FIELD, name=name, reason=reason, location=location)
    style = _image_style(seal) if seal else None
    return _sign(writer, meta, signer, style=style, timestamper=timestamper, new_field=new_field)
