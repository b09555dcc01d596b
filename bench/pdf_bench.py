"""Benchmark the notice PDF: draft render (first and warm), headless Chromium for the same page,
signing, issuing, serving an issued PDF through the view, and merged printing of 11 notices.

Run: .venv/bin/python bench/pdf_bench.py [--no-chromium]
Uses a throw-away SQLite database, media folder and self-signed certificate in a temp folder.
Prints figures only; record them in docs/benchmarks.md.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="pdf-bench-"))
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "pdf")]
os.environ.update(
    DJANGO_SETTINGS_MODULE="config.settings",
    DATABASE_URL=f"sqlite:///{WORK / 'bench.sqlite3'}",
    MEDIA_ROOT=str(WORK / "media"),
    SIGNING_P12=str(WORK / "signing.p12"),
    SIGNING_P12_PASSWORD="bench",
    ALLOWED_HOSTS="testserver,localhost",
    DEBUG="false",
)

import django  # noqa: E402

django.setup()

import warnings  # noqa: E402

from django.core.files.base import ContentFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")


def median_ms(func, runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), times


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def setup_data():
    from django.contrib.auth.models import Group
    from pdf_seed_notices import build_seed_notice

    from inspections.signing import make_signing_cert
    from units.models import Organization, User

    call_command("migrate", verbosity=0)
    organization = Organization.objects.create(
        name="Ban Quản lý Khu kinh tế Hải Phòng",
        parent_name="UBND thành phố Hải Phòng",
        abbreviation="BQL",
        place="Hải Phòng",
    )
    signer = User.objects.create(username="hai", full_name="Bùi Ngọc Hải", title="Phó Trưởng ban")
    clerk = User.objects.create(username="vanthu", full_name="Phạm Thị Hoa")
    clerk.groups.set(Group.objects.filter(name="clerk"))
    make_signing_cert(os.environ["SIGNING_P12"], "bench", organization.name)

    def build(number, numbered=True):
        return build_seed_notice(
            number, organization=organization, signer=signer, created_by=clerk, numbered=numbered
        )

    return build, clerk


def issue(notice, data):
    import hashlib

    notice.pdf.save(f"{notice.number}.pdf", ContentFile(data), save=False)
    notice.pdf_sha256 = hashlib.sha256(data).hexdigest()
    notice.status = "issued"
    notice.save()
    return notice


def chromium_warm(html: str, runs: int) -> float | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    page_file = WORK / "notice.html"
    css = (ROOT / "static" / "css" / "print.css").as_uri()
    page_file.write_text(html.replace("<head>", f'<head><link rel="stylesheet" href="{css}">', 1), "utf-8")
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    args += ["--disable-component-update", "--disable-sync"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_page()

        def render():
            page.goto(page_file.as_uri())
            page.pdf(prefer_css_page_size=True)

        render()
        render()
        warm, _ = median_ms(render, runs)
        browser.close()
    return warm


def main():
    build, clerk = setup_data()
    from django.template.loader import render_to_string

    from inspections import pdf, signing

    draft = build(2880, numbered=False)
    start = time.perf_counter()
    first_pdf = pdf.render_notice_pdf(draft)
    first = (time.perf_counter() - start) * 1000
    pdf.render_notice_pdf(draft)
    rss_before = rss_mb()
    warm, _ = median_ms(lambda: pdf.render_notice_pdf(draft), 20)
    rss_after = rss_mb()
    print(f"draft render, first in process (imports WeasyPrint): {first:8.1f} ms ({len(first_pdf)} bytes)")
    print(f"draft render, warm, median of 20 (2-page seed 2880): {warm:8.1f} ms")
    print(f"memory over those 20 renders: {rss_before:.1f} MB -> {rss_after:.1f} MB RSS")

    if "--no-chromium" not in sys.argv:
        html = render_to_string("inspections/pdf/notice.html", {"doc": pdf.notice_document(draft)})
        chromium = chromium_warm(html, 20)
        if chromium is not None:
            print(f"headless Chromium kept warm, same page, median of 20: {chromium:8.1f} ms")

    notice = build(2880)
    import pyhanko.sign.signers  # noqa: F401  (importing pyHanko is not loading the key)

    start = time.perf_counter()
    signing.load_signer()
    loaded = (time.perf_counter() - start) * 1000
    print(f"load the PKCS#12 key (once per process):               {loaded:8.1f} ms")
    block = {"signer": "x", "title": "x", "organization": "x", "time": "x"}
    document = pdf.notice_document(notice, signature=block)
    rendered = pdf._layout(pdf.NOTICE_TEMPLATE, {"doc": document}, pdf_variant=pdf.PDF_VARIANT)
    page, box = pdf._signature_box(rendered)
    unsigned = rendered.write_pdf(pdf_variant=pdf.PDF_VARIANT)
    sign, _ = median_ms(lambda: signing.sign_pdf(unsigned, page=page, box=box, name="Bùi Ngọc Hải"), 20)
    print(f"sign (PAdES, cached key), median of 20:                {sign:8.1f} ms")
    issued_ms, _ = median_ms(lambda: pdf.render_issued_pdf(notice), 10)
    print(f"issued render (PDF/A + QR + signature), median of 10:  {issued_ms:8.1f} ms")

    data = pdf.render_issued_pdf(notice)
    issue(notice, data)
    client = Client()
    client.force_login(clerk)
    url = reverse("inspections:notice-pdf", args=[notice.pk])

    def serve():
        response = client.get(url)
        assert b"".join(response.streaming_content) == data

    serve()
    served, _ = median_ms(serve, 100)
    read, _ = median_ms(lambda: notice.pdf.open("rb").read(), 100)
    print(f"serve issued PDF through the view, median of 100:      {served:8.2f} ms")
    print(f"  (of which reading the stored file:                    {read:8.3f} ms)")
    print(f"  warm render / serve: {warm / served:,.0f}x")

    ids = [notice.pk]
    for number in range(2881, 2891):
        other = build(2819)
        other.number = number
        other.verification_code = f"B{number}"
        other.save()
        ids.append(issue(other, pdf.render_issued_pdf(other)).pk)
    merged_url = reverse("inspections:print-merged")

    def merge():
        response = client.post(merged_url, {"notices": ids})
        assert response.status_code == 200

    merged, _ = median_ms(merge, 5)
    print(f"merged print of 11 issued notices, median of 5:        {merged:8.1f} ms")


if __name__ == "__main__":
    main()
