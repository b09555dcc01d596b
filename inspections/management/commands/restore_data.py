from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inspections.services.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu (manage.py backup_data) vào cơ sở dữ liệu và kho tệp trống, "
        "kiểm tra SHA-256 của từng tệp và số bản ghi của từng bảng."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="thư mục sao lưu")

    def handle(self, *args, folder, **options):
        try:
            report = restore(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(report.counts.values())
        self.stdout.write(
            f"Đã khôi phục từ {report.folder}: {rows} bản ghi, {report.files} tệp; "
            "mọi tệp khớp SHA-256, số bản ghi khớp bản sao lưu."
        )
