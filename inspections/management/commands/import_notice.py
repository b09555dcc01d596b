from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from inspections.importing import ImportRefused
from inspections.importing.decode import MAX_BYTES
from inspections.services.importing import import_notice_file
from inspections.vn import vn_short_date
from units.models import Organization, User


class Command(BaseCommand):
    help = (
        "Nhập thông báo đã ban hành từ tệp văn bản UTF-8 (.txt, .md) hoặc Word (.docx). "
        "Mỗi tệp một giao dịch; nhập lại cùng tệp không tạo gì mới."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--by", help="Tên đăng nhập của người nhập (văn thư). Mặc định: quản trị viên duy nhất."
        )
        parser.add_argument("--org", help="Chữ viết tắt của cơ quan ban hành (mặc định theo ký hiệu).")
        parser.add_argument(
            "--pdf",
            action="store_true",
            help="Tạo và lưu bản PDF đã ký số của hệ thống (có mã xác thực) cho thông báo nhập vào.",
        )

    def handle(self, *args, files, by=None, org=None, pdf=False, **options):
        user = self._user(by)
        organization = None
        if org:
            organization = Organization.objects.filter(abbreviation=org).first()
            if organization is None:
                raise CommandError(f"Không có cơ quan viết tắt “{org}”.")
        refused = 0
        for name in files:
            path = Path(name)
            try:
                with path.open("rb") as handle:
                    data = handle.read(MAX_BYTES + 1)  # enough to tell it is too big, never more
            except OSError as error:
                self.stderr.write(f"{name}: không đọc được tệp ({error.strerror}).")
                refused += 1
                continue
            try:
                result = import_notice_file(data, path.name, by=user, organization=organization, with_pdf=pdf)
            except ImportRefused as error:
                refused += 1
                self.stderr.write(self.style.ERROR(f"{name}: TỪ CHỐI – {error.message}"))
                for problem in error.problems:
                    self.stderr.write(f"    {problem}")
                continue
            except PermissionDenied as error:
                raise CommandError(str(error)) from error
            notice = result.notice
            verb = "đã nhập" if result.created else "đã có"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{name}: {verb} {notice.reference} ngày {vn_short_date(notice.issued_on)}"
                )
            )
            for made in result.made:
                self.stdout.write(f"    tạo mới: {made}")
            for problem in result.problems:
                label = "sửa" if problem.level == "note" else "bỏ qua"
                self.stdout.write(f"    {label}: {problem}")
        if refused:
            raise CommandError(f"{refused}/{len(files)} tệp bị từ chối.")

    def _user(self, username):
        if username:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"Không có người dùng “{username}”.")
            return user
        admins = list(User.objects.filter(is_superuser=True, is_active=True)[:2])
        if len(admins) != 1:
            raise CommandError("Hãy chỉ rõ người nhập bằng --by TÊN_ĐĂNG_NHẬP.")
        return admins[0]
