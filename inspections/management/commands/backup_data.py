from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inspections.services.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Sao lưu toàn bộ dữ liệu vào một thư mục mới: cơ sở dữ liệu (SQLite: bản sao trực tuyến; "
        "PostgreSQL: pg_dump) và mọi tệp đã lưu (PDF đã ban hành, minh chứng), kèm manifest SHA-256."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="thư mục mới (hoặc trống) để ghi bản sao lưu")

    def handle(self, *args, folder, **options):
        try:
            report = backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(report.counts.values())
        self.stdout.write(
            f"Đã sao lưu {report.engine} vào {report.folder}: {rows} bản ghi, "
            f"{report.files} tệp ({report.bytes} byte)."
        )
