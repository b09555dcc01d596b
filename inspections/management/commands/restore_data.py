from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inspections.services.backup import BackupError, restore, rollback


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu (manage.py backup_data) vào cơ sở dữ liệu và kho tệp trống: xác "
        "thực manifest bằng BACKUP_KEY, kiểm tra SHA-256 của từng tệp (theo manifest và theo hồ sơ "
        "thông báo đã ban hành), số bản ghi và trigger bảo vệ. Chạy lại để tiếp tục một lần khôi phục "
        "bị gián đoạn; --rollback để làm trống đích của lần đó."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="thư mục sao lưu")
        parser.add_argument(
            "--rollback",
            action="store_true",
            help="làm trống cơ sở dữ liệu và gỡ các tệp mà một lần khôi phục dở dang từ bản sao lưu "
            "này đã đưa vào (không khôi phục)",
        )

    def handle(self, *args, folder, rollback=False, **options):
        try:
            if rollback:
                return self._rollback(folder)
            report = restore(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(report.counts.values())
        if report.resumed:
            self.stdout.write("Tiếp tục lần khôi phục bị gián đoạn: cơ sở dữ liệu đã khớp bản sao lưu.")
        self.stdout.write(
            f"Đã khôi phục từ {report.folder}: {rows} bản ghi, {report.files} tệp; "
            "mọi tệp khớp SHA-256, số bản ghi khớp bản sao lưu, đủ trigger bảo vệ."
        )

    def _rollback(self, folder: Path) -> None:
        rows, files = rollback(folder)
        self.stdout.write(
            f"Đã làm trống đích: xóa {rows} bản ghi và {files} tệp của lần khôi phục dở dang. "
            f"Có thể khôi phục lại: manage.py restore_data {folder}"
        )
