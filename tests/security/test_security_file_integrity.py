"""Issued files prove themselves: a stored PDF changed or lost on disk is never served or merged."""

import logging
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
FORGED = b"%PDF-1.7\n% a forged notice written over the issued file\n"


@pytest.fixture
def issued(world):
    return world.notices["issued"]


def stored_path(notice) -> Path:
    return Path(notice.pdf.path)


def alarms(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "inspections.integrity" and r.levelno >= logging.ERROR]


def test_an_untouched_file_is_served(client, inspector, issued):
    client.force_login(inspector)
    response = client.get(reverse("inspections:notice-pdf", args=[issued.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored_path(issued).read_bytes()


def test_a_pdf_overwritten_on_disk_is_refused_on_download(client, inspector, issued, caplog):
    stored_path(issued).write_bytes(FORGED)
    client.force_login(inspector)
    for query in ("", "?download=1"):
        response = client.get(reverse("inspections:notice-pdf", args=[issued.pk]) + query)
        assert response.status_code == 409
        assert response["Content-Type"].startswith("text/html")
        assert FORGED not in response.content
        assert "tệp PDF lưu trữ đã bị thay đổi sau khi ban hành" in response.content.decode()
    assert alarms(caplog) and issued.pdf_sha256 in alarms(caplog)[0].getMessage()


def test_a_pdf_overwritten_on_disk_is_refused_in_the_merged_print(client, inspector, world, issued, caplog):
    stored_path(issued).write_bytes(FORGED)
    client.force_login(inspector)
    response = client.post(reverse("inspections:print-merged"), {"inspection": world.inspection.pk})
    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/html")
    assert f"Thông báo {issued.reference}" in response.content.decode()
    assert alarms(caplog)


def test_a_deleted_pdf_gives_a_clear_page_not_a_500(client, inspector, issued, caplog):
    stored_path(issued).unlink()
    client.force_login(inspector)
    response = client.get(reverse("inspections:notice-pdf", args=[issued.pk]))
    assert response.status_code == 409
    assert "mất tệp PDF lưu trữ" in response.content.decode()
    assert alarms(caplog)


def test_the_public_verification_page_does_not_check_a_forged_stored_file(client, issued, caplog):
    stored_path(issued).write_bytes(FORGED)
    response = client.get(reverse("inspections:verify", args=[issued.verification_code]))
    assert response.status_code == 200
    assert "không còn đúng là tệp đã ban hành" in response.content.decode()
    assert alarms(caplog)
