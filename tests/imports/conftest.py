from pathlib import Path

import pytest

DEMO_DATA = Path(__file__).resolve().parents[2] / "inspections" / "demo_data"


@pytest.fixture
def seed_000() -> bytes:
    """2880/TB-BQL (the 9 departments), with the scan's conversion damage."""
    return (DEMO_DATA / "2880-TB-BQL-2023.txt").read_bytes()


@pytest.fixture
def seed_001() -> bytes:
    """2819/TB-BQL (the 2 public service units)."""
    return (DEMO_DATA / "2819-TB-BQL-2023.txt").read_bytes()


@pytest.fixture
def board(demo):
    """The demo board and its 2023 records, without the imported notices."""
    return demo


@pytest.fixture
def import_file(clerk):
    from inspections.services.importing import import_notice_file

    def run(data: bytes, name: str = "thong-bao.txt", by=None):
        return import_notice_file(data, name, by=by or clerk)

    return run
