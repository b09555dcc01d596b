"""Benchmark the notice PDF: draft render (first and warm), headless Chromium for the same page,
the signing pipeline (render to sign, the leader's signature, number-and-seal with the board's
signature, validation; PKCS#12 and PKCS#11 keys), the whole approve and issue services, serving
an issued PDF through the view, and merged printing of 11 notices.

Run: .venv/bin/python bench/pdf_bench.py [--no-chromium]
Uses a throw-away SQLite database, media folder, self-signed certificates and a SoftHSM2 token
folder in a temp folder. Prints figures only; record them in docs/benchmarks.md.
Targets (issue 12): each signature under 150 ms median with a cached key, PKCS#11 included;
the whole issue under 600 ms median.
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
SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
(WORK / "tokens").mkdir()
(WORK / "softhsm2.conf").write_text(f"directories.tokendir = {WORK / 'tokens'}\nobjectstore.backend = file\n")
os.environ.update(
    SOFTHSM2_CONF=str(WORK / "softhsm2.conf"),
    SIGNING_PKCS11_MODULE=SOFTHSM_MODULE,
    SIGNING_PKCS11_PIN="13579",
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

    from inspections.demo_signing import DEMO_VALID_FROM
    from inspections.signing.certificates import make_signing_cert
    from units.models import Organization, User

    call_command("migrate", verbosity=0)
    organization = Organization.objects.create(
        name="Ban Quản lý Khu kinh tế Hải Phòng",
        parent_name="UBND thành phố Hải Phòng",
        abbreviation="BQL",
        place="Hải Phòng",
    )
    signer = User.objects.create(username="hai", full_name="Bùi Ngọc Hải", title="Phó Trưởng ban")
    signer.groups.set(Group.objects.filter(name="leader"))
    clerk = User.objects.create(username="vanthu", full_name="Phạm Thị Hoa")
    clerk.groups.set(Group.objects.filter(name="clerk"))
    inspector = User.objects.create(username="kiemtra", full_name="Nguyễn Thu Hà")
    inspector.groups.set(Group.objects.filter(name="inspector"))
    admin = User.objects.create(username="quantri", is_staff=True, is_superuser=True)
    make_signing_cert(os.environ["SIGNING_P12"], "bench", organization.name, not_before=DEMO_VALID_FROM)

    def build(number, numbered=True):
        return build_seed_notice(
            number, organization=organization, signer=signer, created_by=inspector, numbered=numbered
        )

    return build, organization, signer, clerk, inspector, admin


def register_keys(organization, signer, admin):
    """The leader's key as PKCS#12 (registered) and on a SoftHSM2 token; the board's in SIGNING_P12
    (registered, with its seal) and on a second token. Returns the four certificate records."""
    import subprocess

    import pkcs11
    from cryptography.hazmat.primitives import serialization

    from inspections.demo_signing import DEMO_VALID_FROM
    from inspections.models import Certificate, SigningImage
    from inspections.services.certificates import read_upload, register_certificate, save_signing_image
    from inspections.signing import certificates, images

    def token(label, pin, key):
        subprocess.run(
            ["softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", "1234", "--pin", pin],
            check=True,
            capture_output=True,
        )
        pem = WORK / f"{label}.pem"
        pem.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        subprocess.run(
            [
                "softhsm2-util",
                "--import",
                str(pem),
                "--token",
                label,
                "--label",
                "ky-so",
                "--id",
                "01",
                "--pin",
                pin,
            ],
            check=True,
            capture_output=True,
        )
        pem.unlink()

    key, cert = certificates.make_self_signed(
        signer.display_name, organization=organization.name, not_before=DEMO_VALID_FROM
    )
    info = certificates.read_certificate(certificates.der_of(cert))
    leader_p12 = register_certificate(
        Certificate(holder="person", user=signer, key_store="pkcs12"),
        info,
        by=admin,
        pkcs12=certificates.pkcs12_bytes(key, cert, "bench"),
    )
    token("leader", "246810", key)
    leader_p11 = Certificate(
        holder="person",
        user=signer,
        key_store="pkcs11",
        token_label="leader",
        key_label="ky-so",
        der=info.der,
    )
    board_info, _ = read_upload(Path(os.environ["SIGNING_P12"]).read_bytes(), pkcs12_password="bench")
    board_p12 = register_certificate(
        Certificate(holder="agency", organization=organization, key_store="pkcs12"), board_info, by=admin
    )
    board_key, board_cert = certificates.make_self_signed(
        organization.name, organization=organization.name, not_before=DEMO_VALID_FROM
    )
    token("board", "13579", board_key)
    board_p11 = Certificate(
        holder="agency",
        organization=organization,
        key_store="pkcs11",
        token_label="board",
        key_label="ky-so",
        der=certificates.der_of(board_cert),
        fingerprint="bench-token",
    )
    pkcs11.lib(SOFTHSM_MODULE).reinitialize()
    save_signing_image(
        SigningImage(kind="signature", user=signer, width_mm=42),
        images.demo_signature(signer.display_name),
        by=admin,
    )
    save_signing_image(
        SigningImage(kind="seal", organization=organization, width_mm=36),
        images.demo_seal(organization.name, organization.parent_name),
        by=admin,
    )
    return leader_p12, leader_p11, board_p12, board_p11


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


def approved_notice(build, number, signer):
    """A seed notice moved to review and approved through approve_and_sign (the leader signs)."""
    from inspections.models import Notice
    from inspections.services.signing import approve_and_sign

    notice = build(2880, numbered=False)
    Notice.objects.filter(pk=notice.pk).update(status="in_review")
    return approve_and_sign(Notice.objects.get(pk=notice.pk), by=signer, secret="bench")


def main():
    build, organization, signer, clerk, inspector, admin = setup_data()
    from django.template.loader import render_to_string

    from inspections import pdf
    from inspections.models import Notice
    from inspections.services import signing as services
    from inspections.services.issuing import issue_notice
    from inspections.signing import keys, pipeline, validation

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

    leader_p12, leader_p11, board_p12, board_p11 = register_keys(organization, signer, admin)
    image, seal = services.signature_image(signer), services.seal_image(organization)
    notice = build(2880)
    to_sign_ms, _ = median_ms(lambda: pdf.render_to_sign(notice, image=image), 10)
    print(f"render to sign (PDF/A + QR + number/date fields), median of 10: {to_sign_ms:8.1f} ms")
    to_sign = pdf.render_to_sign(notice, image=image)

    def sign_with(signer_):
        return pipeline.sign_as_person(to_sign, signer=signer_, image=image, name="Bùi Ngọc Hải")

    with keys.person_signer(leader_p12, "bench") as p12_signer:
        sign_p12, _ = median_ms(lambda: sign_with(p12_signer), 20)
        signed = sign_with(p12_signer)
    print(f"approve-sign, PKCS#12 key loaded once, median of 20:      {sign_p12:8.1f} ms")
    with keys.person_signer(leader_p11, "246810") as p11_signer:
        sign_with(p11_signer)
        sign_p11, _ = median_ms(lambda: sign_with(p11_signer), 20)
    print(f"approve-sign, PKCS#11 token session kept, median of 20:   {sign_p11:8.1f} ms")

    def sign_as_the_app_does():
        with keys.person_signer(leader_p11, "246810") as fresh:  # open, log in with the PIN, close
            return sign_with(fresh)

    sign_login, _ = median_ms(sign_as_the_app_does, 20)
    print(f"approve-sign, PKCS#11 opened with the PIN each time, median of 20: {sign_login:8.1f} ms")

    def seal_with(signer_):
        return pipeline.number_and_seal(
            signed,
            number="Số: 2880/TB-BQL",
            date="Hải Phòng, ngày 14 tháng 6 năm 2023",
            signer=signer_,
            seal=seal,
            name=organization.name,
        )

    board_signer = keys.agency_signer(board_p12)
    seal_p12, _ = median_ms(lambda: seal_with(board_signer), 20)
    print(f"number-and-seal, board PKCS#12 cached, median of 20:      {seal_p12:8.1f} ms")
    token_signer = keys.agency_signer(board_p11)
    seal_with(token_signer)
    seal_p11, _ = median_ms(lambda: seal_with(token_signer), 20)
    print(f"number-and-seal, board PKCS#11 session cached, median of 20: {seal_p11:8.1f} ms")
    final = seal_with(board_signer)
    validate_ms, _ = median_ms(lambda: validation.check_pdf(final), 20)
    assert all(check.ok for check in validation.check_pdf(final))
    print(f"validate both signatures (pyHanko, with diff analysis), median of 20: {validate_ms:8.1f} ms")

    approve_ms, _ = median_ms(lambda: approved_notice(build, 2880, signer), 5)
    print(f"whole approve (approve_and_sign: render to sign, sign, store), median of 5: {approve_ms:8.1f} ms")
    ready = [approved_notice(build, 2880, signer) for _ in range(10)]
    numbers = iter(range(3001, 3100))
    issue_ms, _ = median_ms(
        lambda: issue_notice(Notice.objects.get(pk=ready.pop().pk), by=clerk, number=next(numbers)), 10
    )
    print(f"whole issue (issue_notice: number, fill, seal, store, audit), median of 10: {issue_ms:8.1f} ms")

    issued = Notice.objects.issued().order_by("number")
    data = issued[0].pdf.read()
    client = Client()
    client.force_login(clerk)
    url = reverse("inspections:notice-pdf", args=[issued[0].pk])

    def serve():
        response = client.get(url)
        assert b"".join(response.streaming_content) == data

    serve()
    served, _ = median_ms(serve, 100)
    read, _ = median_ms(lambda: issued[0].pdf.open("rb").read(), 100)
    print(f"serve issued PDF through the view, median of 100:      {served:8.2f} ms")
    print(f"  (of which reading the stored file:                    {read:8.3f} ms)")
    print(f"  warm render / serve: {warm / served:,.0f}x")

    ready = [approved_notice(build, 2880, signer) for _ in range(11 - issued.count())]
    for other in ready:
        issue_notice(Notice.objects.get(pk=other.pk), by=clerk, number=next(numbers))
    ids = list(Notice.objects.issued().values_list("pk", flat=True))[:11]
    merged_url = reverse("inspections:print-merged")

    def merge():
        response = client.post(merged_url, {"notices": ids})
        assert response.status_code == 200

    merged, _ = median_ms(merge, 5)
    print(f"merged print of {len(ids)} issued notices (fields drawn in), median of 5: {merged:8.1f} ms")


if __name__ == "__main__":
    main()
