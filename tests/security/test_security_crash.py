"""Real server processes, killed or run side by side (issue 15):

- a gunicorn worker killed by its PID after it has written an issued notice's PDF and before
  the commit leaves the notice approved; it is issued again with the same number, and
  `check_storage` finds the file nobody refers to and removes it;
- two app processes count the verification page's posts in one shared cache: the 6th post in
  a minute from one address gets 429 whichever process answers;
- a 200 MB POST sent over a socket to the verification page never puts more than the limit on
  the server's disk.

Runs on the engine under test (a fresh SQLite file, or a fresh PostgreSQL database).
"""

import http.client
import json
import os
import signal
import socket
import threading
import time
from datetime import datetime
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

import pytest
from server_process import Server, Visitor, app_env, fresh_database, manage, shell

from inspections.views.documents import VERIFY_MAX_BYTES

MB = 1024 * 1024
NUMBER = 41  # the register number given on both attempts

SETUP = """
import json
from django.test import override_settings
from inspections import demo as inspections_demo
from inspections.demo_signing import load_signing
from inspections.models import Inspection, Notice, NoticeItem, NoticeLegalBasis, NoticeRecipient
from inspections.services.signing import approve_and_sign
from units import demo as units_demo
from units.models import User

board = units_demo.load()
plan = inspections_demo.load(board)
with override_settings(DEBUG=True):  # the demo's self-signed keys and images (issue 12)
    load_signing(board)
leader, inspector = User.objects.get(username="bui.ngoc.hai"), User.objects.get(username="kiemtra")
ids = {}
for key in ("crash", "verify"):
    notice = Notice.objects.create(
        inspection=Inspection.objects.filter(plan=plan).order_by("pk").first(),
        organization=board,
        place="Hải Phòng",
        title=f"Kết quả kiểm tra công tác cải cách hành chính tại các phòng chuyên môn ({key})",
        opening="Thực hiện Kế hoạch số 810/KH-BQL ngày 02/3/2023 của Ban Quản lý.",
        closing="Yêu cầu các phòng chuyên môn thực hiện nghiêm túc./.",
        signer=leader,
        created_by=inspector,
        status="in_review",
    )
    NoticeItem.objects.create(notice=notice, position=1, text="Các phòng chuyên môn đã niêm yết.")
    NoticeRecipient.objects.create(notice=notice, position=1, text="Các phòng chuyên môn")
    NoticeLegalBasis.objects.create(notice=notice, position=1, document=plan.document)
    approve_and_sign(notice, by=leader, secret="demo-2023")  # approving is signing
    ids[key] = notice.pk
print(json.dumps(ids))
"""

STATE = """
import hashlib, json
from inspections.models import AuditEvent, Notice
notice = Notice.objects.get(pk={pk})
file_sha = None
if notice.pdf:
    with notice.pdf.open("rb") as handle:
        file_sha = hashlib.sha256(handle.read()).hexdigest()
print(json.dumps({{
    "status": notice.status, "number": notice.number, "pdf": notice.pdf.name,
    "pdf_sha256": notice.pdf_sha256, "file_sha256": file_sha,
    "audit": list(AuditEvent.objects.about(notice).order_by("pk").values_list("action", flat=True)),
}}))
"""


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """A migrated database with the demo board, its demo keys and images, and two notices
    approved by Bùi Ngọc Hải's signature."""
    folder = tmp_path_factory.mktemp("server")
    with fresh_database(folder) as database_url:
        env = app_env(database_url, folder, TRUSTED_PROXIES="127.0.0.1")
        manage("migrate", "--noinput", env=env)
        manage("collectstatic", "--noinput", env=env)
        notices = json.loads(manage("shell", "--no-imports", "-c", SETUP, env=env).stdout)
        yield {"env": env, "folder": folder, "notices": notices}


def today() -> str:
    return datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date().isoformat()


def wait_for(path: Path, timeout: float = 180) -> dict:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} did not appear in {timeout} s"
        time.sleep(0.05)
    return json.loads(path.read_text())


