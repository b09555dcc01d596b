"""Migrations are history: what they run must not change when live application code is edited.

Django writes references to application callables into field definitions (`upload_to=`,
`validators=`, `default=`): those describe the field and run no code while migrating. Anything
else a migration takes from the application (a function it calls in RunPython, SQL it runs)
must be frozen into the migration itself.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps

APPS = ("inspections", "units")
FIELD_REFERENCES = {"upload_to", "validators", "default"}


def migration_files():
    for app in APPS:
        folder = Path(apps.get_app_config(app).path) / "migrations"
        yield from sorted(folder.glob("0*.py"))


def live_uses(path: Path) -> list[str]:
    """Names from the application's own modules used outside field definitions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.asname or alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in APPS:
            return [f"from {node.module} import …"]  # a live name bound at import time
    roots = imported & set(APPS)

    def in_field_reference(node) -> bool:
        while node in parents:
            node = parents[node]
            if isinstance(node, ast.keyword) and node.arg in FIELD_REFERENCES:
                return True
        return False

    return [
        ast.unparse(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and node.id in roots and not in_field_reference(node)
    ]


@pytest.mark.parametrize("path", list(migration_files()), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_a_migration_runs_no_live_application_code(path):
    uses = live_uses(path)
    assert not uses, f"{path.name} uses {uses}; freeze what it needs into the migration"
