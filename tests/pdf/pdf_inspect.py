"""Read rendered PDFs the way the tests need: text per page, positioned text runs, word boxes."""

import html
import re
import subprocess
from dataclasses import dataclass
from io import BytesIO

from pypdf import PdfReader

MM = 72 / 25.4


@dataclass
class Run:
    text: str
    x: float  # points from the left edge
    top: float  # points from the top edge (baseline)
    size: float  # points
    font: str


def runs(data: bytes, page: int) -> list[Run]:
    """The text runs of `page` with their position, size and font (pypdf's visitor)."""
    reader = PdfReader(BytesIO(data))
    height = float(reader.pages[page].mediabox.height)
    found: list[Run] = []

    def visit(text, cm, tm, font, size):
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(cm[3] * tm[3]) or 1
        name = str(font.get("/BaseFont", "")) if font else ""
        found.append(Run(text.strip(), x, height - y, round(size * scale, 2), name))

    reader.pages[page].extract_text(visitor_text=visit)
    return found


def pages_text(data: bytes) -> list[str]:
    """pdftotext (poppler) output, one string per page."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return out.stdout.decode("utf-8").split("\f")[:-1]


def body_text(data: bytes) -> str:
    """All pages' text with whitespace collapsed, without the page numbers in the top margin."""
    texts = []
    for index, text in enumerate(pages_text(data)):
        lines = text.strip().splitlines()
        if index and lines and lines[0].strip() == str(index + 1):
            lines = lines[1:]
        texts.append(" ".join(lines))
    return " ".join(" ".join(texts).split())


def word_boxes(data: bytes, page: int | None = None) -> list[tuple[str, float, float, float]]:
    """(word, xMin, yMin, xMax) in points for every word (of one 0-based page), from `pdftotext -bbox`."""
    pages = ["-f", str(page + 1), "-l", str(page + 1)] if page is not None else []
    out = subprocess.run(
        ["pdftotext", "-bbox", *pages, "-", "-"], input=data, capture_output=True, check=True
    )
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)<'
    return [
        (html.unescape(word), float(x_min), float(y_min), float(x_max))
        for x_min, y_min, x_max, word in re.findall(pattern, out.stdout.decode("utf-8"))
    ]


def phrase_box(boxes, phrase: str) -> tuple[float, float, float]:
    """(xMin, yMin, xMax) of the first run of consecutive words that spell `phrase`."""
    words = phrase.split()
    for start in range(len(boxes) - len(words) + 1):
        run = boxes[start : start + len(words)]
        if [box[0] for box in run] == words:
            return run[0][1], run[0][2], run[-1][3]
    raise AssertionError(f"phrase not found: {phrase!r}")


def assert_in_order(text: str, sentences: list[str]) -> None:
    position = 0
    for sentence in sentences:
        found = text.find(sentence, position)
        assert found >= 0, f"missing or out of order: {sentence!r}"
        position = found + len(sentence)


def tiny_pdf(width: float) -> bytes:
    """A one-page PDF whose page width identifies it (for order checks without rendering)."""
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=width, height=842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass
class Shape:
    """A painted path: filled or stroked, its colour and its bounding box (points, from the top left)."""

    paint: str  # "fill" or "stroke"
    color: tuple[float, ...]
    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top


def _multiply(a, b):
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def _box(points):
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _intersect(a, b):
    if a is None or b is None:
        return a or b
    return max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])


