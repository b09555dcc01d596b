"""A backup restores into an empty database with every notice, finding and stored file intact
(byte-identical SHA-256), on SQLite and on PostgreSQL; a damaged backup is refused."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from server_process import fresh_database

from inspections.services.backup import BackupError, manifest_hmac, read_manifest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)

# Runs here on the original and in a subprocess on the restored copy: everything that must
# survive, with the SHA-256 of each stored file's bytes as the storage serves them.
SNAPSHOT = """
import hashlib, json
from inspections.models import Evidence, Finding, Notice, NoticeItem, NoticeRecipient

def digest(field):
    with field.storage.open(field.name, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()

snapshot = {
    "notices": [
        [n.pk, n.status, n.number, n.year, str(n.issued_on), n.title, n.pdf.name, n.pdf_sha256,
         digest(n.pdf) if n.pdf else None, n.source_file.name,
         digest(n.source_file) if n.source_file else None]
        for n in Notice.objects.order_by("pk")
    ],
    "items": list(NoticeItem.objects.order_by("pk").values_list("notice_id", "position", "text")),
    "recipients": list(NoticeRecipient.objects.order_by("pk").values_list("notice_id", "text")),
    "findings": list(
        Finding.objects.order_by("pk").values_list(
            "pk", "unit_check_id", "criterion_id", "result", "observation"
        )
    ),
    "evidence": [[e.pk, e.finding_id, e.file.name, digest(e.file)] for e in Evidence.objects.order_by("pk")],
}
print(json.dumps(snapshot, ensure_ascii=False))
"""


def take_snapshot() -> dict:
    scope = {}
    exec(SNAPSHOT.replace("print(json.dumps(snapshot, ensure_ascii=False))", ""), scope)
    return json.loads(json.dumps(scope["snapshot"]))


def manage(*args, env: dict) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MEDIA_ROOT"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base | {"DJANGO_SETTINGS_MODULE": "config.settings", "BACKUP_KEY": settings.BACKUP_KEY} | env,
        capture_output=True,
        text=True,
    )


@pytest.fixture
def records(world):
    """The demo's findings, one with evidence, notices in every status; the issued one's PDF."""
    return take_snapshot()


@pytest.fixture
def empty_database(tmp_path):
    """A DATABASE_URL for a new, empty database of the engine under test; dropped afterwards."""
    with fresh_database(tmp_path) as url:
        yield url


def test_a_backup_restores_into_an_empty_database_with_every_record_and_identical_files(
    records, tmp_path, empty_database
):
    # Every status, an imported paper notice (no file) among them.
    assert len(records["notices"]) == 5 and len(records["findings"]) == 57 and len(records["evidence"]) == 1
    issued = next(n for n in records["notices"] if n[1] == "issued" and n[6])
    assert issued[7] == issued[8]  # the stored hash is the file's

    call_command("backup_data", str(tmp_path / "backup"))
    manifest = read_manifest(tmp_path / "backup")
    imported = next(n for n in records["notices"] if n[9])  # the paper notice's source text
    assert {entry["name"] for entry in manifest["files"]} == {
        issued[6],
        imported[9],
        records["evidence"][0][2],
    }

    restored = {"DATABASE_URL": empty_database, "MEDIA_ROOT": str(tmp_path / "restored-media")}
    result = manage("restore_data", str(tmp_path / "backup"), env=restored)
    assert result.returncode == 0, result.stderr
    assert "mọi tệp khớp SHA-256" in result.stdout
    result = manage("shell", "--no-imports", "-c", SNAPSHOT, env=restored)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == records
    # The issued PDF on the restored disk is the very file that was issued.
    restored_pdf = (tmp_path / "restored-media" / issued[6]).read_bytes()
    assert hashlib.sha256(restored_pdf).hexdigest() == issued[7]


def test_restore_refuses_a_database_that_already_holds_records(records, tmp_path):
    call_command("backup_data", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="đã có dữ liệu"):
        call_command("restore_data", str(tmp_path / "backup"))


def test_a_changed_or_missing_file_or_a_traversing_name_makes_the_backup_refused(records, tmp_path):
    folder = tmp_path / "backup"
    call_command("backup_data", str(folder))
    manifest = json.loads((folder / "manifest.json").read_text())
    stored = folder / "files" / manifest["files"][0]["name"]
    original = stored.read_bytes()

    stored.write_bytes(original + b" ")
    with pytest.raises(BackupError, match="bị thiếu hoặc đã bị thay đổi"):
        read_manifest(folder)
    stored.unlink()
    with pytest.raises(BackupError, match="bị thiếu hoặc đã bị thay đổi"):
        read_manifest(folder)
    stored.write_bytes(original)
    read_manifest(folder)

    manifest["files"][0]["name"] = "../../outside.pdf"
    (folder / "manifest.json").write_text(json.dumps(manifest))
    # Even with the key (an insider re-signing the manifest), the name is refused.
    signature = manifest_hmac((folder / "manifest.json").read_bytes(), settings.BACKUP_KEY.encode())
    (folder / "manifest.json.hmac").write_text(signature)
    with pytest.raises(BackupError, match="Tên tệp không hợp lệ"):
        read_manifest(folder)


def test_backup_never_writes_into_a_folder_that_holds_something(records, tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "manifest.json").write_text("{}")
    with pytest.raises(CommandError, match="đã có dữ liệu"):
        call_command("backup_data", str(tmp_path / "old"))
