"""A recipient scans the QR code of an issued notice and checks the file they received."""

import datetime
import hashlib

import pytest
from django.core.files.base import ContentFile

from inspections.models import Inspection, InspectionPlan, Notice

pytestmark = pytest.mark.django_db(transaction=True)

STORED = b"%PDF-1.7 signed notice bytes"


@pytest.fixture
def issued_notice(organization, leader, inspector):
    plan = InspectionPlan.objects.create(organization=organization, year=2023, title="KH 810")
    inspection = Inspection.objects.create(
        plan=plan, title="Đợt 1", starts_on=datetime.date(2023, 6, 6), ends_on=datetime.date(2023, 6, 7)
    )
    notice = Notice.objects.create(
        inspection=inspection,
        organization=organization,
        place="Hải Phòng",
        title="Kết quả kiểm tra công tác cải cách hành chính tại các phòng chuyên môn",
        signer=leader,
        signer_name="Bùi Ngọc Hải",
        signer_title="Phó Trưởng ban",
        created_by=inspector,
        number=2880,
        issued_on=datetime.date(2023, 6, 14),
        year=2023,
        verification_code="AB12CD34",
        status=Notice.Status.APPROVED,
    )
    notice.pdf.save("2880.pdf", ContentFile(STORED), save=False)
    notice.pdf_sha256 = hashlib.sha256(STORED).hexdigest()
    notice.status = Notice.Status.ISSUED
    notice.save()
    return notice


def test_anyone_can_check_a_received_file_without_logging_in(page, shot, issued_notice, tmp_path):
    page.goto("/verify/AB12CD34/")
    assert page.get_by_role("heading", name="Xác thực văn bản").is_visible()
    assert page.get_by_text("2880/TB-BQL").is_visible()
    shot("pdf-verify")

    received = tmp_path / "2880.pdf"
    received.write_bytes(STORED)
    page.get_by_label("Tệp PDF cần đối chiếu").set_input_files(str(received))
    page.get_by_role("button", name="Đối chiếu", exact=True).click()
    assert page.get_by_text("Tệp trùng khớp từng byte với văn bản đã ban hành.").is_visible()
    shot("pdf-verify-match")

    received.write_bytes(STORED + b"%% altered")
    page.get_by_label("Tệp PDF cần đối chiếu").set_input_files(str(received))
    page.get_by_role("button", name="Đối chiếu", exact=True).click()
    assert page.get_by_role("status").filter(has_text="không").is_visible()
    shot("pdf-verify-mismatch")
