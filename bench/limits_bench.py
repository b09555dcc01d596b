"""Bounded work per request (issue 18): the import parser on its worst inputs, the upload page
with 5 MB files, and the render of the largest notice the forms allow.

Run: .venv/bin/python bench/limits_bench.py
Uses a throw-away SQLite database with the demo data (manage.py load_demo) in a temp folder.
Prints figures only; record them in docs/benchmarks.md.
"""

import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="limits-bench-"))
sys.path[:0] = [str(ROOT)]
os.environ.update(
    DJANGO_SETTINGS_MODULE="config.settings",
    DATABASE_URL=f"sqlite:///{WORK / 'bench.sqlite3'}",
    MEDIA_ROOT=str(WORK / "media"),
    ALLOWED_HOSTS="testserver",
    DEBUG="false",
)

import django  # noqa: E402

django.setup()

import warnings  # noqa: E402

from django.conf import settings  # noqa: E402

# Pages link plain static names (no collectstatic into a manifest for a throw-away run).
settings.STORAGES = settings.STORAGES | {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
}

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from inspections.importing import ImportRefused, read_notice  # noqa: E402
from inspections.importing.decode import MAX_BYTES  # noqa: E402
from inspections.importing.parsed import ParsedNotice  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")
HEAD = "Số: 2880/TB-BQL\nHải Phòng, ngày 14 tháng 6 năm 2023\nTHÔNG BÁO\nKết quả kiểm tra\n\n"


def lines_of(unit: str, size: int, width: int = 19_000) -> bytes:
    line = (unit * (width // len(unit) + 1))[:width]
    text = HEAD + (line + "\n") * (size // width + 1)
    return text.encode()[:size].decode("utf-8", "ignore").encode()


WORST = {
    "one line: 'Số: ' + '~' × 5 MB": lambda size: ("Số: " + "~" * size).encode()[:size],
    "lines of '~'": lambda size: lines_of("~", size),
    "lines of '~~a~~ a '": lambda size: lines_of("~~a~~ a ", size),
    "lines of digits": lambda size: lines_of("1", size),
    "lines of '*a '": lambda size: lines_of("*a ", size),
    "lines of '\\~'": lambda size: lines_of("\\~", size),
    "page-break joins": lambda size: (HEAD + ("một hai ba " * 40 + "\n\n") * (size // 442 + 1)).encode()[
        :size
    ],
}


def seconds(func) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        outcome = func()
    except ImportRefused as refusal:
        outcome = f"refused: {refusal.message[:60]}"
    return time.perf_counter() - start, outcome


def old_clean_line(text: str, line: int, notice: ParsedNotice) -> str:
    """The struck-text loop as it was before issue 18 (parse_text.clean_line), for comparison."""
    struck = re.compile(r"~~(.+?)~~")
    while match := struck.search(text):
        inner = match[1].strip()
        after = text[match.end() :].lstrip()
        if inner and after.startswith(inner):
            text = text[: match.start()] + after
            notice.problem(line, match[0], "drop", "note")
        else:
            text = text[: match.start()] + inner + text[match.end() :]
            notice.problem(line, match[0], "keep", "note")
    return " ".join(text.split())


def parser() -> None:
    print("## Parser (inspections.importing.read_notice), seconds")
    for name, make in WORST.items():
        figures = []
        for size in (MAX_BYTES // 4, MAX_BYTES // 2, MAX_BYTES):
            elapsed, outcome = seconds(
                lambda make=make, size=size: read_notice(make(size), "x.txt") and "read"
            )
            figures.append(f"{size / 2**20:.2f} MB {elapsed:.2f} s")
        print(f"- {name}: {'; '.join(figures)} ({outcome})")
    print("## Before: the old struck-text loop on one line of '~~a~~ b ', seconds")
    for size in (25_000, 50_000, 100_000, 200_000):
        text = ("~~a~~ b " * (size // 8 + 1))[:size]
        elapsed, _ = seconds(lambda text=text: old_clean_line(text, 1, ParsedNotice()))
        print(f"- {size // 1000} KB: {elapsed:.2f} s")


def pages() -> None:
    from django.test.utils import setup_test_environment

    from units.models import User

    setup_test_environment()  # the test client then keeps each response's template context

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    client = Client()
    client.force_login(User.objects.get(username="vanthu"))
    print("## Upload page (POST /imports/, Django test client, in-process), seconds")
    for name in ("one line: 'Số: ' + '~' × 5 MB", "lines of '~'"):
        data = WORST[name](MAX_BYTES)
        upload = SimpleUploadedFile("x.txt", data, "text/plain")
        start = time.perf_counter()
        response = client.post(reverse("inspections:import-upload"), {"file": upload})
        elapsed = time.perf_counter() - start
        form = response.context.get("form")
        what = f"refused next to the field: {form.errors['file'][0][:50]}…" if form else "preview"
        print(f"- {name}, {len(data) / 2**20:.2f} MB: HTTP {response.status_code}, {what}, {elapsed:.2f} s")

    from inspections.models import Notice, NoticeItem, NoticeRecipient
    from inspections.pdf import render_notice_pdf
    from inspections.services.notices import draft_notice

    inspector = User.objects.get(username="kiemtra")
    client.force_login(inspector)
    notice = draft_notice(Notice.objects.first().inspection, by=inspector)
    edit = reverse("inspections:notice-edit", args=[notice.pk])
    page = client.get(edit)
    assert page.status_code == 200, (page.status_code, page.get("Location"))
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    start = time.perf_counter()
    response = client.post(edit, data | {"opening": "Căn cứ " + "x" * (2**20 - 7)})
    elapsed = time.perf_counter() - start
    refused = "Tối đa 10.000 ký tự (hiện có 1.048.576)." in response.content.decode()
    print(
        f"## A 1 MB opening posted to the edit page: HTTP {response.status_code}, refused with the limit: "
        f"{refused}, {elapsed:.2f} s"
    )

    sentence = "Phòng chuyên môn đã thực hiện đúng quy định về kỷ luật, kỷ cương hành chính. "
    paragraph = (sentence * 140)[:10_000]
    Notice.objects.filter(pk=notice.pk).update(opening=paragraph, closing=paragraph)
    notice.items.all().delete()
    notice.recipients.all().delete()
    NoticeItem.objects.bulk_create(
        NoticeItem(notice=notice, position=n, text=paragraph[:5_000]) for n in range(1, 51)
    )
    NoticeRecipient.objects.bulk_create(
        NoticeRecipient(notice=notice, position=n, text=("Phòng " * 60)[:300]) for n in range(1, 31)
    )
    notice.refresh_from_db()
    render_notice_pdf(Notice.objects.exclude(pk=notice.pk).first())  # warm WeasyPrint up
    start = time.perf_counter()
    pdf = render_notice_pdf(notice)
    elapsed = time.perf_counter() - start
    print(
        "## The largest notice the forms allow (opening and closing of 10,000 characters, "
        f"50 items of 5,000, 30 recipients of 300): draft render {elapsed:.1f} s, {len(pdf) // 1024} KB"
    )


if __name__ == "__main__":
    parser()
    pages()
