#!/usr/bin/env python
"""Does gunicorn's --timeout end a runaway request? Measured for each worker class.

For each set-up, starts gunicorn on bench/runaway_app.py with --timeout TIMEOUT, sends one
request that never finishes on its own (/spin), and reports: how long the client waited
before the connection ended (or that it was still waiting after 4 × TIMEOUT), whether the
worker running it was replaced, how much CPU the worker processes burned during the last
second, and whether a second request (/pid) was answered meanwhile.

    .venv/bin/python bench/worker_timeout.py [--timeout 5]
"""

import argparse
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETUPS = {
    "gthread (4 workers x 2 threads)": ["--workers", "4", "--worker-class", "gthread", "--threads", "2"],
    "sync (5 workers)": ["--workers", "5", "--worker-class", "sync"],
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str, timeout: float) -> tuple[str, float]:
    start = time.monotonic()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return f"HTTP {response.status}", time.monotonic() - start
    except TimeoutError:
        return "still waiting", time.monotonic() - start
    except (ConnectionError, http.client.HTTPException) as error:
        return f"connection ended ({error.__class__.__name__})", time.monotonic() - start


def workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def busy_cpu(master: int) -> float:
    """CPU seconds the workers used over one second of wall time (1.0 = one core busy)."""
    before = {pid: cpu_seconds(pid) for pid in workers(master)}
    time.sleep(1)
    return sum(cpu_seconds(pid) - used for pid, used in before.items() if Path(f"/proc/{pid}").exists())


def measure(name: str, options: list[str], timeout: int) -> None:
    port = free_port()
    work = tempfile.mkdtemp(prefix="worker-timeout-")
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"), "runaway_app", "--chdir", str(ROOT / "bench"),
        "--bind", f"127.0.0.1:{port}", "--timeout", str(timeout), "--graceful-timeout", "2",
        "--pid", f"{work}/pid", *options,
    ]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=open(f"{work}/log", "w"))  # noqa: SIM115
    try:
        for _ in range(100):
            if get(port, "/pid", 1)[0].startswith("HTTP 200"):
                break
            time.sleep(0.1)
        before = set(workers(server.pid))
        result = {}
        spin = threading.Thread(target=lambda: result.update(spin=get(port, "/spin", 4 * timeout)))
        spin.start()
        time.sleep(1)
        other, other_wait = get(port, "/pid", 10)
        spin.join()
        outcome, waited = result["spin"]
        cpu = busy_cpu(server.pid)
        replaced = before - set(workers(server.pid))
        timeouts = Path(f"{work}/log").read_text().count("WORKER TIMEOUT")
        print(
            f"{name}: the runaway request: {outcome} after {waited:.1f} s (--timeout {timeout}); "
            f"'WORKER TIMEOUT' in the log: {timeouts}; workers replaced: {len(replaced)}; "
            f"another request meanwhile: {other} in {other_wait * 1000:.0f} ms; "
            f"workers' CPU in the last second: {cpu:.2f} core"
        )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timeout", type=int, default=5)
    args = parser.parse_args()
    version = subprocess.run([sys.executable, "-m", "gunicorn", "--version"], capture_output=True, text=True)
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(f"{version.stdout.strip()}, {os.cpu_count()} cores, load before: {load}")
    for name, options in SETUPS.items():
        measure(name, options, args.timeout)


if __name__ == "__main__":
    main()