def test_a_worker_killed_between_writing_the_pdf_and_the_commit_loses_nothing(app):
    pk = app["notices"]["crash"]
    paused = app["folder"] / "paused.json"
    env = app["env"] | {
        "FILE_STORAGE": "tests.security.pausing_storage.PauseAfterNoticePdf",
        "PAUSE_AFTER_SAVE": str(paused),
    }
    media = Path(env["MEDIA_ROOT"])
    with Server(env, app["folder"] / "crash.log") as server:
        clerk = Visitor(server.url, address="198.51.100.41")
        clerk.log_in("vanthu", "demo-2023")
        assert clerk.get(f"/notices/{pk}/issue/")[0] == 200
        # The first number of an empty year, far ahead of 01: the gap is confirmed (issue 17).
        issue = {"number": str(NUMBER), "issued_on": today(), "confirm_gap": str(NUMBER)}
        answers = []

        def issue_and_die():
            try:
                answers.append(clerk.post(f"/notices/{pk}/issue/", issue))
            except (OSError, http.client.HTTPException) as error:  # the worker died mid-request
                answers.append(error)

        first = threading.Thread(target=issue_and_die, daemon=True)
        first.start()

        # The worker has written the PDF and stopped before the commit: kill it by its PID.
        stop = wait_for(paused)
        orphan = stop["name"]
        assert (media / orphan).read_bytes().startswith(b"%PDF")
        os.kill(stop["pid"], signal.SIGKILL)
        first.join(timeout=30)
        assert isinstance(answers[0], http.client.RemoteDisconnected)  # no answer: the worker died

        state = shell(STATE.format(pk=pk), env=env)
        assert (state["status"], state["number"], state["pdf"]) == ("approved", None, "")
        assert "notice.number" not in state["audit"] and "notice.issue" not in state["audit"]
        # The signed file was written under a pending name: no file has the notice's final name.
        assert orphan.startswith("notices/pending/")
        assert list((media / "notices").glob(f"{NUMBER}-*.pdf")) == []
        listed = manage("check_storage", env=env, check=False)
        assert listed.returncode == 1
        assert f"Tệp không thuộc hồ sơ nào (1):\n  {orphan}  (" in listed.stdout
        assert "Hồ sơ mất tệp" not in listed.stdout and "không khớp SHA-256" not in listed.stdout

        # The master has started a new worker: the same clerk issues it again, same number.
        server.wait_ready()
        status, _, headers = clerk.post(f"/notices/{pk}/issue/", issue)
        assert status == 302 and headers["Location"] == f"/notices/{pk}/"
        state = shell(STATE.format(pk=pk), env=env)
        assert (state["status"], state["number"]) == ("issued", NUMBER)
        assert state["pdf"] != orphan and state["pdf_sha256"] == state["file_sha256"]
        assert state["audit"][-3:] == ["notice.number", "notice.seal", "notice.issue"]

    # Issuing the number again removed the dead attempt's file: one file for one number.
    assert not (media / orphan).exists() and (media / state["pdf"]).exists()
    numbered = [p.name for p in (media / "notices").rglob("*.pdf") if f"{NUMBER}-" in p.name]
    assert numbered == [PurePosixPath(state["pdf"]).name]
    assert "Kho lưu trữ và hồ sơ khớp nhau." in manage("check_storage", env=env).stdout


def issued_code(app, server) -> str:
    """Issue the second notice through the server (once) and return its verification code."""
    pk = app["notices"]["verify"]
    state = shell(STATE.format(pk=pk), env=app["env"])
    if state["status"] != "issued":
        clerk = Visitor(server.url, address="198.51.100.42")
        clerk.log_in("vanthu", "demo-2023")
        clerk.get(f"/notices/{pk}/issue/")
        assert (
            clerk.post(f"/notices/{pk}/issue/", {"number": "42", "issued_on": today(), "confirm_gap": "42"})[
                0
            ]
            == 302
        )
    code = "import json; from inspections.models import Notice; "
    code += f"print(json.dumps(Notice.objects.get(pk={pk}).verification_code))"
    return shell(code, env=app["env"])


def test_two_app_processes_count_posts_to_the_public_page_together(app):
    with (
        Server(app["env"], app["folder"] / "a.log") as first,
        Server(app["env"], app["folder"] / "b.log") as second,
    ):
        path = f"/verify/{issued_code(app, first)}/"
        # One visitor (one address, as the proxy saw it) whose posts land on either process.
        on_first, on_second = Visitor(first.url, "203.0.113.9"), Visitor(second.url, "203.0.113.9")
        for visitor in (on_first, on_second):
            assert visitor.get(path)[0] == 200  # the CSRF cookie of each
        copy = ("file", "ban-sao.pdf", b"%PDF-1.7 ban sao")
        statuses = [on_first.post_file(path, *copy)[0] for _ in range(3)]
        statuses += [on_second.post_file(path, *copy)[0] for _ in range(2)]
        assert statuses == [200] * 5
        status, html, headers = on_first.post_file(path, "file", "ban-sao.pdf", b"%PDF-1.7")
        assert status == 429 and "Vui lòng thử lại sau" in html and int(headers["Retry-After"]) <= 60
        assert on_second.post_file(path, "file", "ban-sao.pdf", b"%PDF-1.7")[0] == 429
        assert Visitor(second.url, "203.0.113.10").get(path)[0] == 200


def test_a_200_mb_post_over_a_socket_never_puts_more_than_the_limit_on_disk(app):
    uploads = app["folder"] / "uploads"
    uploads.mkdir(exist_ok=True)
    env = app["env"] | {"FILE_UPLOAD_TEMP_DIR": str(uploads)}
    with Server(env, app["folder"] / "upload.log") as server:
        path = f"/verify/{issued_code(app, server)}/"
        visitor = Visitor(server.url, "203.0.113.20")
        visitor.get(path)
        boundary = "hostile-upload"
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f'{visitor.csrf_token}\r\n--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="ban-sao.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n'
        ).encode()
        length = len(head) + 200 * MB
        request = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nX-Forwarded-For: 203.0.113.20\r\n"
            f"Cookie: csrftoken={visitor.csrf_token}\r\nContent-Length: {length}\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\n\r\n"
        ).encode()
        on_disk, sent, done = [0], 0, threading.Event()

        def watch():
            while not done.is_set():
                on_disk.append(sum(p.stat().st_size for p in uploads.iterdir() if p.is_file()))
                time.sleep(0.002)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        with socket.create_connection(("127.0.0.1", server.port), timeout=60) as connection:
            connection.sendall(request + head)
            chunk = bytes(MB)
            try:
                while sent < 200 * MB:
                    connection.sendall(chunk)
                    sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server stopped reading at the limit and closed the connection
        done.set()
        watcher.join()
    assert sent < 200 * MB  # cut off
    assert max(on_disk) <= VERIFY_MAX_BYTES
    assert max(on_disk) > VERIFY_MAX_BYTES // 2  # the watcher did see the upload on disk
