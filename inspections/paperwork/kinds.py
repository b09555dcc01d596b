"""What each kind of the round's documents has of its own (Nghị định 30, Phụ lục III).

The life, the register, the signatures, the PDF frame and the checks are shared; a kind
differs in its type name and abbreviation, how its body is numbered (1., 2. for a notice;
I., II. for a plan or report; "Điều 1." for a decision), whether it has Nơi nhận, who signs
it, what it is drafted from and which parts it must have before it moves on.
"""

from dataclasses import dataclass
from importlib import import_module

from inspections.models.notices import Notice
from inspections.models.register import DocumentKind

Kind = Notice.Kind


@dataclass(frozen=True)
class KindSpec:
    kind: str
    # Printed above the title (Phụ lục I, II.5): "THÔNG BÁO", "QUYẾT ĐỊNH", …
    type_name: str
    # Of the symbol: "KH" in 810/KH-BQL (Phụ lục III).
    abbreviation: str
    register_kind: str
    # How messages and file names call it.
    noun: str
    slug: str
    # "arabic" (1., 2.), "roman" (I., II.) or "article" (Điều 1., Điều 2.).
    numbering: str
    # What it is drafted from: "plan" (the year's plan), "round" or "visit".
    source: str
    # The module under inspections/paperwork (or inspections) whose compose() drafts it.
    composer: str
    # The label of its numbered parts on the edit page.
    items_label: str
    closing_label: str = "Phần kết luận, yêu cầu"
    # A biên bản has no Nơi nhận and a second signatory (the inspected unit's head).
    recipients: bool = True
    counterpart: bool = False
    # Whether it must cite at least one document, and end its closing with "./.".
    needs_bases: bool = True
    needs_closing: bool = True

    @property
    def label(self) -> str:
        return Kind(self.kind).label

    @property
    def draft_label(self) -> str:
        """'Soạn kế hoạch kiểm tra từ hồ sơ', 'Soạn quyết định thành lập Đoàn kiểm tra từ hồ sơ'."""
        return f"Soạn {self.label[:1].lower()}{self.label[1:]} từ hồ sơ"


SPECS = {
    spec.kind: spec
    for spec in (
        KindSpec(
            Kind.PLAN,
            "KẾ HOẠCH",
            "KH",
            DocumentKind.PLAN,
            "kế hoạch",
            "ke-hoach",
            "roman",
            "plan",
            "inspections.paperwork.plan",
            "Các phần của kế hoạch",
            closing_label="Phần kết thúc",
        ),
        KindSpec(
            Kind.DECISION,
            "QUYẾT ĐỊNH",
            "QĐ",
            DocumentKind.DECISION,
            "quyết định",
            "quyet-dinh",
            "article",
            "plan",
            "inspections.paperwork.decision",
            "Các điều",
            closing_label="Phần kết thúc (để trống: điều cuối kết thúc bằng “./.”)",
            needs_closing=False,
        ),
        KindSpec(
            Kind.SCHEDULE,
            "THÔNG BÁO",
            "TB",
            DocumentKind.NOTICE,
            "thông báo",
            "thong-bao-lich",
            "arabic",
            "round",
            "inspections.paperwork.schedule",
            "Các mục của thông báo",
        ),
        KindSpec(
            Kind.MINUTES,
            "BIÊN BẢN",
            "BB",
            DocumentKind.MINUTES,
            "biên bản",
            "bien-ban",
            "arabic",
            "visit",
            "inspections.paperwork.minutes",
            "Nội dung kiểm tra",
            closing_label="Kết luận và kết thúc",
            recipients=False,
            counterpart=True,
            needs_bases=False,
        ),
        KindSpec(
            Kind.RESULTS,
            "THÔNG BÁO",
            "TB",
            DocumentKind.NOTICE,
            "thông báo",
            "thong-bao",
            "arabic",
            "round",
            "inspections.composer",
            "Các mục kết quả",
        ),
        KindSpec(
            Kind.REPORT,
            "BÁO CÁO",
            "BC",
            DocumentKind.REPORT,
            "báo cáo",
            "bao-cao",
            "roman",
            "plan",
            "inspections.paperwork.report",
            "Các phần của báo cáo",
            closing_label="Phần kết thúc",
        ),
    )
}


def spec_of(kind: str) -> KindSpec:
    return SPECS[kind]


def symbol_of(kind: str, organization) -> str:
    """'KH-BQL', 'QĐ-BQL', 'TB-BQL', 'BB-BQL', 'BC-BQL': the abbreviation and the issuing body's."""
    return f"{SPECS[kind].abbreviation}-{organization.abbreviation}"


def composer_of(kind: str):
    """The compose(source) function that drafts a document of `kind` from its records."""
    return import_module(SPECS[kind].composer).compose


def kinds_from(source: str) -> list[KindSpec]:
    """The kinds drafted from a plan, a round or a visit, in the order a round produces them."""
    return [spec for spec in SPECS.values() if spec.source == source]


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


def item_label(spec: KindSpec, number: int) -> str:
    """'3.', 'III.' or 'Điều 3.' for the third numbered part."""
    if spec.numbering == "article":
        return f"Điều {number}."
    if spec.numbering == "roman" and number <= len(ROMAN):
        return f"{ROMAN[number - 1]}."
    return f"{number}."
