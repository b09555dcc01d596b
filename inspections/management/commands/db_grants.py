from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from inspections import dbguards


class Command(BaseCommand):
    help = (
        "PostgreSQL: in (hoặc với --apply, thực hiện) các lệnh GRANT cho vai trò chạy ứng dụng: chỉ "
        "đọc/ghi dòng, không sở hữu bảng nào, không TRUNCATE, ALTER hay DISABLE TRIGGER được. Chạy "
        "bằng vai trò sở hữu bảng (vai trò chạy migrate). Xem README, mục Production."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="vai trò PostgreSQL của ứng dụng (đã tạo bằng CREATE ROLE … LOGIN)")
        parser.add_argument("--apply", action="store_true", help="thực hiện các lệnh thay vì chỉ in ra")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, role, apply=False, database=DEFAULT_DB_ALIAS, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError("Chỉ dùng cho PostgreSQL: SQLite không có vai trò người dùng.")
        try:
            statements = dbguards.grant_sql(role, connection.settings_dict["NAME"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        for statement in statements:
            self.stdout.write(f"{statement};")
        if apply:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
            self.stdout.write(self.style.SUCCESS(f"Đã cấp quyền cho vai trò {role}."))
