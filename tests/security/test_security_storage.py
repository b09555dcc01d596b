"""`manage.py check_storage`: stored files no record refers to, records whose file is missing
or no longer matches its SHA-256; `--delete-orphans` removes the orphans (past a grace period)."""

import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from inspections.models import Evidence, FollowUpReport, Notice
from inspections.services.storage import file_fields

pytestmark = pytest.mark.django_db


def run(*args, capsys) -> tuple[str, str | None]:
    try:
        call_command("check_storage", *args)
    except CommandError as error:
        return capsys.readouterr().out, str(error)
    return capsys.readouterr().out, None


def write(name: str, data: bytes, *, hours_ago: float = 0) -> str:
    stored = default_storage.save(name, ContentFile(data))
    if hours_ago:
        moment = time.time() - hours_ago * 3600
        os.utime(default_storage.path(stored), (moment, moment))
    return stored


def test_every_file_field_is_checked():
    found = {(model._meta.label, model_field.name) for model, model_field in file_fields()}
    assert found >= {
        ("inspections.Notice", "pdf"),
        ("inspections.Notice", "source_file"),
        ("inspections.Evidence", "file"),
        ("inspections.FollowUpReport", "file"),
    }


def test_storage_and_records_that_agree_are_reported_so(world, capsys):
    out, error = run(capsys=capsys)
    assert error is None
    assert "Hồ sơ tham chiếu 3 tệp; kho lưu trữ có 3 tệp." in out  # evidence, PDF, imported source
    assert "Kho lưu trữ và hồ sơ khớp nhau." in out


def test_orphans_missing_files_and_changed_files_are_listed_and_old_orphans_deleted(world, capsys):
    issued = world.notices["issued"]
    orphan = write("notices/2023-2881-TB-BQL.pdf", b"%PDF-1.7 never committed", hours_ago=2)
    fresh = write("imports/pending/xem-truoc.txt", b"THONG BAO ...")  # a preview being looked at
    report = FollowUpReport.objects.create(
        followup=world.shortcoming.followup,
        text="Đã niêm yết.",
        reported_by=world.users["inspector"],
        reported_at=timezone.now(),
        file=write("followups/1/bien-ban.pdf", b"%PDF-1.4 report"),
    )
    default_storage.delete(report.file.name)  # the record lost its file
    with default_storage.open(issued.pdf.name, "wb") as handle:
        handle.write(b"%PDF-1.7 changed on disk")  # the issued file no longer matches its hash

    out, error = run(capsys=capsys)
    assert error == "Còn 4 chỗ chưa khớp giữa kho lưu trữ và hồ sơ."
    assert "Tệp không thuộc hồ sơ nào (2):" in out
    assert f"  {orphan}  (24 byte, ghi lúc " in out and f"  {fresh}  (" in out
    assert f"Hồ sơ mất tệp (1):\n  báo cáo khắc phục #{report.pk}, file: {report.file.name}" in out
    assert f"văn bản #{issued.pk}, pdf: {issued.pdf.name}: lưu {issued.pdf_sha256}" in out

    out, error = run("--delete-orphans", capsys=capsys)
    assert f"Đã xóa 1 tệp không thuộc hồ sơ nào:\n  {orphan}\n" in out
    assert "Giữ lại 1 tệp mới ghi chưa quá 60 phút; hãy chạy lại sau." in out
    assert error == "Còn 3 chỗ chưa khớp giữa kho lưu trữ và hồ sơ."
    assert not default_storage.exists(orphan) and default_storage.exists(fresh)
    # Records are never touched; only files no record refers to are deleted.
    assert default_storage.exists(issued.pdf.name) and default_storage.exists(world.evidence.file.name)
    assert Notice.objects.get(pk=issued.pk).pdf_sha256 == issued.pdf_sha256
    assert FollowUpReport.objects.filter(pk=report.pk).exists() and Evidence.objects.count() == 1

    out, error = run("--delete-orphans", "--min-age", "0", capsys=capsys)
    assert f"Đã xóa 1 tệp không thuộc hồ sơ nào:\n  {fresh}\n" in out
    assert error == "Còn 2 chỗ chưa khớp giữa kho lưu trữ và hồ sơ."
