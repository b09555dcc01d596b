"""Settings come from the environment (django-environ), with the embedded SQLite default."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def read_settings(env: dict, expression: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings as s; print({expression})"
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "ALLOWED_HOSTS"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "config.settings"} | env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_without_database_url_it_uses_sqlite_in_the_project_folder_with_immediate_mode():
    out = read_settings(
        {},
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'],"
        " s.DATABASES['default']['OPTIONS']['transaction_mode']",
    )
    assert out == f"django.db.backends.sqlite3 {ROOT / 'db.sqlite3'} IMMEDIATE"


def test_database_url_selects_postgresql():
    out = read_settings(
        {"DATABASE_URL": "postgres://u:p@db.example:5433/inspections"},
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST'], s.DATABASES['default']['NAME']",
    )
    assert out == "django.db.backends.postgresql db.example inspections"


def test_debug_and_hosts_come_from_the_environment():
    assert read_settings({}, "s.DEBUG, s.ALLOWED_HOSTS") == "False ['localhost', '127.0.0.1']"
    out = read_settings({"DEBUG": "true", "ALLOWED_HOSTS": "kiemtra.heza.gov.vn"}, "s.DEBUG, s.ALLOWED_HOSTS")
    assert out == "True ['kiemtra.heza.gov.vn']"


def test_the_interface_is_vietnamese_in_hanoi_time():
    assert (
        read_settings({}, "s.LANGUAGE_CODE, s.TIME_ZONE, s.AUTH_USER_MODEL")
        == "vi Asia/Ho_Chi_Minh units.User"
    )


def test_every_variable_read_by_settings_is_documented_in_env_example():
    import re

    source = (ROOT / "config" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_0-9]+)"', source))
    documented = set(re.findall(r"^([A-Z_0-9]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "no variables found in settings.py"
    assert read <= documented, f"missing from .env.example: {sorted(read - documented)}"
