"""Back up and restore the whole record: the database and every stored file it refers to.

A backup is a folder:

    manifest.json        engine, database file and its SHA-256, row counts per model, and
                         for every stored file (issued PDFs, evidence, imported sources) its
                         name, size and SHA-256
    database.sqlite3     SQLite: a consistent copy made with SQLite's online backup API
    database.pgdump      PostgreSQL: `pg_dump --format=custom` (restored with `pg_restore`)
    files/<name>         each stored file under its storage name

    manifest.json.hmac   HMAC-SHA256 of manifest.json's bytes under BACKUP_KEY (hex)

The manifest is authenticated with a key kept outside the backup (settings.BACKUP_KEY, from
the environment; README "Security and backups"): whoever swaps a PDF in the backup and updates
its hash in the manifest cannot make a valid HMAC. Restore refuses without the key, refuses a
manifest whose HMAC does not match, and, after the database is back, re-checks every issued
notice's file against the record's own `pdf_sha256` and every guard trigger (reinstalled if
missing) before it writes a single file; any mismatch empties the target again. Backups are
written readable by their owner only (folders 0700, files 0600).

An interrupted restore (a crash while files are copied: the database part is one transaction
on PostgreSQL and one step of SQLite's backup API) leaves a database whose rows are exactly
the backup's: running `restore_data` again resumes it (files already in place and identical
are kept, a half-written one is replaced); `restore_data --rollback` empties the database and
removes the files this backup put in storage instead.

Each engine's own tool makes the copy (consistent while the app runs, fast, restorable by the
engine's standard tools without this code). A backup restores into the same engine; to move
between engines use `manage.py dumpdata`/`loaddata` instead.
"""

import contextlib
import hashlib
import hmac
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection, models, transaction
from django.utils import timezone

from inspections import dbguards
from inspections.services.storage import file_fields

FORMAT = 2  # 2: the manifest carries an HMAC (format 1 had none and is refused)
SIGNATURE = "manifest.json.hmac"
PART_SUFFIX = ".restore-part"
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


def backup_key() -> bytes:
    """The key that authenticates manifests: settings.BACKUP_KEY, kept outside every backup.

    Without it, backup and restore refuse, except in DEBUG (development), where a key derived
    from SECRET_KEY is used so that a developer's round trip works; such a backup restores
    only where the same SECRET_KEY is set.
    """
    if settings.BACKUP_KEY:
        return settings.BACKUP_KEY.encode()
    if settings.DEBUG:
        return hmac.new(settings.SECRET_KEY.encode(), b"inspections.backup", hashlib.sha256).digest()
    raise BackupError(
        "Chưa đặt khóa sao lưu BACKUP_KEY (biến môi trường). Khóa xác thực manifest của bản sao lưu "
        "và phải cất ngoài bản sao lưu (README, mục Security and backups)."
    )


def manifest_hmac(data: bytes, key: bytes) -> str:
    return hmac.new(key, data, hashlib.sha256).hexdigest()


@contextlib.contextmanager
def _private_umask():
    """Files and folders created inside are readable by their owner only (0600 / 0700)."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


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
    """Write a complete backup into `folder` (which must be new or empty), owner-only."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"Thư mục {folder} đã có dữ liệu; hãy chọn một thư mục mới.")
    key = backup_key()
    with _private_umask():
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o700)
        return _backup(folder, key)


def _backup(folder: Path, key: bytes) -> Report:
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
    data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
    (folder / "manifest.json").write_bytes(data)
    (folder / SIGNATURE).write_text(manifest_hmac(data, key) + "\n")
    return Report(folder, engine, counts, len(files), sum(f["size"] for f in files))


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name or not path.parts:
        raise BackupError(f"Tên tệp không hợp lệ trong bản sao lưu: {name!r}")
    return path


