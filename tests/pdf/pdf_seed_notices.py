"""The two real notices of 14/6/2023 (tests/pdf/seeds/, copied from the shared seeds) as records.

Used by the PDF tests and bench/pdf_bench.py. The seed text is split the way the composer
stores a notice: opening paragraphs, numbered items (an item keeps its follow-on paragraphs),
the closing paragraph, recipients and the signer.
"""

import datetime
import re
from pathlib import Path

SEEDS = Path(__file__).with_name("seeds")
TITLES = {
    2880: "Kết quả kiểm tra công tác cải cách hành chính tại các phòng chuyên môn thuộc "
    "Ban Quản lý Khu kinh tế Hải Phòng",
    2819: "Kết quả kiểm tra công tác cải cách hành chính tại các đơn vị sự nghiệp trực thuộc "
    "Ban Quản lý Khu kinh tế Hải Phòng",
}
ISSUED_ON = datetime.date(2023, 6, 14)


def clean(text: str) -> str:
    """Drop the conversion's Markdown: bold marks and struck-through duplicates (~~2335~~ 2335)."""
    text = re.sub(r"~~[^~]*~~\s*", "", text)
    return text.replace("**", "")


def seed_parts(number: int) -> dict:
    """Split seed `number` into opening, items, closing and recipients (cleaned text)."""
    raw = (SEEDS / f"{number}-TB-BQL.txt").read_text(encoding="utf-8")
    body, tail = raw.split("**Nơi nhận:**")
    blocks = [clean(b).strip() for b in re.split(r"\n\s*\n", body)]
    start = next(i for i, b in enumerate(blocks) if b.startswith("Căn cứ"))
    paragraphs: list[str] = []
    for block in blocks[start:]:
        if not block:
            continue
        if paragraphs and block[0].islower():  # a paragraph the conversion cut in two
            paragraphs[-1] += " " + block
        else:
            paragraphs.append(block)
    first_item = next(i for i, p in enumerate(paragraphs) if re.match(r"\d+\. ", p))
    items: list[list[str]] = []
    for paragraph in paragraphs[first_item:-1]:
        if re.match(r"\d+\. ", paragraph):
            items.append([re.sub(r"^\d+\. ", "", paragraph)])
        else:
            items[-1].append(paragraph)
    recipients = [line[2:].strip() for line in tail.splitlines() if line.startswith("- ")]
    return {
        "opening": paragraphs[:first_item],
        "items": items,
        "closing": paragraphs[-1],
        "recipients": recipients,
    }


def seed_sentences(number: int) -> list[str]:
    """Every sentence of the seed body, recipients and signer, in reading order."""
    parts = seed_parts(number)
    paragraphs = list(parts["opening"])
    for index, item in enumerate(parts["items"], start=1):
        paragraphs += [f"{index}. {item[0]}", *item[1:]]
    paragraphs.append(parts["closing"])
    paragraphs += parts["recipients"]
    sentences = []
    for paragraph in paragraphs:
        sentences += [s for s in re.split(r"(?<=[.;:])\s+", " ".join(paragraph.split())) if s]
    return [*sentences, "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Bùi Ngọc Hải"]


def build_seed_notice(number: int, *, organization, signer, created_by, numbered: bool = True):
    """Create seed `number` as a Notice with its items and recipients (approved, not yet issued).

    With `numbered` it carries its number, date and verification code, as the issue service
    sets them just before rendering the issued PDF; without, it is a draft.
    """
    from inspections.models import Inspection, InspectionPlan, Notice, NoticeItem, NoticeRecipient

    plan, _ = InspectionPlan.objects.get_or_create(
        organization=organization, year=2023, defaults={"title": "Kế hoạch kiểm tra CCHC năm 2023"}
    )
    inspection = Inspection.objects.create(
        plan=plan,
        title=f"Kiểm tra CCHC ({number})",
        starts_on=datetime.date(2023, 6, 6),
        ends_on=datetime.date(2023, 6, 8),
    )
    parts = seed_parts(number)
    fields = {"status": Notice.Status.DRAFT}
    if numbered:
        fields = {
            "status": Notice.Status.APPROVED,
            "number": number,
            "issued_on": ISSUED_ON,
            "year": ISSUED_ON.year,
            "verification_code": f"SEED{number}",
        }
    notice = Notice.objects.create(
        inspection=inspection,
        organization=organization,
        place=organization.place,
        title=TITLES[number],
        opening="\n\n".join(parts["opening"]),
        closing=parts["closing"],
        signer=signer,
        authority=Notice.Authority.KT,
        authority_title=organization.head_title,
        signer_title=signer.title,
        signer_name=signer.full_name,
        created_by=created_by,
        **fields,
    )
    for position, item in enumerate(parts["items"], start=1):
        NoticeItem.objects.create(notice=notice, position=position, text="\n".join(item))
    for position, text in enumerate(parts["recipients"], start=1):
        NoticeRecipient.objects.create(notice=notice, position=position, text=text)
    return notice
