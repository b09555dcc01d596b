from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from inspections.services import storage
from inspections.text import human_size


class Command(BaseCommand):
    help = (
        "Đối chiếu kho lưu trữ tệp với hồ sơ: tệp không thuộc hồ sơ nào, hồ sơ mất tệp, hồ sơ có tệp "
        "không khớp SHA-256. Thoát với mã lỗi khi còn chỗ chưa khớp."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete-orphans",
            action="store_true",
            help="Xóa các tệp không thuộc hồ sơ nào (chỉ tệp đã ghi quá --min-age phút).",
        )
        parser.add_argument(
            "--min-age",
            type=int,
            default=int(storage.GRACE.total_seconds() // 60),
            metavar="PHÚT",
            help="Chỉ xóa tệp ghi cách đây ít nhất chừng này phút (mặc định 60): một tệp vừa ghi có "
            "thể thuộc một lần ban hành chưa xong.",
        )

    def handle(self, *args, delete_orphans=False, min_age=60, **options):
        report = storage.check_storage()
        self.stdout.write(f"Hồ sơ tham chiếu {report.referenced} tệp; kho lưu trữ có {report.stored} tệp.")
        self._list(f"Tệp không thuộc hồ sơ nào ({len(report.orphans)}):", map(_orphan_line, report.orphans))
        self._list(f"Hồ sơ mất tệp ({len(report.missing)}):", map(str, report.missing))
        self._list(
            f"Hồ sơ có tệp không khớp SHA-256 đã lưu ({len(report.mismatched)}):",
            (f"{record}: lưu {record.sha256}, tệp hiện có {actual}" for record, actual in report.mismatched),
        )
        left = report.problems
        if delete_orphans and report.orphans:
            deleted = storage.delete_orphans(report, older_than=timedelta(minutes=min_age))
            self._list(f"Đã xóa {len(deleted)} tệp không thuộc hồ sơ nào:", (o.name for o in deleted))
            if len(deleted) < len(report.orphans):
                kept = len(report.orphans) - len(deleted)
                self.stdout.write(f"Giữ lại {kept} tệp mới ghi chưa quá {min_age} phút; hãy chạy lại sau.")
            left -= len(deleted)
        if not report.problems:
            self.stdout.write(self.style.SUCCESS("Kho lưu trữ và hồ sơ khớp nhau."))
        elif left:
            raise CommandError(f"Còn {left} chỗ chưa khớp giữa kho lưu trữ và hồ sơ.")

    def _list(self, heading: str, lines) -> None:
        lines = list(lines)
        if lines:
            self.stdout.write(heading)
            for line in lines:
                self.stdout.write(f"  {line}")


def _orphan_line(orphan: storage.Orphan) -> str:
    when = timezone.localtime(orphan.modified).strftime("%d/%m/%Y %H:%M") if orphan.modified else "?"
    return f"{orphan.name}  ({human_size(orphan.size)}, ghi lúc {when})"
