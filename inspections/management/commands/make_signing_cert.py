from django.core.management.base import BaseCommand, CommandError

from inspections.demo_signing import load_signing
from inspections.signing import SigningError
from units.models import Organization


class Command(BaseCommand):
    help = (
        "CHỈ ĐỂ PHÁT TRIỂN VÀ DEMO (DEBUG=true): tạo khóa và chứng thư số TỰ KÝ của cơ quan tại "
        "SIGNING_P12 (mật khẩu SIGNING_P12_PASSWORD) và của từng Lãnh đạo đang hoạt động, đăng ký "
        "chúng, kèm ảnh con dấu và ảnh chữ ký demo. Chỉ tạo cái còn thiếu; --force tạo lại khóa của cơ quan."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Tạo lại khóa và chứng thư của cơ quan.")

    def handle(self, *args, force=False, **options):
        organization = Organization.objects.default()
        if organization is None:
            raise CommandError(
                "Chưa có cơ quan nào: chạy manage.py load_demo hoặc tạo cơ quan trong Quản trị."
            )
        try:
            made = load_signing(organization, force=force)
        except SigningError as error:
            raise CommandError(str(error)) from None
        for line in made:
            self.stdout.write(self.style.SUCCESS(f"Đã tạo {line}."))
        if not made:
            self.stdout.write(
                "Đã có đủ chứng thư và ảnh demo; không thay đổi (--force để tạo lại khóa của cơ quan)."
            )
