from django.core.management.base import BaseCommand

from inspections.services.importing import PENDING_MAX_AGE, sweep_pending


class Command(BaseCommand):
    help = (
        "Xóa các tệp xem trước của trang Nhập văn bản mà không ai bấm Lưu sau một ngày "
        "(trang tải lên cũng tự dọn mỗi lần có tệp mới; chạy lệnh này bằng cron nếu ít khi nhập)."
    )

    def handle(self, *args, **options):
        swept = sweep_pending(older_than=PENDING_MAX_AGE)
        self.stdout.write(f"Đã xóa {swept} tệp xem trước quá một ngày.")
