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

STORY = ["notice.draft", "notice.change", "notice.submit", "notice.approve", "notice.number", "notice.issue"]


def test_the_demo_drafts_approves_and_issues_both_notices_through_the_app_and_stays_idempotent():
    call_command("load_demo")
    call_command("load_demo")
    notices = Notice.objects.filter(year=2023).order_by("number")
    assert [(n.reference, n.issued_on, n.status, n.imported) for n in notices] == [
        ("2819/TB-BQL", date(2023, 6, 14), "issued", False),
        ("2880/TB-BQL", date(2023, 6, 14), "issued", False),
    ]
    for notice in notices:
        trail = AuditEvent.objects.about(notice).order_by("at", "pk")
        actions = [event.action for event in trail if event.action != "notice.render"]
        assert actions == STORY
        by = {event.action: event.actor.username for event in trail}
        assert (by["notice.draft"], by["notice.approve"], by["notice.issue"]) == (
            "kiemtra",
            "bui.ngoc.hai",
            "vanthu",
        )
        assert trail.get(action="notice.issue").at.date() == date(2023, 6, 14)
        assert notice.signer_name == "Bùi Ngọc Hải" and notice.approved_by.username == "bui.ngoc.hai"
    assert notices[0].inspection.announcement.number_symbol == "2535/TB-BQL"
    assert notices[1].inspection.announcement.number_symbol == "2335/TB-BQL"


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
