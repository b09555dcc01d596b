"""Bounded work per upload: every parser is linear, lines and files longer than a notice are
refused, an interrupted save can be pressed again, unsaved previews are swept after a day.

How long the worst cases take is measured by bench/limits_bench.py (docs/benchmarks.md); these
tests only require that they finish, with the answer a clerk should see.
"""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from inspections.importing import ImportRefused, read_notice
from inspections.importing.decode import MAX_BYTES
from inspections.importing.parsed import MAX_PROBLEMS
from inspections.models import Notice
from inspections.services.importing import PENDING_DIR, sweep_pending

UPLOAD = reverse("inspections:import-upload")
SAVE = reverse("inspections:import-save")
HEAD = "Số: 2880/TB-BQL\nHải Phòng, ngày 14 tháng 6 năm 2023\nTHÔNG BÁO\nKết quả kiểm tra\n\n"


def five_mb(text: str) -> bytes:
    """`text` cut to the largest upload allowed, at a character boundary."""
    return text.encode()[:MAX_BYTES].decode("utf-8", "ignore").encode()


def lines_of(unit: str, width: int = 19_000) -> str:
    """Lines just under the length limit, enough of them to fill 5 MB."""
    line = (unit * (width // len(unit) + 1))[:width]
    return HEAD + (line + "\n") * (MAX_BYTES // width + 1)


# Each input made the old parser quadratic (or worse) somewhere.
WORST_CASES = {
    "struck markers": lines_of("~"),
    "struck words": lines_of("~~a~~ a "),
    "digit runs before a slash": lines_of("1"),
    "italic markers": lines_of("*a "),
    "Markdown escapes": lines_of("\\~"),
    "page-break joins": HEAD + ("một hai ba " * 40 + "\n\n") * 12_000,
    "citation clauses": HEAD
    + "\n\n".join(["Căn cứ Kế hoạch số 1/KH-BQL ngày 01/01/2023 của UBND" + " về" * 300] * 5_000),
}


@pytest.mark.parametrize("text", WORST_CASES.values(), ids=WORST_CASES.keys())
def test_the_parser_reads_five_megabytes_of_its_worst_input_to_the_end(text):
    data = five_mb(text)
    assert len(data) > MAX_BYTES - 8
    try:
        notice = read_notice(data, "xau.txt")
    except ImportRefused as refusal:
        problems = refusal.problems
    else:
        problems = notice.problems
    # The report stays a report: the first repairs, then one line saying there were more.
    assert len(problems) <= MAX_PROBLEMS + 1


def test_a_line_longer_than_any_paragraph_is_refused_with_its_length():
    with pytest.raises(ImportRefused, match=r"^Dòng 1 dài 5\.242\.87\d ký tự \(tối đa 20\.000"):
        read_notice(five_mb("Số: " + "~" * MAX_BYTES), "so.txt")


def test_a_file_of_more_lines_than_a_notice_has_is_refused():
    with pytest.raises(ImportRefused, match="Tệp có hơn 20.000 dòng"):
        read_notice(HEAD.encode() + b"a\n" * 30_000, "dai.txt")


def test_a_struck_duplicate_is_still_dropped_and_a_lone_struck_word_kept():
    notice = read_notice(
        (
            "Số: ~~2880~~ TB-BQL\nHải Phòng, ngày 14 tháng 6 năm 2023\nTHÔNG BÁO\nKết quả\n\n"
            "Căn cứ Thông báo số ~~2335~~ 2335/TB-BQL ngày 26/5/2023 của Ban Quản lý về kiểm tra.\n\n"
            "1. Mục một.\n\nNơi nhận:\n- Lưu: VT.\n\nPHÓ TRƯỞNG BAN\n\nBùi Ngọc Hải\n"
        ).encode(),
        "seed.txt",
    )
    assert notice.reference == "2880/TB-BQL"
    assert notice.opening.startswith("Căn cứ Thông báo số 2335/TB-BQL ngày 26/5/2023")
    reasons = [p.reason for p in notice.problems]
    assert "Giữ lại chữ bị gạch ngang vì không có bản nào khác." in reasons
    assert "Bỏ phần gạch ngang trùng lặp với chữ ngay sau." in reasons


@pytest.mark.django_db
def test_a_five_megabyte_line_of_tildes_is_refused_through_the_page(client, board, clerk):
    client.force_login(clerk)
    data = five_mb("Số: " + "~" * MAX_BYTES)
    response = client.post(UPLOAD, {"file": SimpleUploadedFile("so.txt", data, "text/plain")})
    assert response.status_code == 200
    (error,) = response.context["form"].errors["file"]
    assert error.startswith("Dòng 1 dài 5.242.87") and "tối đa 20.000 ký tự một dòng" in error
    assert not Notice.objects.exists()


@pytest.mark.django_db
def test_five_megabytes_of_struck_lines_are_previewed_through_the_page(client, board, clerk):
    client.force_login(clerk)
    data = five_mb(lines_of("~"))
    response = client.post(UPLOAD, {"file": SimpleUploadedFile("so.txt", data, "text/plain")})
    # Each line is "~~~~~" struck copies of the "~" after them: all but one "~" are dropped.
    assert response.status_code == 200
    assert "Xem trước: Thông báo số 2880/TB-BQL" in response.content.decode()
    assert len(response.context["parsed"].problems) == MAX_PROBLEMS + 1
    assert not Notice.objects.exists()


@pytest.mark.django_db
def test_a_part_longer_than_the_notice_allows_is_refused_not_cut(board, clerk, seed_000, import_file):
    long_item = seed_000.replace(b"1. ", ("1. " + "Nội dung rất dài. " * 700).encode(), 1)
    with pytest.raises(ImportRefused, match=r"Mục 1 dài 1[23]\.\d{3} ký tự, quá giới hạn 5\.000 ký tự"):
        import_file(long_item)
    assert not Notice.objects.exists()


@pytest.mark.django_db
def test_after_a_failed_save_the_same_preview_saves(client, board, clerk, seed_000, monkeypatch):
    from inspections.services import importing

    client.force_login(clerk)
    token = client.post(UPLOAD, {"file": SimpleUploadedFile("2880.txt", seed_000, "text/plain")}).context[
        "token"
    ]
    write = importing._write

    def crash(*args, **kwargs):
        write(*args, **kwargs)  # everything written, then the worker dies before the commit
        raise RuntimeError("mất kết nối cơ sở dữ liệu")

    monkeypatch.setattr(importing, "_write", crash)
    client.raise_request_exception = False
    assert client.post(SAVE, {"token": token}).status_code == 500
    assert not Notice.objects.exists()  # rolled back

    monkeypatch.setattr(importing, "_write", write)
    saved = client.post(SAVE, {"token": token}, follow=True)
    assert "Đã nhập thông báo 2880/TB-BQL ngày 14/6/2023." in saved.content.decode()
    assert Notice.objects.get().reference == "2880/TB-BQL"
    _, pending = default_storage.listdir(PENDING_DIR)
    assert pending == []  # the preview's file goes once it is saved


@pytest.mark.django_db
def test_a_refused_save_keeps_the_preview_for_another_try(client, board, clerk, seed_000, monkeypatch):
    from inspections.services import importing

    client.force_login(clerk)
    token = client.post(UPLOAD, {"file": SimpleUploadedFile("2880.txt", seed_000, "text/plain")}).context[
        "token"
    ]

    def refuse(*args, **kwargs):
        raise ImportRefused("Số 2880/TB-BQL năm 2023 đã thuộc thông báo khác; không nhập.")

    monkeypatch.setattr(importing, "_write", refuse)
    refused = client.post(SAVE, {"token": token}, follow=True)
    assert "đã thuộc thông báo khác" in refused.content.decode()
    monkeypatch.undo()
    client.post(SAVE, {"token": token})
    assert Notice.objects.get().reference == "2880/TB-BQL"


@pytest.mark.django_db
def test_previews_nobody_saved_are_swept_after_a_day(client, board, clerk, seed_000):
    old = default_storage.save(f"{PENDING_DIR}/cu.txt", ContentFile(b"old preview"))
    client.force_login(clerk)
    client.post(UPLOAD, {"file": SimpleUploadedFile("2880.txt", seed_000, "text/plain")})
    _, names = default_storage.listdir(PENDING_DIR)
    assert len(names) == 2  # an hour-old preview stays
    # The next day: the old one and today's both go, by the command cron runs …
    tomorrow = timezone.now() + timedelta(days=1, minutes=1)
    assert sweep_pending(now=tomorrow) == 2
    assert default_storage.listdir(PENDING_DIR)[1] == []
    # … and by the upload page itself.
    default_storage.save(old, ContentFile(b"old preview"))
    call_command("sweep_imports")  # less than a day old: kept
    assert default_storage.exists(old)
