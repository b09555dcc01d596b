"""A real app server in its own process, on its own database, for tests that must kill it or
run two of it: gunicorn (the README's production server) on a free port, a fresh SQLite file or
PostgreSQL database of the engine under test, and a small HTTP client with cookies."""

import contextlib
import http.client
import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def fresh_database(folder: Path):
    """A DATABASE_URL for a new, empty database of the engine under test; dropped afterwards."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        yield f"sqlite:///{folder / 'server.sqlite3'}"
        return
    import psycopg2

    name = f"insp_proc_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(
        dbname="postgres", user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"]
    )
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    try:
        yield f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def app_env(database_url: str, folder: Path, **extra: str) -> dict[str, str]:
    """The environment of a production-like app process (DEBUG off) on `database_url`."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "PYTEST"))}
    return keep | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "DEBUG": "false",
        "SECRET_KEY": "test-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SIGNING_P12": str(folder / "signing.p12"),
        "SIGNING_P12_PASSWORD": "test-only",
        "SITE_URL": "http://127.0.0.1",
        "LOG_LEVEL": "ERROR",
        **extra,
    }


def manage(*args: str, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if check and result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def shell(code: str, *, env: dict):
    """Run `code` in `manage.py shell` and return what it printed as JSON."""
    return json.loads(manage("shell", "--no-imports", "-c", code, env=env).stdout)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn config.wsgi with one sync worker; the master respawns a worker that dies."""

    def __init__(self, env: dict, log: Path):
        self.log, self.port = log, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # The address signed PDFs print must be the one served (issue 19: issuing checks it).
        self.env = env | {"SITE_URL": self.url}
        self.process = None

    def __enter__(self):
        command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "1", "--timeout", "300"]
        command += ["--bind", f"127.0.0.1:{self.port}"]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=log)
        self.wait_ready()
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)  # our own master, by its PID
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn exited:\n{self.log.read_text()}"
            try:
                with urllib.request.urlopen(f"{self.url}/accounts/login/", timeout=5) as response:
                    if response.status == 200:
                        return
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer in {timeout} s:\n{self.log.read_text()}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """A browser-like client: cookies, CSRF token from the cookie, redirects not followed."""

    def __init__(self, base_url: str, address: str = "203.0.113.1"):
        self.base_url, self.address = base_url, address
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    @property
    def csrf_token(self) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")

    def request(self, path: str, data: bytes | None = None, headers: dict | None = None, timeout=300):
        headers = {"X-Forwarded-For": self.address, **(headers or {})}
        request = urllib.request.Request(self.base_url + path, data=data, headers=headers)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers

    def get(self, path: str):
        return self.request(path)

    def post(self, path: str, fields: dict, timeout=300):
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf_token, **fields}).encode()
        return self.request(path, data, {"Content-Type": "application/x-www-form-urlencoded"}, timeout)

    def post_file(self, path: str, field: str, name: str, content: bytes):
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
                f"{self.csrf_token}\r\n--{boundary}\r\nContent-Disposition: form-data; "
                f'name="{field}"; filename="{name}"\r\nContent-Type: application/pdf\r\n\r\n'
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.request(path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def log_in(self, username: str, password: str) -> None:
        self.get("/accounts/login/")
        status, html, headers = self.post("/accounts/login/", {"username": username, "password": password})
        assert status == 302, re.sub(r"\s+", " ", html)[:500]
