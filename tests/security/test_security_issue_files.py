"""Issued files are written under a pending name and take their final name only with the
commit: a failure before the commit leaves no signed file under a notice's final name, and
issuing a number again never leaves two files of that number."""

import hashlib
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from inspections.models import Notice
from inspections.services import issuing
from inspections.services.issuing import PENDING_FOLDER, SealedPdf, issue_notice

pytestmark = pytest.mark.django_db
SEALED = b"%PDF-1.7\n% sealed for the test\n"
ISSUED_ON = date(2023, 6, 20)
NUMBER = 2901


@pytest.fixture(autouse=True)
def _quick_seal(monkeypatch):
    monkeypatch.setattr("inspections.services.signing.seal_notice", lambda notice: SEALED)


@pytest.fixture
def approved(world):
    return world.notices["approved"]


def files_of(number: int) -> list[str]:
    media = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(media)) for p in media.rglob(f"*{number}-*.pdf"))


class Boom(Exception):
    pass


def test_a_failure_after_the_write_and_before_the_commit_leaves_no_file(approved, clerk, monkeypatch):
    real_record = issuing.record

    def record(notice, action, **kwargs):
        if action == "notice.seal":  # the file is written, the transaction not committed
            assert files_of(NUMBER) and all(name.startswith(PENDING_FOLDER) for name in files_of(NUMBER))
            raise Boom
        return real_record(notice, action, **kwargs)

    monkeypatch.setattr(issuing, "record", record)
    with pytest.raises(Boom):
        issue_notice(approved, by=clerk, number=NUMBER, issued_on=ISSUED_ON)
    assert files_of(NUMBER) == []
    assert Notice.objects.get(pk=approved.pk).status == "approved"


def test_a_commit_that_fails_after_the_rename_takes_the_final_file_away(approved, clerk, monkeypatch):
    real_move = SealedPdf.move

    def move_then_fail(sealed):
        real_move(sealed)
        assert files_of(NUMBER) == [sealed.final]
        raise Boom  # as if COMMIT itself failed

    monkeypatch.setattr(SealedPdf, "move", move_then_fail)
    with pytest.raises(Boom):
        issue_notice(approved, by=clerk, number=NUMBER, issued_on=ISSUED_ON)
    assert files_of(NUMBER) == []


def test_issuing_a_number_again_leaves_one_file_of_that_number(approved, clerk):
    media = Path(settings.MEDIA_ROOT)
    stem = f"{NUMBER}-{approved.symbol}-{ISSUED_ON.year}"
    # What dead attempts at this number left: a signed file under the final name (before
    # pending names existed) and one under a pending name.
    (media / "notices").mkdir(parents=True, exist_ok=True)
    (media / "notices" / f"{stem}.pdf").write_bytes(b"%PDF-1.7 an older, different signed copy")
    (media / PENDING_FOLDER).mkdir(parents=True, exist_ok=True)
    dead = media / PENDING_FOLDER / f"{approved.organization_id}-{stem}-n{approved.pk}-dead01.pdf"
    dead.write_bytes(b"%PDF dead")

    notice = issue_notice(approved, by=clerk, number=NUMBER, issued_on=ISSUED_ON)
    assert files_of(NUMBER) == [f"notices/{stem}.pdf"] == [notice.pdf.name]
    assert hashlib.sha256((media / notice.pdf.name).read_bytes()).hexdigest() == notice.pdf_sha256
