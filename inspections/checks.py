"""System check: every database guard trigger is in place (inspections.dbguards).

`manage.py check` (and every command that runs the checks, runserver included) fails with
inspections.E001 when a guard trigger is missing or disabled, and on SQLite with
inspections.E002 when the connection does not run `PRAGMA recursive_triggers = ON`. The
repair is `manage.py migrate`: its post_migrate handler (inspections.apps.install_guards)
reinstalls the guards, so `migrate` itself does not refuse to start over E001 (REPAIRING).

A database that cannot be reached, or is not migrated yet, is not reported here: Django
reports the first, and `migrate` installs the guards for the second.
"""

from contextvars import ContextVar

from django.core import checks
from django.db import DatabaseError, connections

from inspections import dbguards

# Set by `manage.py migrate` while it runs its own checks: the command about to repair a
# missing guard must not refuse to start because the guard is missing.
REPAIRING: ContextVar[bool] = ContextVar("inspections_guards_repairing", default=False)


@checks.register()
def guards_installed(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    if REPAIRING.get():
        return []
    errors = []
    for alias in connections:
        connection = connections[alias]
        if connection.vendor not in ("sqlite", "postgresql"):
            continue
        try:
            if dbguards.NOTICE_TABLE not in connection.introspection.table_names():
                continue  # not migrated yet: `migrate` installs them
            missing = dbguards.missing(connection)
            pragma = _recursive_triggers(connection)
        except DatabaseError:
            continue  # unreachable: Django says so itself
        if missing:
            errors.append(
                checks.Error(
                    f"Cơ sở dữ liệu '{alias}' thiếu {len(missing)} trigger bảo vệ thông báo đã ban hành "
                    f"và nhật ký: {', '.join(missing)}. Thông báo đã ban hành và nhật ký có thể bị sửa "
                    "bằng SQL.",
                    hint="Chạy `manage.py migrate` (cài lại trigger còn thiếu) bằng vai trò sở hữu bảng, "
                    "rồi tìm xem ai đã xóa hoặc tắt trigger.",
                    id="inspections.E001",
                )
            )
        if pragma is False:
            errors.append(
                checks.Error(
                    f"Kết nối SQLite '{alias}' chưa bật PRAGMA recursive_triggers: INSERT OR REPLACE "
                    "có thể thay một thông báo đã ban hành.",
                    hint="Thêm 'PRAGMA recursive_triggers=ON' vào init_command (config/settings.py).",
                    id="inspections.E002",
                )
            )
    return errors


def _recursive_triggers(connection) -> bool | None:
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA recursive_triggers")
        return bool(cursor.fetchone()[0])
