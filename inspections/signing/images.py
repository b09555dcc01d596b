"""The images of signatures (Phụ lục I, II.7.d and II.8.a of Decree 30/2020).

- the signer's: their handwritten signature, blue, PNG with a transparent background, drawn
  centred between the title and the name;
- the agency's: its seal, red, PNG with a transparent background, at its real size, covering
  about a third of the signer's image on its left.

Uploads are checked here (PNG, transparent background, the right colour, sensible size);
`demo_signature` and `demo_seal` draw the images of the demo, marked as demo images.
"""

import math
from dataclasses import dataclass
from io import BytesIO

MAX_BYTES = 1024 * 1024
MIN_PIXELS, MAX_PIXELS = 100, 4000
SIGNATURE, SEAL = "signature", "seal"
COLOUR_WORDS = {SIGNATURE: "màu xanh (mực ký)", SEAL: "màu đỏ (mực dấu)"}
# Printed sizes people may give, in millimetres: a signature from 15 mm wide, a seal from
# 20 mm (the smallest seals) to 60 mm.
WIDTH_RANGE_MM = {SIGNATURE: (15, 80), SEAL: (20, 60)}


@dataclass(frozen=True)
class CheckedImage:
    png: bytes
    width_px: int
    height_px: int


def _dominant(rgba: bytes) -> tuple[float, float, float, int]:
    """Mean colour of the clearly visible pixels (RGBA samples), and how many there are."""
    red = green = blue = count = 0
    for r, g, b, a in zip(rgba[0::4], rgba[1::4], rgba[2::4], rgba[3::4], strict=True):
        if a >= 128:
            red, green, blue, count = red + r, green + g, blue + b, count + 1
    if not count:
        return 0, 0, 0, 0
    return red / count, green / count, blue / count, count


def check_image(data: bytes, kind: str) -> CheckedImage:
    """Return the checked PNG, or raise ValueError with the reason in Vietnamese."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_BYTES:
        raise ValueError(f"Ảnh quá lớn ({len(data) // 1024} KB); tối đa {MAX_BYTES // 1024} KB.")
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValueError("Ảnh phải là tệp PNG (nền trong suốt).")
    try:
        image = Image.open(BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValueError("Không đọc được tệp PNG này (tệp hỏng?).") from None
    width, height = image.size
    if min(width, height) < MIN_PIXELS or max(width, height) > MAX_PIXELS:
        raise ValueError(
            f"Kích thước ảnh {width}×{height} điểm ảnh không phù hợp: mỗi cạnh từ {MIN_PIXELS} "
            f"đến {MAX_PIXELS} điểm ảnh."
        )
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if not has_alpha:
        raise ValueError("Ảnh phải có nền trong suốt (PNG có kênh alpha); ảnh này có nền đặc.")
    rgba = image.convert("RGBA")
    corners = [
        rgba.getpixel(point) for point in ((0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1))
    ]
    if any(alpha > 32 for *_, alpha in corners):
        raise ValueError("Nền ảnh phải trong suốt: các góc ảnh đang có màu.")
    small = rgba.resize((min(width, 200), min(height, 200)))
    red, green, blue, count = _dominant(small.tobytes())
    if count < 20:
        raise ValueError("Ảnh gần như trong suốt hoàn toàn: không thấy nét chữ ký hoặc con dấu.")
    if kind == SIGNATURE and not (blue > red + 30 and blue > green):
        raise ValueError(f"Chữ ký phải {COLOUR_WORDS[SIGNATURE]}, như chữ ký trên giấy (Nghị định 30/2020).")
    if kind == SEAL and not (red > green + 60 and red > blue + 60):
        raise ValueError(f"Con dấu phải {COLOUR_WORDS[SEAL]} (Nghị định 30/2020).")
    return CheckedImage(png=data, width_px=width, height_px=height)


def check_width_mm(width_mm: float, kind: str) -> None:
    low, high = WIDTH_RANGE_MM[kind]
    if not low <= width_mm <= high:
        raise ValueError(f"Chiều rộng khi in phải từ {low} đến {high} mm.")


def _png(image) -> bytes:
    output = BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def _font(size: int, bold: bool = False):
    from django.conf import settings
    from PIL import ImageFont

    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Italic.ttf"
    return ImageFont.truetype(str(settings.BASE_DIR / "static" / "fonts" / name), size)


BLUE = (22, 52, 160, 255)
RED = (214, 24, 32, 255)


def demo_signature(full_name: str) -> bytes:
    """A blue, pen-like signature of `full_name` on a transparent background, marked DEMO."""
    from PIL import Image, ImageDraw

    width, height = 900, 420
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    words = full_name.split()
    initials = "".join(word[0] for word in words[:-1])
    # Initials and the given name, slanted and inked like a pen stroke.
    draw.text((40, 40), initials, font=_font(190), fill=BLUE, stroke_width=4, stroke_fill=BLUE)
    draw.text(
        (330, 95), words[-1] if words else "", font=_font(150), fill=BLUE, stroke_width=3, stroke_fill=BLUE
    )
    # A loop and a long underline, as a pen would leave them.
    loop = [
        (250 + 90 * math.cos(t / 10) + t * 2.2, 300 + 45 * math.sin(t / 10) - t * 0.4) for t in range(0, 63)
    ]
    tail = [(loop[-1][0] + x * 5.5, loop[-1][1] - 8 * math.sin(x / 12) - x * 0.55) for x in range(90)]
    draw.line(loop + tail, fill=BLUE, width=10, joint="curve")
    draw.text((760, 372), "DEMO", font=_font(34, bold=True), fill=BLUE)
    return _png(image)


def demo_seal(organization_name: str, parent_name: str = "") -> bytes:
    """A red round seal with the agency's name around the rim and a star, marked MẪU DEMO."""
    from PIL import Image, ImageDraw

    size = 800
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    centre = size / 2
    draw.ellipse((12, 12, size - 12, size - 12), outline=RED, width=22)
    draw.ellipse((190, 190, size - 190, size - 190), outline=RED, width=10)
    rim = (
        f"{parent_name.upper()} ★ {organization_name.upper()} ★ "
        if parent_name
        else organization_name.upper()
    )
    _text_on_circle(image, rim, centre, radius=300, font=_font(46, bold=True))
    star = [
        (
            centre + (115 if i % 2 == 0 else 46) * math.sin(i * math.pi / 5),
            centre - (115 if i % 2 == 0 else 46) * math.cos(i * math.pi / 5),
        )
        for i in range(10)
    ]
    draw.polygon(star, fill=RED)
    label = "MẪU DEMO"
    font = _font(52, bold=True)
    box = draw.textbbox((0, 0), label, font=font)
    draw.text((centre - (box[2] - box[0]) / 2, centre + 120), label, font=font, fill=RED)
    return _png(image)


def _text_on_circle(image, text: str, centre: float, *, radius: float, font) -> None:
    from PIL import Image, ImageDraw

    step = 2 * math.pi / max(len(text), 1)
    for index, char in enumerate(text):
        angle = index * step
        glyph = Image.new("RGBA", (80, 80), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((40, 40), char, font=font, fill=RED, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle), resample=Image.BICUBIC)
        x = centre + radius * math.sin(angle) - 40
        y = centre - radius * math.cos(angle) - 40
        image.alpha_composite(glyph, (round(x), round(y)))
