from django.core.management.base import BaseCommand

from inspections import demo as inspections_demo
from inspections import demo_followup
from units import demo as units_demo


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu: Ban, 11 phòng/đơn vị, người ký, tài khoản demo và hồ sơ kiểm tra năm 2023. "
        "Chạy lại không thay đổi gì."
    )

    def handle(self, *args, **options):
        organization = units_demo.load()
        plan = inspections_demo.load(organization)
        self.stdout.write(self.style.SUCCESS(f"Đã nạp dữ liệu mẫu cho {organization}: {plan}."))
        if demo_followup.load(organization, plan):
            self.stdout.write("Đã có một tồn tại đang theo dõi khắc phục (đơn vị đã báo cáo, kèm tệp).")
        # -- importer: the two real notices of 14/6/2023, from inspections/demo_data/ --
        from inspections.services.importing import import_demo_notices

        for result in import_demo_notices(organization):
            verb = "Đã nhập" if result.created else "Đã có"
            self.stdout.write(f"{verb} thông báo {result.notice.reference} (từ tệp mẫu).")
