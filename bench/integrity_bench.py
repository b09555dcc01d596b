"""What the issued-file check costs on each serve (issue 17): read the stored PDF and compare
its SHA-256 with the record's, as inspections.services.integrity.verified_pdf does.

    .venv/bin/python bench/integrity_bench.py

Prints the median over 1,000 checks of a 40 kB file (a typical issued notice) and of a 2 MB
file (a long notice with images), next to a plain read of the same file.
"""

import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inspections.services.integrity import verified_pdf  # noqa: E402


class StoredFile:
    def __init__(self, path: Path):
        self.path, self.name = path, path.name

    def __bool__(self):
        return True

    def open(self, mode="rb"):
        return open(self.path, mode)


def median_ms(function, runs: int = 1000) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for size in (40 * 1024, 2 * 1024 * 1024):
            path = Path(folder) / f"{size}.pdf"
            data = os.urandom(size)
            path.write_bytes(data)
            digest = hashlib.sha256(data).hexdigest()
            notice = SimpleNamespace(pk=1, reference="2880/TB-BQL", pdf=StoredFile(path), pdf_sha256=digest)
            plain = median_ms(path.read_bytes)
            checked = median_ms(lambda notice=notice: verified_pdf(notice))
            print(f"{size // 1024:>5} kB: plain read {plain:.3f} ms, read + SHA-256 check {checked:.3f} ms")


if __name__ == "__main__":
    main()