def read_manifest(folder: Path) -> dict:
    """Load the manifest, check its HMAC, and check every file in the backup against its SHA-256."""
    folder = Path(folder)
    try:
        data = (folder / "manifest.json").read_bytes()
    except FileNotFoundError:
        raise BackupError(f"{folder} không phải thư mục sao lưu (thiếu manifest.json).") from None
    key = backup_key()
    try:
        signature = (folder / SIGNATURE).read_text().strip()
    except FileNotFoundError:
        raise BackupError(
            f"Bản sao lưu thiếu {SIGNATURE}: không xác thực được manifest, không khôi phục."
        ) from None
    if not hmac.compare_digest(signature, manifest_hmac(data, key)):
        raise BackupError(
            "Manifest của bản sao lưu không khớp chữ ký HMAC: manifest đã bị sửa, hoặc BACKUP_KEY "
            "không phải khóa đã dùng khi sao lưu. Không khôi phục."
        )
    manifest = json.loads(data)
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


RESUME_HINT = (
    "Nếu đó là một lần khôi phục bị gián đoạn từ chính bản sao lưu này, chạy lại restore_data để "
    "tiếp tục; để xóa sạch đích rồi làm lại: manage.py restore_data --rollback <thư mục sao lưu>."
)


@dataclass
class Restored(Report):
    resumed: bool = False


def _database_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return _inventory(cursor)[0]


MARKER = "restore-in-progress.json"  # in the default storage while a restore runs


def _marker_text(folder: Path) -> str:
    return json.dumps({"backup": str(folder.resolve()), "hmac": (folder / SIGNATURE).read_text().strip()})


def _is_this_backups_restore(folder: Path, manifest: dict) -> bool:
    """A restore of this very backup was interrupted here: its marker is in storage (written
    before the database part began) and the database holds exactly the backup's rows."""
    storage = _default_storage()
    if not storage.exists(MARKER):
        return False
    with storage.open(MARKER, "rb") as handle:
        if handle.read().decode() != _marker_text(folder):
            return False
    try:
        return _database_counts() == manifest["counts"]
    except Exception:  # a table of the backup missing here: not this backup's restore
        return False


def _set_marker(folder: Path) -> None:
    storage = _default_storage()
    if storage.exists(MARKER):
        storage.delete(MARKER)
    storage.save(MARKER, ContentFile(_marker_text(folder).encode()))


def _clear_marker() -> None:
    _default_storage().delete(MARKER)


def restore(folder: Path) -> Restored:
    """Restore a backup into an empty database and storage, then check it came back whole.

    A database that already holds exactly this backup's rows is taken as an interrupted restore
    of it and resumed; any other non-empty database is refused (RESUME_HINT).
    """
    folder = Path(folder)
    manifest = read_manifest(folder)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(
            f"Bản sao lưu của {manifest['engine']} chỉ khôi phục được vào {manifest['engine']} "
            f"(cơ sở dữ liệu hiện tại: {engine})."
        )
    resumed = not database_is_empty()
    if resumed and not _is_this_backups_restore(folder, manifest):
        raise BackupError(
            "Cơ sở dữ liệu đích đã có dữ liệu. Chỉ khôi phục vào cơ sở dữ liệu trống để không ghi đè "
            f"hồ sơ. {RESUME_HINT}"
        )
    if not resumed:
        _set_marker(folder)  # before the database part: an interruption from here is resumable
        _restore_database(folder / _safe_name(manifest["database"]), engine)
    try:
        counts, field_for = _check_restored_database(folder, manifest)
    except BackupError:
        _empty_database()
        _clear_marker()
        raise
    for entry in manifest["files"]:
        name = entry["name"]
        storage = field_for[name].storage if name in field_for else _default_storage()
        if storage.exists(name) and _stored_sha256(storage, name) == entry["sha256"]:
            continue  # restored before an interruption, or already there and identical
        if storage.exists(name) and not resumed:
            raise BackupError(f"Kho tệp đã có tệp {name} khác với bản sao lưu. {RESUME_HINT}")
        _place(storage, name, folder / "files" / _safe_name(name))
    _clear_marker()
    return Restored(
        folder,
        engine,
        counts,
        len(manifest["files"]),
        sum(f["size"] for f in manifest["files"]),
        resumed=resumed,
    )


