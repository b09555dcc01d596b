"""The demo holds 2880/TB-BQL and 2819/TB-BQL of 14/6/2023 as this app made them."""

import subprocess
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from inspections.importing.roundtrip import matched_in_order, pdf_text, seed_body, sentences
from inspections.models import AuditEvent, Notice
from inspections.services.importing import DEMO_DATA

pytestmark = pytest.mark.django_db

STORY = [
    "notice.draft",
    "notice.change",
    "notice.submit",
    "notice.prepare",
    "notice.approve",
    "notice.sign",
    "notice.number",
    "notice.seal",
    "notice.issue",
]


@pytest.fixture(autouse=True)
def _development(settings):
    """`make run` loads the demo with DEBUG on: that is when its demo keys and images are made."""
    settings.DEBUG = True


def test_the_demo_drafts_approves_and_issues_both_notices_through_the_app_and_stays_idempotent():
    call_command("load_demo")
    call_command("load_demo")
    notices = Notice.objects.filter(year=2023, kind=Notice.Kind.RESULTS).order_by("number")
    assert [(n.reference, n.issued_on, n.status, n.imported) for n in notices] == [
        ("2819/TB-BQL", date(2023, 6, 14), "issued", False),
        ("2880/TB-BQL", date(2023, 6, 14), "issued", False),
    ]
    # The round's whole paperwork was issued in the app, in the one series across kinds (issue 13).
    paperwork = Notice.objects.filter(year=2023).exclude(kind=Notice.Kind.RESULTS).order_by("number")
    assert [(n.reference, n.issued_on, n.kind) for n in paperwork[:4]] == [
        ("810/KH-BQL", date(2023, 3, 2), "plan"),
        ("1004/QĐ-BQL", date(2023, 3, 13), "decision"),
        ("2335/TB-BQL", date(2023, 5, 2), "schedule"),
        ("2535/TB-BQL", date(2023, 5, 22), "schedule"),
    ]
    minutes = paperwork.filter(kind=Notice.Kind.MINUTES)
    assert {m.unit_check.inspection_id for m in minutes} == {
        notices[0].inspection_id,
        notices[1].inspection_id,
    }
    assert minutes.filter(inspection=notices[1].inspection).count() == 9
    assert minutes.filter(inspection=notices[0].inspection).count() == 2
    assert all(m.status == "issued" and m.issued_on == m.unit_check.checked_on for m in minutes)
    for notice in [*notices, *paperwork]:
        trail = AuditEvent.objects.about(notice).order_by("at", "pk")
        actions = [event.action for event in trail]
        # The notices of results were retyped to the seeds' words; the rest stand as composed.
        assert actions == (
            STORY if notice.kind == Notice.Kind.RESULTS else [a for a in STORY if a != "notice.change"]
        )
        by = {event.action: event.actor.username for event in trail}
        assert (by["notice.draft"], by["notice.approve"], by["notice.issue"]) == (
            "kiemtra",
            "bui.ngoc.hai",
            "vanthu",
        )
        assert trail.get(action="notice.issue").at.date() == notice.issued_on
        assert notice.signer_name == "Bùi Ngọc Hải" and notice.approved_by.username == "bui.ngoc.hai"
    # Cited from the records: the schedule notices and the plan issued here.
    assert notices[0].inspection.announcement.source_document.reference == "2535/TB-BQL"
    assert notices[1].inspection.announcement.source_document.reference == "2335/TB-BQL"
    assert notices[1].plan.document.source_document.reference == "810/KH-BQL"


@pytest.mark.real_pdf
@pytest.mark.parametrize("number", [2880, 2819])
def test_the_demo_pdf_is_a_signed_a4_notice_with_every_seed_sentence_in_order(number, tmp_path, client):
    call_command("load_demo")
    path = tmp_path / f"{number}.pdf"
    call_command("notice_pdf", f"{number}/TB-BQL/2023", "-o", str(path))
    data = path.read_bytes()
    notice = Notice.objects.get(number=number, year=2023)
    assert data == notice.pdf.read()

    seed = (DEMO_DATA / f"{number}-TB-BQL-2023.txt").read_text(encoding="utf-8")
    wanted = sentences(seed_body(seed))
    found, missing = matched_in_order(wanted, pdf_text(data))
    assert missing == [] and found == len(wanted)

    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89 pts (A4)" in info
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows)  # the "emb" column
    signatures = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid." in signatures

    client.login(username="vanthu", password="demo-2023")
    page = client.get(reverse("inspections:verify", args=[notice.verification_code])).content.decode()
    assert f"{number}/TB-BQL" in page and notice.pdf_sha256[:32] in page


def _issued_2880():
    call_command("load_demo")
    return Notice.objects.get(number=2880, year=2023)


