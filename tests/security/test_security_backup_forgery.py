"""Backups that cannot be forged silently: an authenticated manifest, issued files checked
against their own records, guards back after a restore, an interrupted restore resumed or
rolled back, and backups readable by their owner only."""

import hashlib
import json
import sqlite3
import stat
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from inspections import dbguards
from inspections.models import Notice
from inspections.services import backup as backups
from inspections.services.backup import database_is_empty, manifest_hmac

pytestmark = pytest.mark.django_db(transaction=True)
sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="a SQLite backup file")
FORGED = b"%PDF-1.7\n% a forged notice\n"


@pytest.fixture
def folder(world, tmp_path):
    folder = tmp_path / "backup"
    call_command("backup_data", str(folder), verbosity=0, stdout=_quiet())
    return folder


def _quiet():
    import io

    return io.StringIO()


def manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def write_manifest(folder: Path, data: dict, *, sign_with: str | None = None) -> None:
    raw = json.dumps(data, ensure_ascii=False, indent=2).encode()
    (folder / "manifest.json").write_bytes(raw)
    if sign_with is not None:
        (folder / "manifest.json.hmac").write_text(manifest_hmac(raw, sign_with.encode()))


def forge_issued_pdf(folder: Path, notice: Notice) -> dict:
    """Replace the issued PDF in the backup and update its hash and size in the manifest."""
    (folder / "files" / notice.pdf.name).write_bytes(FORGED)
    data = manifest(folder)
    entry = next(e for e in data["files"] if e["name"] == notice.pdf.name)
    entry.update(sha256=hashlib.sha256(FORGED).hexdigest(), size=len(FORGED))
    return data


def empty_target(settings, tmp_path) -> Path:
    """The database emptied (the flush the test runner uses) and a new, empty storage."""
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    assert database_is_empty()
    return settings.MEDIA_ROOT


def restore(folder: Path, *args) -> str:
    out = _quiet()
    call_command("restore_data", str(folder), *args, stdout=out)
    return out.getvalue()


def test_a_forged_pdf_with_its_hash_updated_in_the_manifest_is_refused(world, folder):
    write_manifest(folder, forge_issued_pdf(folder, world.notices["issued"]))  # no key to re-sign
    with pytest.raises(CommandError, match="không khớp chữ ký HMAC"):
        restore(folder)


def test_even_a_re_signed_manifest_cannot_bring_back_a_forged_issued_pdf(world, folder, settings, tmp_path):
    """Someone holding the key re-signs the manifest: the record's own pdf_sha256 still refuses it."""
    issued = world.notices["issued"]
    write_manifest(folder, forge_issued_pdf(folder, issued), sign_with=settings.BACKUP_KEY)
    media = empty_target(settings, tmp_path)
    with pytest.raises(CommandError, match=f"{issued.pdf.name}.*không khớp mã SHA-256 ghi trong hồ sơ"):
        restore(folder)
    assert database_is_empty()  # emptied again, nothing half-restored
    assert not (media / issued.pdf.name).exists()


def test_a_manifest_without_its_signature_or_under_another_key_is_refused(folder, settings):
    signature = (folder / "manifest.json.hmac").read_text()
    settings.BACKUP_KEY = "mot-khoa-khac"
    with pytest.raises(CommandError, match="không khớp chữ ký HMAC"):
        restore(folder)
    (folder / "manifest.json.hmac").unlink()
    with pytest.raises(CommandError, match="thiếu manifest.json.hmac"):
        restore(folder)
    assert signature


def test_without_a_backup_key_production_neither_backs_up_nor_restores(world, folder, settings, tmp_path):
    settings.BACKUP_KEY, settings.DEBUG = "", False
    with pytest.raises(CommandError, match="Chưa đặt khóa sao lưu BACKUP_KEY"):
        call_command("backup_data", str(tmp_path / "again"))
    with pytest.raises(CommandError, match="Chưa đặt khóa sao lưu BACKUP_KEY"):
        restore(folder)


def test_backups_are_readable_by_their_owner_only(folder):
    paths = [folder, *folder.rglob("*")]
    assert len(paths) > 4
    for path in paths:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


@sqlite_only
def test_a_sqlite_backup_with_its_triggers_dropped_comes_back_guarded(world, folder, settings, tmp_path):
    database = folder / "database.sqlite3"
    copy = sqlite3.connect(database)
    for name in dbguards.trigger_names("sqlite"):
        copy.execute(f"DROP TRIGGER {name}")
    copy.commit()
    copy.close()
    data = manifest(folder)
    data["database_sha256"] = backups.sha256_file(database)
    write_manifest(folder, data, sign_with=settings.BACKUP_KEY)
    empty_target(settings, tmp_path)
    restore(folder)
    assert dbguards.missing(connection) == []
    assert Notice.objects.filter(pk=world.notices["issued"].pk, status="issued").exists()


class Interrupted(Exception):
    pass


def interrupt_after_first_file(monkeypatch):
    real, calls = backups._place, []

    def place(storage, name, source):
        if calls:
            raise Interrupted("the power went out")
        calls.append(name)
        real(storage, name, source)

    monkeypatch.setattr(backups, "_place", place)


def test_an_interrupted_restore_is_resumed_by_running_it_again(
    world, folder, settings, tmp_path, monkeypatch
):
    media = empty_target(settings, tmp_path)
    interrupt_after_first_file(monkeypatch)
    with pytest.raises(Interrupted):
        restore(folder)
    assert not database_is_empty()
    monkeypatch.undo()
    output = restore(folder)
    assert "Tiếp tục lần khôi phục bị gián đoạn" in output
    for entry in manifest(folder)["files"]:
        assert hashlib.sha256((media / entry["name"]).read_bytes()).hexdigest() == entry["sha256"]
    assert not (media / backups.MARKER).exists()


def test_an_interrupted_restore_can_be_rolled_back(world, folder, settings, tmp_path, monkeypatch):
    media = empty_target(settings, tmp_path)
    interrupt_after_first_file(monkeypatch)
    with pytest.raises(Interrupted):
        restore(folder)
    output = restore(folder, "--rollback")
    assert "Đã làm trống đích" in output
    assert database_is_empty()
    assert [p for p in media.rglob("*") if p.is_file()] == []
    monkeypatch.undo()
    restore(folder)  # and it restores cleanly afterwards
    assert Notice.objects.filter(pk=world.notices["issued"].pk).exists()


def test_rollback_never_empties_a_database_that_is_not_this_backups_restore(world, folder):
    with pytest.raises(CommandError, match="không xóa"):
        restore(folder, "--rollback")
    assert Notice.objects.filter(pk=world.notices["issued"].pk).exists()