def _restore_database(database: Path, engine: str) -> None:
    if engine == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(database)
        source.backup(connection.connection)  # one step: the whole copy or nothing
        source.close()
        return
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


def _check_restored_database(folder: Path, manifest: dict) -> tuple[dict[str, int], dict]:
    """Row counts, guard triggers, and every issued notice's file against its own record."""
    with connection.cursor() as cursor:
        counts, field_for = _inventory(cursor)
    differ = {
        label: (n, counts.get(label)) for label, n in manifest["counts"].items() if counts.get(label) != n
    }
    if differ:
        raise BackupError(f"Số bản ghi sau khi khôi phục không khớp: {differ}")
    if dbguards.missing(connection):  # a backup whose triggers were dropped: put them back
        try:
            with transaction.atomic():
                dbguards.install(connection)
        except Exception as error:
            raise BackupError(f"Không cài lại được trigger bảo vệ sau khi khôi phục: {error}") from error
    if missing := dbguards.missing(connection):
        raise BackupError(f"Sau khi khôi phục vẫn thiếu trigger bảo vệ: {', '.join(missing)}.")
    listed = {entry["name"] for entry in manifest["files"]}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT number, symbol, year, pdf, pdf_sha256 FROM inspections_notice "
            "WHERE status = 'issued' AND pdf <> '' ORDER BY id"
        )
        issued = cursor.fetchall()
    for number, symbol, year, name, recorded in issued:
        path = folder / "files" / _safe_name(name)
        if name not in listed or not path.exists() or sha256_file(path) != recorded:
            raise BackupError(
                f"Tệp {name} của thông báo đã ban hành {number}/{symbol} năm {year} trong bản sao lưu "
                "không khớp mã SHA-256 ghi trong hồ sơ khi ban hành. Không khôi phục; cơ sở dữ liệu "
                "đích đã được làm trống lại."
            )
    return counts, field_for


def _stored_sha256(storage, name: str) -> str:
    with storage.open(name, "rb") as existing:
        return hashlib.sha256(existing.read()).hexdigest()


def _place(storage, name: str, source: Path) -> None:
    """Put `source` into storage as `name`: on a file system, written under a temporary name and
    renamed, so an interruption never leaves a half-written file under the final name."""
    try:
        target = Path(storage.path(name))
    except NotImplementedError:  # not a file system: the storage's own save
        if storage.exists(name):
            storage.delete(name)
        with open(source, "rb") as handle:
            saved = storage.save(name, File(handle))
        if saved != name:
            raise BackupError(f"Không lưu được tệp {name} đúng tên (kho tệp đặt là {saved}).") from None
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + PART_SUFFIX)
    shutil.copyfile(source, part)
    os.replace(part, target)


def _empty_database() -> None:
    call_command("flush", interactive=False, verbosity=0)


def rollback(folder: Path) -> tuple[int, int]:
    """Empty a target that an interrupted restore of `folder` left behind; return
    (rows removed, files removed). Refuses a database that holds anything else."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    rows = 0
    if not database_is_empty():
        if not _is_this_backups_restore(folder, manifest):
            raise BackupError(
                "Cơ sở dữ liệu đích có dữ liệu khác với bản sao lưu này: không xóa. Chỉ làm trống "
                "đích của một lần khôi phục dở dang từ chính bản sao lưu này."
            )
        rows = sum(_database_counts().values())
        _empty_database()
    storage = _default_storage()
    files = 0
    for entry in manifest["files"]:
        name = entry["name"]
        if storage.exists(name) and _stored_sha256(storage, name) == entry["sha256"]:
            storage.delete(name)
            files += 1
        with contextlib.suppress(NotImplementedError, FileNotFoundError):
            Path(storage.path(name + PART_SUFFIX)).unlink()
    _clear_marker()
    return rows, files


def _default_storage():
    from django.core.files.storage import default_storage

    return default_storage
