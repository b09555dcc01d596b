"""Back up and restore the whole record: the database and every stored file it refers to.

A backup is a folder:

    manifest.json        engine, database file and its SHA-256, row counts per model, and
                         for every stored file (issued PDFs, evidence, imported sources) its
                         name, size and SHA-256
    database.sqlite3     SQLite: a consistent copy made with SQLite's online backup API
    database.pgdump      PostgreSQL: `pg_dump --format=custom` (restored with `pg_restore`)
    files/<name>         each stored file under its storage name

Each engine's own tool makes the copy (consistent while the app runs, fast, restorable by the
engine's standard tools without this code). A backup restores into the same engine; to move
between engines use `manage.py dumpdata`/`loaddata` instead.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files import File
from django.db import connection, models, transaction
from django.utils import timezone

from inspections.services.storage import file_fields

FORMAT = 1
# The project's own data: a database holding any of these rows is not "empty".
OWN_APPS = ("units", "inspections")


class BackupError(Exception):
    """A backup that cannot be made, or a restore that must not go ahead (message in Vietnamese)."""


@dataclass
class Report:
    folder: Path
    engine: str
    counts: dict[str, int]
    files: int
    bytes: int


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {vendor}.")
    return vendor


def _inventory(cursor) -> tuple[dict[str, int], dict[str, models.FileField]]:
    """Row counts per model and every stored file name, read through `cursor`.

    Plain SQL over any DB-API cursor, so it reads exactly what the copy holds: SQLite's backup
    file, or PostgreSQL inside the snapshot pg_dump copies.
    """
    counts = {}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        cursor.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}"')
        counts[model._meta.label] = cursor.fetchone()[0]
    names = {}
    for model, field in file_fields():
        table, column = model._meta.db_table, field.column
        cursor.execute(f'SELECT DISTINCT "{column}" FROM "{table}" WHERE "{column}" <> \'\'')
        for (name,) in cursor.fetchall():
            names.setdefault(name, field)
    return counts, names


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ)
    for key, value in {
        "PGHOST": db.get("HOST"),
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGDATABASE": db["NAME"],
    }.items():
        if value:
            env[key] = value
    return env


def _run(command: list[str]) -> None:
    if not shutil.which(command[0]):
        raise BackupError(
            f"Không tìm thấy {command[0]}: cài gói postgresql-client cùng phiên bản với máy chủ."
        )
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} thất bại: {result.stderr.strip()}")


def backup(folder: Path) -> Report:
    """Write a complete backup into `folder` (which must be new or empty)."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"Thư mục {folder} đã có dữ liệu; hãy chọn một thư mục mới.")
    folder.mkdir(parents=True, exist_ok=True)
    engine = _engine()

    if engine == "sqlite":
        database = folder / "database.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(database)
        connection.connection.backup(copy)
        counts, names = _inventory(copy.cursor())
        copy.close()
    else:
        database = folder / "database.pgdump"
        # pg_dump copies the snapshot this transaction exports, so the counts and file names
        # read here are exactly what the dump holds, even while people keep working.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts, names = _inventory(cursor)
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={database}",
                ]
            )

    files = []
    for name, field in sorted(names.items()):
        target = folder / "files" / _safe_name(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        with field.storage.open(name, "rb") as source, open(target, "wb") as out:
            shutil.copyfileobj(source, out)
        files.append({"name": name, "size": target.stat().st_size, "sha256": sha256_file(target)})

    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "engine": engine,
        "database": database.name,
        "database_sha256": sha256_file(database),
        "counts": counts,
        "files": files,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    return Report(folder, engine, counts, len(files), sum(f["size"] for f in files))


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name or not path.parts:
        raise BackupError(f"Tên tệp không hợp lệ trong bản sao lưu: {name!r}")
    return path


def read_manifest(folder: Path) -> dict:
    """Load the manifest and check every file in the backup against its SHA-256."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except FileNotFoundError:
        raise BackupError(f"{folder} không phải thư mục sao lưu (thiếu manifest.json).") from None
    if manifest.get("format") != FORMAT:
        raise BackupError("Bản sao lưu có định dạng không được hỗ trợ.")
    database = folder / _safe_name(manifest["database"])
    if not database.exists() or sha256_file(database) != manifest["database_sha256"]:
        raise BackupError(f"Tệp cơ sở dữ liệu {database.name} bị thiếu hoặc đã bị thay đổi.")
    for entry in manifest["files"]:
        path = folder / "files" / _safe_name(entry["name"])
        if not path.exists() or sha256_file(path) != entry["sha256"]:
            raise BackupError(f"Tệp {entry['name']} trong bản sao lưu bị thiếu hoặc đã bị thay đổi.")
    return manifest


def database_is_empty() -> bool:
    """True when no row of the project's own data exists (a fresh or freshly migrated database)."""
    tables = set(connection.introspection.table_names())
    for label in OWN_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.db_table in tables and model._base_manager.exists():
                return False
    return True


def restore(folder: Path) -> Report:
    """Restore a backup into an empty database and storage, then check it came back whole."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(
            f"Bản sao lưu của {manifest['engine']} chỉ khôi phục được vào {manifest['engine']} "
            f"(cơ sở dữ liệu hiện tại: {engine})."
        )
    if not database_is_empty():
        raise BackupError(
            "Cơ sở dữ liệu đích đã có dữ liệu. Chỉ khôi phục vào cơ sở dữ liệu trống để không ghi đè hồ sơ."
        )
    database = folder / manifest["database"]
    if engine == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(database)
        source.backup(connection.connection)
        source.close()
    else:
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={connection.settings_dict['NAME']}",
                str(database),
            ]
        )
        connection.close()
    with connection.cursor() as cursor:
        counts, field_for = _inventory(cursor)

    for entry in manifest["files"]:
        name = entry["name"]
        storage = field_for[name].storage if name in field_for else _default_storage()
        path = folder / "files" / _safe_name(name)
        if storage.exists(name):
            with storage.open(name, "rb") as existing:
                if hashlib.sha256(existing.read()).hexdigest() != entry["sha256"]:
                    raise BackupError(f"Kho tệp đã có tệp {name} khác với bản sao lưu.")
            continue
        with open(path, "rb") as handle:
            saved = storage.save(name, File(handle))
        if saved != name:
            raise BackupError(f"Không lưu được tệp {name} đúng tên (kho tệp đặt là {saved}).")

    differ = {
        label: (n, counts.get(label)) for label, n in manifest["counts"].items() if counts.get(label) != n
    }
    if differ:
        raise BackupError(f"Số bản ghi sau khi khôi phục không khớp: {differ}")
    return Report(folder, engine, counts, len(manifest["files"]), sum(f["size"] for f in manifest["files"]))


def _default_storage():
    from django.core.files.storage import default_storage

    return default_storage
