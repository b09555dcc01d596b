"""Demo of a shortcoming followed up: a spot check of Phòng Quản lý Đầu tư on 10/10/2023 found
two administrative procedures settled late; the unit reported what it fixed, with its report
as a PDF (inspections/demo_data/). Its state is "Đơn vị đã báo cáo": an inspector can close
it, and deleting it is refused because the unit's report is a record the board keeps.

Made through the app's own services where a person would act (the report goes through
report_followup and its upload checks). Idempotent.
"""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files import File
from django.db import transaction

from inspections.demo_notices import replay_at
from inspections.models import Criterion, Finding, FollowUp, Inspection, InspectionPlan, UnitCheck
from inspections.services.followup import report_followup
from units.models import Organization, Unit, User

REPORT_FILE = Path(__file__).resolve().parent / "demo_data" / "bao-cao-khac-phuc-phong-quan-ly-dau-tu.pdf"
TITLE = "Kiểm tra đột xuất công tác cải cách hành chính tại Phòng Quản lý Đầu tư năm 2023"
CHECKED_ON = date(2023, 10, 10)
REPORTED_AT = datetime(2023, 11, 20, 15, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
SHORTCOMING = {
    "criterion": "Kiểm soát thủ tục hành chính và áp dụng ISO 9001:2015",
    "observation": "02 hồ sơ thủ tục hành chính giải quyết quá hạn nhưng chưa có văn bản xin lỗi "
    "tổ chức, cá nhân; phiếu kiểm soát quá trình giải quyết hồ sơ chưa cập nhật đầy đủ.",
    "recommendation": "Gửi văn bản xin lỗi đối với các hồ sơ quá hạn; phân công theo dõi hạn giải quyết "
    "hồ sơ hằng ngày theo quy trình ISO 9001:2015.",
    "due_on": date(2023, 11, 30),
}
REPORT_TEXT = (
    "Đã gửi văn bản xin lỗi đối với 02 hồ sơ quá hạn và cập nhật đầy đủ phiếu kiểm soát; từ "
    "01/11/2023 phân công công chức theo dõi hạn giải quyết hồ sơ hằng ngày (Báo cáo ngày 20/11/2023)."
)


@transaction.atomic
def load(organization: Organization, plan: InspectionPlan) -> Finding | None:
    """Create the spot check, its findings and the unit's report where they are missing."""
    unit = Unit.objects.filter(organization=organization, name="Phòng Quản lý Đầu tư").first()
    inspector = User.objects.filter(username="kiemtra").first()
    if unit is None or inspector is None:
        return None
    inspection, created = Inspection.objects.get_or_create(
        plan=plan, title=TITLE, defaults={"starts_on": CHECKED_ON, "ends_on": CHECKED_ON}
    )
    if created:
        inspection.units.set([unit])
        inspection.team.set(User.objects.filter(username__in=["kiemtra", "lanhdao"]))
    unit_check, _ = UnitCheck.objects.get_or_create(
        inspection=inspection,
        unit=unit,
        defaults={
            "checked_on": CHECKED_ON,
            "status": UnitCheck.Status.DONE,
            "attendees": f"Lãnh đạo và công chức {unit.name}; Đoàn kiểm tra",
        },
    )
    shortcoming = None
    for criterion in Criterion.objects.filter(plan=plan).order_by("position"):
        if not criterion.applies_to_kind(unit.kind):
            continue
        if criterion.name == SHORTCOMING["criterion"]:
            fields = {key: value for key, value in SHORTCOMING.items() if key != "criterion"}
            fields["result"] = Finding.Result.SHORTCOMING
        else:
            text = criterion.compliant_text
            fields = {"result": Finding.Result.COMPLIANT, "observation": text[:1].upper() + text[1:] + "."}
        finding, made = Finding.objects.get_or_create(
            unit_check=unit_check, criterion=criterion, defaults=fields
        )
        if made:
            finding.refresh_search_text()
            finding.save(update_fields=["search_text"])
        if fields["result"] == Finding.Result.SHORTCOMING:
            shortcoming = finding
    if shortcoming and not FollowUp.objects.filter(finding=shortcoming).exists():
        # On the report's own date, so the trail reads as it happened.
        with open(REPORT_FILE, "rb") as handle, replay_at(REPORTED_AT):
            report_followup(
                shortcoming, by=inspector, text=REPORT_TEXT, upload=File(handle, REPORT_FILE.name)
            )
    return shortcoming
