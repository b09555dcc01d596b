"""Do the stored files and the records agree?

Every model's FileFields are found at run time (`file_fields`), so a new one is covered
without a change here. `check_storage` lists

- stored files that no record refers to ("orphans"): e.g. the PDF of an issue whose process
  died after writing the file and before the commit, or an import preview never saved;
- records whose file is missing from storage;
- records whose file no longer has the SHA-256 stored beside it. A FileField `x` has its hash
  in a sibling field `x_sha256` when the model keeps one (Notice.pdf → pdf_sha256).

`delete_orphans` removes orphans older than a grace period only: a file written a moment ago
may belong to a transaction that has not committed yet (an issue in progress) or to a preview
a clerk is about to save.
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.apps import apps
from django.db import models
from django.utils import timezone

GRACE = timedelta(hours=1)


def file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    """Every concrete FileField (ImageField included) of every installed model."""
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.FileField) and model_field.concrete:
                yield model, model_field


@dataclass
class RecordFile:
    """One record's reference to a stored file."""

    model: type[models.Model]
    pk: int
    field: str
    name: str
    sha256: str = ""

    def __str__(self):
        return f"{self.model._meta.verbose_name} #{self.pk}, {self.field}: {self.name}"


@dataclass
class Orphan:
    name: str
    size: int
    modified: datetime | None
    storage: object = field(repr=False, default=None)

    def is_older_than(self, age: timedelta) -> bool:
        return age <= timedelta(0) or (self.modified is not None and self.modified <= timezone.now() - age)


@dataclass
class StorageReport:
    referenced: int = 0
    stored: int = 0
    orphans: list[Orphan] = field(default_factory=list)
    missing: list[RecordFile] = field(default_factory=list)
    mismatched: list[tuple[RecordFile, str]] = field(default_factory=list)  # (record, actual SHA-256)

    @property
    def problems(self) -> int:
        return len(self.orphans) + len(self.missing) + len(self.mismatched)


def _storages() -> dict[int, tuple[object, list[tuple[type[models.Model], models.FileField]]]]:
    grouped: dict[int, tuple[object, list]] = {}
    for model, model_field in file_fields():
        grouped.setdefault(id(model_field.storage), (model_field.storage, []))[1].append((model, model_field))
    return grouped


def _record_files(model, model_field) -> Iterator[RecordFile]:
    hash_field = f"{model_field.name}_sha256"
    has_hash = any(f.name == hash_field for f in model._meta.concrete_fields)
    columns = ["pk", model_field.name, *([hash_field] if has_hash else [])]
    rows = model._base_manager.exclude(**{model_field.name: ""}).values_list(*columns).order_by("pk")
    for pk, name, *digest in rows.iterator(chunk_size=2000):
        yield RecordFile(model, pk, model_field.name, name, digest[0] if digest else "")


def stored_names(storage, folder: str = "") -> Iterator[str]:
    """Every file name in `storage`, walking its folders."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)


def sha256_of(storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _modified(storage, name: str) -> datetime | None:
    try:
        return storage.get_modified_time(name)
    except (NotImplementedError, OSError):
        return None


def check_storage() -> StorageReport:
    """Compare every stored file with every record's file reference (read-only)."""
    report = StorageReport()
    for storage, fields in _storages().values():
        referenced = set()
        for model, model_field in fields:
            for record in _record_files(model, model_field):
                referenced.add(record.name)
                report.referenced += 1
                if not storage.exists(record.name):
                    report.missing.append(record)
                elif record.sha256 and sha256_of(storage, record.name) != record.sha256:
                    report.mismatched.append((record, sha256_of(storage, record.name)))
        for name in stored_names(storage):
            report.stored += 1
            if name not in referenced:
                report.orphans.append(Orphan(name, storage.size(name), _modified(storage, name), storage))
    return report


def delete_orphans(report: StorageReport, *, older_than: timedelta = GRACE) -> list[Orphan]:
    """Delete the report's orphans older than `older_than`; return those deleted.

    The references are read again first, so a file whose record was saved since the check
    (an issue that committed meanwhile) is kept.
    """
    referenced = {
        record.name for model, model_field in file_fields() for record in _record_files(model, model_field)
    }
    deleted = []
    for orphan in report.orphans:
        if orphan.name not in referenced and orphan.is_older_than(older_than):
            orphan.storage.delete(orphan.name)
            deleted.append(orphan)
    return deleted
