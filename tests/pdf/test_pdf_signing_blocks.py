"""What each signing block prints, checked against Nghị định 30/2020/NĐ-CP, Phụ lục I, mục
II.7.b (DOMAIN.md §1.3): the authority prefix in capitals with a space after the dot, before
the head's title (KT., Q., TL., TUQ.) or the collective's name (TM.); the signer's own title
below it, except for an acting head (Q.), whose one line is the head's title; then the name.

The block is never typed: it is copied from the board (head title, name) and the signer.
"""

import pytest
from pdf_inspect import assert_in_order, body_text

from inspections.composer import signing_snapshot
from inspections.models import Notice
from inspections.pdf import notice_document, render_notice_pdf
from inspections.services.notices import snapshot_signer

pytestmark = pytest.mark.django_db
A = Notice.Authority

# authority, signer's title, the lines printed above the name (Decree 30's own examples in brackets)
BLOCKS = [
    # "KT. BỘ TRƯỞNG / THỨ TRƯỞNG": a deputy signs for the head.
    (A.KT, "Phó Trưởng ban", ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]),
    # "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH": the head signs on behalf of the collective body.
    (A.TM, "Trưởng ban", ["TM. BAN QUẢN LÝ KHU KINH TẾ HẢI PHÒNG", "TRƯỞNG BAN"]),
    # "Q. BỘ TRƯỞNG": an acting head; no second title line.
    (A.Q, "Phó Trưởng ban", ["Q. TRƯỞNG BAN"]),
    # "TL. BỘ TRƯỞNG / VỤ TRƯỞNG VỤ …": by order of the head, the signer's own title below.
    (A.TL, "Chánh Văn phòng", ["TL. TRƯỞNG BAN", "CHÁNH VĂN PHÒNG"]),
    # "TUQ. GIÁM ĐỐC / TRƯỞNG PHÒNG …": by the head's written authorisation.
    (A.TUQ, "Chánh Văn phòng", ["TUQ. TRƯỞNG BAN", "CHÁNH VĂN PHÒNG"]),
    # The head signs in their own name: the title alone.
    (A.NONE, "Trưởng ban", ["TRƯỞNG BAN"]),
]


@pytest.fixture
def block_notice(seed_notice, leader):
    def build(authority, title):
        leader.title = title
        leader.save(update_fields=["title"])
        notice = seed_notice(2880, numbered=False)
        notice.signer, notice.authority = leader, authority
        snapshot_signer(notice)
        return notice

    return build


@pytest.mark.parametrize(("authority", "title", "lines"), BLOCKS, ids=[b[0] or "direct" for b in BLOCKS])
def test_the_signing_block_prints_what_decree_30_shows(block_notice, leader, authority, title, lines):
    notice = block_notice(authority, title)
    document = notice_document(notice)
    assert document["signing_titles"] == lines
    assert document["signer_name"] == "Bùi Ngọc Hải"  # the name alone: no academic title


@pytest.mark.parametrize(("authority", "title", "lines"), BLOCKS, ids=[b[0] or "direct" for b in BLOCKS])
def test_the_snapshot_is_taken_from_the_board_and_the_signer(organization, leader, authority, title, lines):
    leader.title = title
    snapshot = signing_snapshot(organization, leader, authority)
    printed = [f"{authority} {snapshot['authority_title']}".strip()] if authority else []
    printed += [snapshot["signer_title"]] if snapshot["signer_title"] else []
    assert printed == lines
    assert snapshot["signer_name"] == "Bùi Ngọc Hải"


def test_the_notice_page_shows_the_same_block(client, block_notice, inspector):
    notice = block_notice(A.TM, "Trưởng ban")
    notice.save()
    client.force_login(inspector)
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "<strong>TM. BAN QUẢN LÝ KHU KINH TẾ HẢI PHÒNG</strong>" in page
    assert "<strong>TRƯỞNG BAN</strong>" in page


@pytest.mark.real_pdf
@pytest.mark.parametrize(("authority", "title", "lines"), [BLOCKS[1], BLOCKS[2]], ids=["TM.", "Q."])
def test_the_rendered_pdf_prints_the_block_above_the_name(block_notice, authority, title, lines):
    text = body_text(render_notice_pdf(block_notice(authority, title)))
    assert_in_order(text, ["Nơi nhận:", *lines, "Bùi Ngọc Hải"])
    if authority == A.Q:
        assert "PHÓ TRƯỞNG BAN" not in text  # the acting head has no second title line


@pytest.mark.parametrize(("authority", "title", "lines"), [BLOCKS[1], BLOCKS[2]], ids=["TM.", "Q."])
def test_the_word_copy_prints_the_same_block(block_notice, authority, title, lines):
    import io

    from docx import Document

    from inspections.docx_export import notice_docx

    notice = block_notice(authority, title)
    document = Document(io.BytesIO(notice_docx(notice)))
    signing_cell = document.tables[-1].rows[0].cells[1]
    printed = [p.text for p in signing_cell.paragraphs if p.text]
    assert printed == [*lines, "Bùi Ngọc Hải"]
