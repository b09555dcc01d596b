"""Import each demo seed, render its PDF, and count the seed's sentences found in order.

Run: .venv/bin/python bench/import_roundtrip.py   (uses a throw-away SQLite database)
Prints one line per seed and writes the table into docs/import-roundtrip.md.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/roundtrip.sqlite3"
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from inspections import demo as records_demo  # noqa: E402
from inspections.importing.roundtrip import matched_in_order, pdf_text, seed_body, sentences  # noqa: E402
from inspections.models import Notice  # noqa: E402
from inspections.pdf import render_notice_pdf  # noqa: E402
from inspections.services.importing import DEMO_DATA, DEMO_FILES, import_demo_notices  # noqa: E402
from units import demo as units_demo  # noqa: E402
from units.models import Organization  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    # The demo's own 2880 and 2819 are made by the app (load_demo); here the seeds are imported
    # into the demo's records instead, which is what this measures.
    records_demo.load(units_demo.load())
    import_demo_notices(Organization.objects.default())
    rows = []
    for name in DEMO_FILES:
        number = int(name.split("-")[0])
        notice = Notice.objects.get(number=number, year=2023, imported=True)
        started = time.perf_counter()
        text = pdf_text(render_notice_pdf(notice))
        elapsed = time.perf_counter() - started
        wanted = sentences(seed_body((DEMO_DATA / name).read_text(encoding="utf-8")))
        found, missing = matched_in_order(wanted, text)
        rows.append((name, notice.reference, found, len(wanted), elapsed, missing))
        print(f"{name}: {found}/{len(wanted)} sentences in order ({elapsed * 1000:.0f} ms render+extract)")
        for sentence in missing:
            print(f"    missing: {sentence[:100]}")
    table = "\n".join(
        f"| `{name}` | {reference} | {found}/{total} ({100 * found / total:.0f} %) | {ms * 1000:.0f} ms |"
        for name, reference, found, total, ms, _ in rows
    )
    doc = ROOT / "docs" / "import-roundtrip.md"
    text = doc.read_text(encoding="utf-8")
    begin, end = "<!-- figures:begin -->", "<!-- figures:end -->"
    head, _, rest = text.partition(begin)
    _, _, tail = rest.partition(end)
    figures = (
        "| seed file | notice | sentences found in order | render + extract |\n|---|---|---|---|\n" + table
    )
    doc.write_text(f"{head}{begin}\n{figures}\n{end}{tail}", encoding="utf-8")
    print(f"written: {doc.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
