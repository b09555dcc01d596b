"""Certificates and images are records an admin manages: facts read from the certificate,
images checked on upload, every change audited; demo keys only with DEBUG on."""

import io

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from inspections.models import AuditEvent, Certificate, Notice, SigningImage
from inspections.signing import certificates, images

pytestmark = pytest.mark.django_db


def png(colour, *, size=(400, 200), transparent=True, mode="RGBA") -> bytes:
    image = Image.new(mode, size, (0, 0, 0, 0) if transparent else (255, 255, 255, 255))
    width, height = size
    for x in range(width // 6, width * 5 // 6):
        for y in range(height * 2 // 5, height * 3 // 5):
            image.putpixel((x, y), colour)
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


BLUE, RED = (20, 50, 170, 255), (210, 20, 30, 255)


@pytest.mark.parametrize(
    ("data", "kind", "reason"),
    [
        (b"GIF89a not a png", "signature", "phải là tệp PNG"),
        (png(BLUE, transparent=False), "signature", "các góc ảnh đang có màu"),
        (png((20, 50, 170), mode="RGB", transparent=False), "signature", "nền đặc"),
        (png(RED), "signature", "Chữ ký phải màu xanh"),
        (png(BLUE), "seal", "Con dấu phải màu đỏ"),
        (png(BLUE, size=(60, 40)), "signature", "Kích thước ảnh 60×40"),
        (png((0, 0, 0, 0)), "seal", "trong suốt hoàn toàn"),
    ],
)
def test_images_are_checked_on_upload(data, kind, reason):
    with pytest.raises(ValueError, match=reason):
        images.check_image(data, kind)


def test_the_demo_images_pass_their_own_checks():
    assert images.check_image(images.demo_signature("Bùi Ngọc Hải"), "signature").width_px == 900
    assert images.check_image(images.demo_seal("Ban Quản lý Khu kinh tế Hải Phòng", "UBND"), "seal")


def test_an_admin_registers_a_leaders_certificate_from_its_file_and_it_is_audited(
    client, admin_user, leader, person_keys
):
    _, cert = person_keys(leader.display_name)
    pem = cert.public_bytes(Encoding.PEM)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:inspections_certificate_add"),
        {
            "holder": "person",
            "user": leader.pk,
            "upload": SimpleUploadedFile("hai.cer", pem),
            "key_store": "pkcs11",
            "token_label": "token-hai",
            "key_label": "ky-so",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = Certificate.objects.get()
    info = certificates.read_certificate(pem)
    assert (record.subject, record.issuer, record.serial, record.fingerprint) == (
        info.subject,
        info.issuer,
        info.serial,
        info.fingerprint,
    )
    assert record.not_after == info.not_after and record.key_store == "pkcs11"
    assert AuditEvent.objects.about(record).filter(action="certificate.register", actor=admin_user).exists()
    page = client.get(reverse("admin:inspections_certificate_change", args=[record.pk])).content.decode()
    assert info.fingerprint in page and 'name="serial"' not in page  # facts shown, never typed
    assert client.post(reverse("admin:inspections_certificate_delete", args=[record.pk])).status_code == 403


def test_a_file_that_is_not_a_certificate_is_refused_next_to_the_field(client, admin_user, leader):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:inspections_certificate_add"),
        {
            "holder": "person",
            "user": leader.pk,
            "upload": SimpleUploadedFile("x.cer", b"hello"),
            "key_store": "pkcs11",
            "token_label": "t",
        },
    )
    assert response.status_code == 200
    assert "Tệp không phải chứng thư số X.509" in response.content.decode()
    assert not Certificate.objects.exists()


def test_an_admin_uploads_a_seal_image_checked_and_audited(client, admin_user, organization):
    client.force_login(admin_user)
    url = reverse("admin:inspections_signingimage_add")
    refused = client.post(
        url,
        {
            "kind": "seal",
            "organization": organization.pk,
            "width_mm": "36",
            "upload": SimpleUploadedFile("dau.png", png(BLUE)),
        },
    )
    assert "Con dấu phải màu đỏ" in refused.content.decode() and not SigningImage.objects.exists()
    response = client.post(
        url,
        {
            "kind": "seal",
            "organization": organization.pk,
            "width_mm": "36",
            "upload": SimpleUploadedFile("dau.png", png(RED)),
        },
    )
    assert response.status_code == 302
    seal = SigningImage.objects.get()
    assert (seal.width_px, seal.height_px, float(seal.width_mm)) == (400, 200, 36.0)
    assert seal.height_mm == pytest.approx(18)
    assert AuditEvent.objects.about(seal).filter(action="signingimage.save").exists()


def test_load_demo_with_debug_off_makes_no_keys_and_says_why(settings, capsys):
    settings.DEBUG = False
    call_command("load_demo")
    assert "Chưa tạo được hai thông báo mẫu đã ký số" in capsys.readouterr().err
    assert not Certificate.objects.exists() and not SigningImage.objects.exists()
    assert not Notice.objects.exists()


@pytest.mark.real_pdf
def test_replacing_an_issued_notice_signs_and_seals_the_replacement(settings, client):
    """The replacement goes through the same signing; the replaced notice's file never changes."""
    from inspections.services.issuing import issue_notice
    from inspections.services.notices import apply_action, replace_notice
    from inspections.services.signing import approve_and_sign
    from inspections.signing import validation
    from units.demo import DEMO_PASSWORD
    from units.models import User

    settings.DEBUG = True
    call_command("load_demo")
    old = Notice.objects.get(number=2880, year=2023)
    before = old.pdf.read()
    people = {u.username: u for u in User.objects.filter(username__in=["kiemtra", "bui.ngoc.hai", "vanthu"])}
    new = replace_notice(old, by=people["kiemtra"])
    apply_action(new, "submit", by=people["kiemtra"])
    approve_and_sign(new, by=people["bui.ngoc.hai"], secret=DEMO_PASSWORD)
    new = issue_notice(Notice.objects.get(pk=new.pk), by=people["vanthu"])
    assert [check.ok for check in validation.check_pdf(new.pdf.read())] == [True, True]
    old.refresh_from_db()
    assert old.pdf.read() == before
    client.force_login(people["vanthu"])
    assert "đã được thay thế bởi" in client.get(old.get_absolute_url()).content.decode()