def shapes(data: bytes, page: int) -> list[Shape]:
    """Every path painted in `page`'s content stream (rules, borders, filled outlines), clipped."""
    from pypdf.generic import ContentStream

    reader = PdfReader(BytesIO(data))
    pdf_page = reader.pages[page]
    height = float(pdf_page.mediabox.height)
    state = {"ctm": [1, 0, 0, 1, 0, 0], "fill": (0.0,), "stroke": (0.0,), "width": 1.0, "clip": None}
    stack, points, found, clipping = [], [], [], False

    def point(x, y):
        m = state["ctm"]
        points.append((x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]))

    def paint(kind):
        if not points:
            return
        box = _box(points)
        if kind == "stroke":  # a stroke reaches half its width beyond its path
            pad = state["width"] * max(abs(v) for v in state["ctm"][:4]) / 2
            box = (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)
        box = _intersect(box, state["clip"])
        if box[0] < box[2] and box[1] <= box[3]:
            color = state["fill"] if kind == "fill" else state["stroke"]
            found.append(Shape(kind, color, box[0], height - box[3], box[2], height - box[1]))

    for operands, operator in ContentStream(pdf_page.get_contents(), reader).operations:
        args = [float(value) for value in operands if isinstance(value, int | float)]
        if operator in (b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*", b"n"):
            if operator in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"):
                paint("fill")
            if operator in (b"S", b"s", b"B", b"B*", b"b", b"b*"):
                paint("stroke")
            if clipping and points:  # W or W* before the painting operator: clip to this path
                state["clip"] = _intersect(state["clip"], _box(points))
            points, clipping = [], False
            continue
        match operator:
            case b"q":
                stack.append(dict(state))
            case b"Q":
                state = stack.pop() if stack else state
            case b"cm":
                state["ctm"] = _multiply(args, state["ctm"])
            case b"w":
                state["width"] = args[0]
            case b"rg" | b"g" | b"k" | b"sc" | b"scn":
                state["fill"] = tuple(round(value, 3) for value in args)
            case b"RG" | b"G" | b"K" | b"SC" | b"SCN":
                state["stroke"] = tuple(round(value, 3) for value in args)
            case b"m" | b"l":
                point(*args[:2])
            case b"c":
                point(*args[4:6])
            case b"v" | b"y":
                point(*args[2:4])
            case b"re":
                x, y, w, h = args
                point(x, y), point(x + w, y + h)
            case b"W" | b"W*":
                clipping = True
    return found


def horizontal_rules(data: bytes, page: int) -> list[Shape]:
    """Painted horizontal lines at least 5 pt long and at most 2 pt thick (rules, underlines)."""
    return [s for s in shapes(data, page) if s.height <= 2 and s.width >= 5]


def rule_under(data: bytes, page: int, box: tuple[float, float, float], *, within: float = 16) -> Shape:
    """The horizontal rule just under the words in `box` (xMin, yMin, xMax), overlapping their middle."""
    middle = (box[0] + box[2]) / 2
    candidates = [
        rule
        for rule in horizontal_rules(data, page)
        if rule.left <= middle <= rule.right and box[1] < rule.top <= box[1] + within + 14
    ]
    assert candidates, f"no rule under the words at {box}"
    return min(candidates, key=lambda rule: rule.top)


def line_of(boxes, phrase: str, *, gap: float = 12) -> tuple[float, float, float]:
    """(xMin, yMin, xMax) of the printed line that starts with `phrase`, up to a wide gap (a column)."""
    left, top, right = phrase_box(boxes, phrase)
    same = sorted((box for box in boxes if abs(box[2] - top) < 1 and box[1] > right), key=lambda box: box[1])
    for box in same:
        if box[1] - right > gap:
            break
        right = box[3]
    return left, top, right


@dataclass
class Widget:
    """A signature or form field's widget as drawn on a page: its rectangle and its picture."""

    name: str
    kind: str  # "/Sig" or "/Tx"
    page: int
    rect: tuple[float, float, float, float]  # PDF points, origin bottom-left
    colour: tuple[float, float, float] | None  # mean RGB (0–255) of its image's visible pixels
    value: str


def _image_colour(appearance) -> tuple[float, float, float] | None:
    """Mean colour of the opaque pixels of the first image drawn by an appearance stream."""
    from pypdf.generic import IndirectObject

    stack = [appearance]
    while stack:
        stream = stack.pop()
        stream = stream.get_object() if isinstance(stream, IndirectObject) else stream
        xobjects = stream.get("/Resources", {}).get("/XObject", {})
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                import zlib

                width, height = int(obj["/Width"]), int(obj["/Height"])
                rgb = zlib.decompress(obj._data)
                alpha = zlib.decompress(obj["/SMask"].get_object()._data)
                red = green = blue = count = 0
                for index in range(0, width * height, 7):
                    if alpha[index] >= 128:
                        red += rgb[3 * index]
                        green += rgb[3 * index + 1]
                        blue += rgb[3 * index + 2]
                        count += 1
                return (red / count, green / count, blue / count) if count else None
            if obj.get("/Subtype") == "/Form":
                stack.append(obj)
    return None


def widgets(data: bytes) -> list[Widget]:
    """Every form-field widget of the PDF, in drawing order (later ones are drawn on top)."""
    reader = PdfReader(BytesIO(data))
    found = []
    for index, page in enumerate(reader.pages):
        for ref in page.get("/Annots", []):
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Widget":
                continue
            appearance = annot.get("/AP", {}).get("/N")
            value = annot.get("/V")
            found.append(
                Widget(
                    name=str(annot.get("/T")),
                    kind=str(annot.get("/FT")),
                    page=index,
                    rect=tuple(float(v) for v in annot["/Rect"]),
                    colour=_image_colour(appearance) if appearance is not None else None,
                    value=str(value) if value is not None and annot.get("/FT") == "/Tx" else "",
                )
            )
    return found


def validate_all(data: bytes, roots) -> list:
    """pyHanko's status of every signature of `data`, trusting `roots` (asn1crypto certificates)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from inspections.signing import outside_event_loop

    def run():
        signatures = PdfFileReader(BytesIO(data)).embedded_signatures
        return [validate_pdf_signature(s, ValidationContext(trust_roots=roots)) for s in signatures]

    return outside_event_loop(run)


def pdfsig(data: bytes, tmp_path) -> str:
    path = tmp_path / "signed.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
