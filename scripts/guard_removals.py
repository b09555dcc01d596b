"""Remove each guard named in issue 16, one at a time, and check that the test suite fails.

    .venv/bin/python scripts/guard_removals.py            # every guard (a few minutes)
    .venv/bin/python scripts/guard_removals.py etag       # one of them

Each removal edits one file in place, runs the suite (`-x`: it stops at the first failure,
so a caught removal costs seconds) and puts the file back, whatever happens. A guard whose
removal leaves the suite green is printed as SURVIVED and the script exits 1.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# name -> (file, the guard as written, what is left without it)
REMOVALS = {
    "signer-before-submit": (
        "inspections/services/lifecycle.py",
        '"submit": [_signer_chosen],',
        '"submit": [],',
    ),
    "replace-only-issued": (
        "inspections/models/notices.py",
        '"replace": Transition((Status.ISSUED,), None, "inspections.add_notice"),',
        '"replace": Transition(tuple(Status), None, "inspections.add_notice"),',
    ),
    "finding-missing-version": (
        "inspections/forms/records.py",
        'if self.instance.pk and data.get("version") is None:',
        "if False:",
    ),
    "issue-failure-deletes-pdf": (
        "inspections/services/issuing.py",
        "        sealed.discard()\n",
        "        pass\n",
    ),
    "signing-block-tm": (
        "inspections/composer.py",
        "authority_title = organization.name.upper()",
        "authority_title = head",
    ),
    "signing-block-q": (
        "inspections/composer.py",
        'signer_title = "" if authority == Notice.Authority.Q else title',
        "signer_title = title",
    ),
    "issued-file-hash-check": (  # issue 17
        "inspections/services/integrity.py",
        "if actual != notice.pdf_sha256:",
        "if False:",
    ),
    "etag-on-issued-pdf": (
        "inspections/views/documents.py",
        """response["ETag"] = f'"{notice.pdf_sha256}"'""",
        "pass",
    ),
}


def run(name: str) -> bool:
    """True when the suite fails without the guard (the guard is tested)."""
    path, guard, without = REMOVALS[name]
    file = ROOT / path
    original = file.read_text(encoding="utf-8")
    if original.count(guard) != 1:
        raise SystemExit(f"{name}: the guard is not found exactly once in {path}; update this script")
    try:
        file.write_text(original.replace(guard, without), encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-x", "-m", "not browser"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    finally:
        file.write_text(original, encoding="utf-8")
    last = (result.stdout.strip().splitlines() or [""])[-1]
    print(f"{'CAUGHT  ' if result.returncode else 'SURVIVED'} {name}: {last}", flush=True)
    return result.returncode != 0


def main(names: list[str]) -> int:
    unknown = set(names) - set(REMOVALS)
    if unknown:
        raise SystemExit(f"unknown guard(s) {sorted(unknown)}; known: {', '.join(REMOVALS)}")
    caught = [run(name) for name in names or REMOVALS]
    return 0 if all(caught) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