@pytest.mark.real_pdf
def test_2880_carries_two_valid_signatures_by_two_certificates_leader_then_board(tmp_path):
    """Decree 30, Điều 5: the competent person's signature, then the agency's."""
    from pdf_inspect import widgets
    from pyhanko.sign.diff_analysis import ModificationLevel

    from inspections.models import Certificate
    from inspections.signing import validation

    notice = _issued_2880()
    data = notice.pdf.read()
    path = tmp_path / "2880.pdf"
    path.write_bytes(data)
    pdfsig = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert pdfsig.count("Signature is Valid.") == 2 and "Signature #3" not in pdfsig
    assert "Signer Certificate Common Name: Bùi Ngọc Hải" in pdfsig.split("Signature #2")[0]
    assert (
        "Signer Certificate Common Name: Ban Quản lý Khu kinh tế Hải Phòng" in pdfsig.split("Signature #2")[1]
    )

    leader, board = validation.check_pdf(data)
    hai = Certificate.objects.get(user__username="bui.ngoc.hai")
    agency = Certificate.objects.get(holder="agency")
    assert (leader.fingerprint, board.fingerprint) == (hai.fingerprint, agency.fingerprint)
    assert leader.fingerprint != board.fingerprint
    assert leader.ok and board.ok and leader.intact and board.intact and leader.trusted and board.trusted
    # pyHanko: after the leader's signature only form filling (number, date) and a signature;
    # the board's signature covers the whole file.
    assert leader.modification == ModificationLevel.FORM_FILLING.name and not leader.covers_whole_file
    assert board.covers_whole_file and board.modification == "ENTIRE_FILE"
    assert board.signed_at.utcoffset().total_seconds() == 7 * 3600  # ISO 8601 with +07:00
    # The number and date went into their fields after the leader signed.
    fields = {w.name: w.value for w in widgets(data) if w.kind == "/Tx"}
    assert fields == {
        "SoKyHieu": "Số: 2880/TB-BQL",
        "DiaDanhNgayThang": "Hải Phòng, ngày 14 tháng 6 năm 2023",
    }


@pytest.mark.real_pdf
def test_changing_any_byte_of_2880_breaks_both_signatures(tmp_path):
    from inspections.signing import validation

    data = bytearray(_issued_2880().pdf.read())
    spot = len(data) // 3  # inside the rendered pages, which both signatures cover
    data[spot] ^= 0x01  # one bit of the page content, signed by both
    checks = validation.check_pdf(bytes(data))
    assert len(checks) == 2 and not any(check.intact for check in checks)
    path = tmp_path / "sua.pdf"
    path.write_bytes(bytes(data))
    pdfsig = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid." not in pdfsig and pdfsig.count("Digest Mismatch") == 2


@pytest.mark.real_pdf
def test_2880_signing_block_shows_the_blue_signature_centred_and_the_red_seal_over_its_left_third(tmp_path):
    from pdf_inspect import body_text, phrase_box, widgets, word_boxes
    from PIL import Image

    data = _issued_2880().pdf.read()
    signatures = [w for w in widgets(data) if w.kind == "/Sig"]
    assert [w.name for w in signatures] == ["ChuKyNguoiCoThamQuyen", "ChuKyCoQuan"]  # seal drawn on top
    leader, seal = signatures
    red, green, blue = leader.colour
    assert blue > red + 60 and blue > green  # blue ink
    red, green, blue = seal.colour
    assert red > green + 80 and red > blue + 80  # red ink
    assert "Ký số bởi" not in body_text(data)  # no text box imitating a signature

    page = leader.page
    boxes = word_boxes(data, page)
    height = 841.89
    title = phrase_box(boxes, "PHÓ TRƯỞNG BAN")
    name = phrase_box(boxes, "Bùi Ngọc Hải")
    left, bottom, right, top = leader.rect
    # Centred between the title line and the name (pdftotext gives tops measured from the top edge).
    assert abs((left + right) / 2 - (title[0] + title[2]) / 2) < 2
    assert abs((left + right) / 2 - (name[0] + name[2]) / 2) < 2
    title_bottom = title[1] + 14
    assert title_bottom < height - top and height - bottom < name[1]
    gap_middle = (title_bottom + name[1]) / 2
    assert abs((height - (top + bottom) / 2) - gap_middle) < 4
    # The seal at its real size (36 mm), its right edge a third into the signature image.
    seal_left, seal_bottom, seal_right, seal_top = seal.rect
    assert (seal_right - seal_left) / (72 / 25.4) == pytest.approx(36, abs=0.1)
    assert seal_right == pytest.approx(left + (right - left) / 3, abs=0.5)
    assert seal_left < left < seal_right

    # As a reader draws it (poppler): blue strokes right of the seal, red ones over the left third.
    path = tmp_path / "2880.pdf"
    path.write_bytes(data)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "72",
            "-png",
            "-f",
            str(page + 1),
            "-l",
            str(page + 1),
            str(path),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    picture = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")

    def count(box, test):
        x0, y0, x1, y1 = (round(v) for v in box)
        return sum(test(picture.getpixel((x, y))) for x in range(x0, x1) for y in range(y0, y1))

    blue_ink = lambda p: p[2] > 120 and p[2] > p[0] + 50  # noqa: E731
    red_ink = lambda p: p[0] > 150 and p[0] > p[1] + 70 and p[0] > p[2] + 70  # noqa: E731
    right_part = (seal_right + 2, height - top, right, height - bottom)
    assert count(right_part, blue_ink) > 40
    assert count((seal_left, height - seal_top, seal_right, height - seal_bottom), red_ink) > 200


@pytest.mark.real_pdf
def test_changing_a_byte_written_after_the_leader_signed_breaks_the_boards_signature():
    """The number and date are covered by the board's signature, which covers the whole file."""
    from inspections.signing import validation

    notice = _issued_2880()
    leader_signed = notice.signing.approved_pdf.read()
    data = bytearray(notice.pdf.read())
    assert bytes(data).startswith(leader_signed)
    data[len(leader_signed) + 200] ^= 0x01  # inside the update holding the number, date and seal
    leader, board = validation.check_pdf(bytes(data))
    assert not board.intact and not board.ok
