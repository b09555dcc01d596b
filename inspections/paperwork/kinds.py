"""What each kind of the round's documents has of its own (Nghị định 30, Phụ lục III).

The life, the register, the signatures, the PDF frame and the checks are shared; a kind
differs in its type name and abbreviation, how its body is numbered (1., 2. for a notice;
I., II. for a plan or report; "Điều 1." for a decision), whether it has Nơi nhận, who signs
it, what it is drafted from and which parts it must have before it moves on.
"""

from dataclasses import dataclass
from importlib import import_module

from inspections.models.notices import Notice
from inspections.models.register import ABBREVIATIONS, DocumentKind

Kind = Notice.Kind


@dataclass(frozen=True)
class KindSpec:
    kind: str
    # Its kind in the register (Phụ lục III), which gives its type name and abbreviation.
    register_kind: str
    # How file names of its drafts call it: "du-thao-ke-hoach-17".
    slug: str
    # "arabic" (1., 2.), "roman" (I., II.) or "article" (Điều 1., Điều 2.).
    numbering: str
    # What it is drafted from: "plan" (the year's plan), "round" or "visit".
    source: str
    # The module under inspections/paperwork (or inspections) whose compose() drafts it.
    composer: str
    # The label of its numbered parts on the edit page, and what the checklist says without any.
    items_label: str
    items_missing: str = ""
    closing_label: str = "Phần kết luận, yêu cầu"
    # A biên bản has no Nơi nhận and a second signatory (the inspected unit's head).
    recipients: bool = True
    counterpart: bool = False
    # Whether it must cite at least one document, and end its closing with "./.".
    needs_bases: bool = True
    needs_closing: bool = True
    # The role its signer signs as, whatever their title, and who reviews it as its signer even
    # without the leader role (a biên bản: the team's leader).
    signer_role: str = ""
    signer_reviews: bool = False
    # A decision: its authority line over the legal bases, then "QUYẾT ĐỊNH:" before its articles.
    decides: bool = False
    # It speaks of the whole round: drafted from a round not fully inspected only once confirmed,
    # and submitted only once the round's warnings are read (a notice of results).
    whole_round: bool = False
    # Issued, it becomes the citation of the round's later documents (paperwork/citations.py).
    cited: bool = False

    @property
    def type_name(self) -> str:
        """Printed above the title (Phụ lục I, II.5): "THÔNG BÁO", "QUYẾT ĐỊNH", …"""
        return DocumentKind(self.register_kind).label.upper()

    @property
    def abbreviation(self) -> str:
        """Of the symbol: "KH" in 810/KH-BQL (Phụ lục III)."""
        return ABBREVIATIONS[self.register_kind]

    @property
    def noun(self) -> str:
        """How messages call it: "kế hoạch", "thông báo", "biên bản"."""
        return DocumentKind(self.register_kind).label.lower()

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
            DocumentKind.PLAN,
            "ke-hoach",
            "roman",
            "plan",
            "inspections.paperwork.plan",
            "Các phần của kế hoạch",
            closing_label="Phần kết thúc",
            cited=True,
        ),
        KindSpec(
            Kind.DECISION,
            DocumentKind.DECISION,
            "quyet-dinh",
            "article",
            "plan",
            "inspections.paperwork.decision",
            "Các điều",
            closing_label="Phần kết thúc (để trống: điều cuối kết thúc bằng “./.”)",
            needs_closing=False,
            decides=True,
            cited=True,
        ),
        KindSpec(
            Kind.SCHEDULE,
            DocumentKind.NOTICE,
            "thong-bao-lich",
            "arabic",
            "round",
            "inspections.paperwork.schedule",
            "Các mục của thông báo",
            cited=True,
        ),
        KindSpec(
            Kind.MINUTES,
            DocumentKind.MINUTES,
            "bien-ban",
            "arabic",
            "visit",
            "inspections.paperwork.minutes",
            "Nội dung kiểm tra",
            closing_label="Kết luận và kết thúc",
            recipients=False,
            counterpart=True,
            needs_bases=False,
            signer_role="Trưởng đoàn kiểm tra",
            signer_reviews=True,
        ),
        KindSpec(
            Kind.RESULTS,
            DocumentKind.NOTICE,
            "thong-bao",
            "arabic",
            "round",
            "inspections.composer",
            "Các mục kết quả",
            items_missing="Chưa có mục kết quả nào.",
            whole_round=True,
        ),
        KindSpec(
            Kind.REPORT,
            DocumentKind.REPORT,
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
