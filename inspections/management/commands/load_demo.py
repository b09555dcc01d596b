from django.core.management.base import BaseCommand

from inspections import demo as inspections_demo
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
