"""Hostile files against the app: print how fast they are refused and what they cost.

Run from the project folder:  .venv/bin/python bench/hostile_bench.py

1. The issue's zip bomb: a .docx of about 1.5 MB whose word/document.xml inflates to 413 MB
   (built on the fly, tests/security/hostile_files.py), uploaded by a clerk on the import page
   (Django's test client through every middleware) and given to `manage.py import_notice` (a
   process of its own). Time to the refusal, and how much the process grew: its peak resident
   size during the refusal (VmHWM, reset just before through /proc/self/clear_refs) minus its
   size just before, and for the command its peak against the same command on an ordinary
   notice. Targets: under 1 s, under 50 MB.
2. A 200 MB POST to the public verification page, read from a stream as a server reads it:
   time, bytes the app read, and the most bytes its temporary upload folder ever held
   (sampled on every read). Target: never more than the 50 MB limit on disk.

Everything runs in a throwaway SQLite database in a temporary folder, never the project's.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "security")]
WORK = Path(tempfile.mkdtemp(prefix="hostile-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(WORK / "media")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from hostile_files import MB, MultipartBody, bomb_docx, post_stream  # noqa: E402

from inspections.services.importing import import_demo_notices  # noqa: E402
from inspections.views.documents import VERIFY_MAX_BYTES  # noqa: E402
from units import demo as units_demo  # noqa: E402
from units.models import User  # noqa: E402


def status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def growth_of(action):
    """(seconds, MB the process grew at its peak while `action` ran, result)."""
    Path("/proc/self/clear_refs").write_text("5")  # peak resident size := current size
    before = status_kb("VmRSS")
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    return elapsed, (status_kb("VmHWM") - before) / 1024, result


def command_peak(path: Path) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, first line of output) of `manage.py import_notice path`."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_notice", str(path), "--by", "vanthu"],
        cwd=ROOT,
        env=os.environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = process.stdout.read()
    _, _, usage = os.wait4(process.pid, 0)  # this child's own peak, not the largest child's
    process.returncode = 0
    lines = output.strip().splitlines()
    return time.perf_counter() - started, usage.ru_maxrss / 1024, lines[0] if lines else ""


def _refused(path: Path) -> None:
    """`manage.py import_notice` in this process (no start-up time): it must refuse."""
    from django.core.management import CommandError

    try:
        call_command("import_notice", str(path), "--by", "vanthu", stderr=open(os.devnull, "w"))  # noqa: SIM115
    except CommandError:
        return
    raise AssertionError("the bomb was not refused")


def main() -> None:
    setup_test_environment()
    # No collectstatic in a throwaway run: pages link the static files by their plain names.
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }
    call_command("migrate", verbosity=0)
    board = units_demo.load()
    clerk = User.objects.get(username="vanthu")
    clerk.groups.add(Group.objects.get(name="clerk"))

    started = time.perf_counter()
    bomb = bomb_docx()
    path = WORK / "2880-bom.docx"
    path.write_bytes(bomb)
    print(f"zip bomb               {len(bomb) / MB:.2f} MB .docx, word/document.xml 413 MB inflated")
    print(f"                       (built in {time.perf_counter() - started:.1f} s)")

    client = Client()
    client.force_login(clerk)
    client.get("/imports/")  # warm: templates, python-docx imported
    ordinary = import_demo_notices(board)[0].notice
    from inspections.docx_export import notice_docx

    warm = SimpleUploadedFile("thong-bao.docx", notice_docx(ordinary))
    client.post("/imports/", {"file": warm})
    elapsed, grew, response = growth_of(
        lambda: client.post("/imports/", {"file": SimpleUploadedFile("2880.docx", bomb)})
    )
    message = response.context["form"].errors["file"][0]
    print(f"import page            refused in {elapsed * 1000:6.1f} ms, process grew {grew:5.1f} MB")
    print(f"                       “{message}”")

    elapsed, grew, _ = growth_of(lambda: _refused(path))
    print(f"import_notice (in)     refused in {elapsed * 1000:6.1f} ms, process grew {grew:5.1f} MB")

    normal = WORK / "2880.docx"
    normal.write_bytes(notice_docx(ordinary))
    normal_time, normal_peak, _ = command_peak(normal)
    bomb_time, bomb_peak, line = command_peak(path)
    print(
        f"import_notice          refused in {bomb_time:6.2f} s (the process, Django start-up included; "
        f"an ordinary notice: {normal_time:.2f} s)"
    )
    print(
        f"                       peak RSS {bomb_peak:5.1f} MB, an ordinary notice {normal_peak:5.1f} MB: "
        f"{bomb_peak - normal_peak:+.1f} MB"
    )
    print(f"                       {line}")

    uploads = WORK / "uploads"
    uploads.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(uploads)
    on_disk = []
    body = MultipartBody(
        {"csrfmiddlewaretoken": "CSRF-TOKEN"},
        "file",
        "ban-sao.pdf",
        200 * MB,
        on_read=lambda: on_disk.append(sum(p.stat().st_size for p in uploads.iterdir())),
    )
    from inspections.models import Notice

    Notice.objects.create(  # issued as one row: the page needs an issued notice with a code
        inspection=ordinary.inspection,
        organization=board,
        place="Hải Phòng",
        title=ordinary.title,
        created_by=clerk,
        status=Notice.Status.ISSUED,
        number=9999,
        year=2023,
        issued_on=ordinary.issued_on,
        verification_code="BENCHCODE",
        pdf_sha256="0" * 64,
    )
    elapsed, grew, response = growth_of(lambda: post_stream("/verify/BENCHCODE/", body))
    print(
        f"200 MB verification    answered {response.status_code} in {elapsed:5.2f} s, read "
        f"{body.consumed / MB:5.1f} MB of {body.length / MB:.0f} MB, temporary folder at most "
        f"{max(on_disk) / MB:5.1f} MB (limit {VERIFY_MAX_BYTES / MB:.0f} MB), process grew {grew:.1f} MB"
    )


if __name__ == "__main__":
    main()
