"""Migrations are history: they must not change when live application code is edited."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

# Django writes references to `upload_to` callables into migrations by their dotted path; those
# are the only application names a migration may import, and only from a models module.
ALLOWED_PREFIXES = ("django", "inspections.models.", "units.models")


def migration_files():
    for app in ("inspections", "units"):
        folder = Path(apps.get_app_config(app).path) / "migrations"
        yield from sorted(p for p in folder.glob("0*.py"))


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("path", list(migration_files()), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_a_migration_imports_no_live_application_code(path):
    live = {name for name in imported_modules(path) if not name.startswith(ALLOWED_PREFIXES)}
    assert not live, f"{path.name} imports {sorted(live)}; freeze what it needs into the migration"
