from django.conf import settings
from django.core.management.base import BaseCommand

from inspections.signing import make_signing_cert
from units.models import Organization

DEFAULT_NAME = "Ban Quản lý Khu kinh tế Hải Phòng"


class Command(BaseCommand):
    help = (
        "Tạo chứng thư số TỰ KÝ của cơ quan (chỉ để phát triển và chạy demo) tại SIGNING_P12, "
        "mật khẩu SIGNING_P12_PASSWORD. Đã có tệp thì không làm gì, trừ khi dùng --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organization", help="Tên cơ quan in trong chứng thư (mặc định: cơ quan đầu tiên)."
        )
        parser.add_argument("--force", action="store_true", help="Ghi đè chứng thư đang có.")

    def handle(self, *args, organization=None, force=False, **options):
        if not organization:
            board = Organization.objects.default()
            organization = board.name if board else DEFAULT_NAME
        path = settings.SIGNING_P12
        if make_signing_cert(path, settings.SIGNING_P12_PASSWORD, organization, force=force):
            self.stdout.write(
                self.style.SUCCESS(f"Đã tạo chứng thư số tự ký cho “{organization}” tại {path}.")
            )
        else:
            self.stdout.write(f"Đã có chứng thư số tại {path}; không thay đổi (dùng --force để tạo lại).")
