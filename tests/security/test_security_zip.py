"""Zip-based files are opened with limits: a .docx or .xlsx that would inflate past them is
refused from its directory, before anything is inflated, with the limit named; one that lies
about its sizes is stopped while it is read; XML with a DTD is refused."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from hostile_files import MB, billion_laughs_docx, declare_size, docx_with, many_members_docx, paragraphs

from inspections.importing import ImportRefused, read_notice
from inspections.models import Notice
from inspections.safezip import ZipLimits, ZipRefused, inflate_all, open_zip
from inspections.services.evidence import check_upload

# word/document.xml is 413 MB, the rest of the package 0.8 MB.
SIZE_REFUSAL = "Tệp khi giải nén lên tới 414 MB, vượt giới hạn 20 MB: không nhận."


def peak_allocated(action) -> int:
    """The most memory Python held at once while `action` ran, above what it held before."""
    tracemalloc.start()
    try:
        action()
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def refusal(data: bytes) -> str:
    with pytest.raises(ImportRefused) as refused:
        read_notice(data, "thong-bao.docx")
    return refused.value.message


def test_the_413_mb_docx_is_refused_from_its_directory_with_the_limit_named(bomb):
    assert len(bomb) < 2 * MB
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert archive.getinfo("word/document.xml").file_size == 413 * MB
    messages = []
    peak = peak_allocated(lambda: messages.append(refusal(bomb)))
    assert messages == [SIZE_REFUSAL]
    assert peak < 10 * MB  # nothing was inflated


def test_a_docx_that_declares_less_than_it_holds_is_stopped_at_what_it_declared(bomb):
    small_claim = declare_size(bomb, "word/document.xml", 4000)
    messages = []
    peak = peak_allocated(lambda: messages.append(refusal(small_claim)))
    assert messages == ["Tệp nén bị hỏng hoặc không phải tệp Word/Excel hợp lệ."]
    assert peak < 10 * MB

    # Declared within the limit (15 MB) but holding 413 MB: read until the declared size, refused.
    within_limit = declare_size(bomb, "word/document.xml", 15 * MB)
    peak = peak_allocated(lambda: messages.append(refusal(within_limit)))
    assert messages[-1] == "Tệp nén bị hỏng hoặc không phải tệp Word/Excel hợp lệ."
    assert peak < 10 * MB


def test_reading_stops_at_the_total_limit_even_when_every_member_tells_the_truth():
    archive = open_zip(io.BytesIO(docx_with(paragraphs(3 * MB))), ZipLimits(1000, 20 * MB, 1000))
    with pytest.raises(ZipRefused, match="vượt giới hạn 2 MB"):
        inflate_all(archive, ZipLimits(1000, 2 * MB, 1000))


def test_too_many_members_and_a_dtd_are_refused():
    assert refusal(many_members_docx(600)).startswith("Tệp nén có 6")
    assert "vượt giới hạn 500 thành phần" in refusal(many_members_docx(600))
    assert refusal(billion_laughs_docx()) == (
        "Tệp có khai báo DTD hoặc thực thể XML (tệp Word, Excel thông thường không có): không nhận."
    )


def test_an_ordinary_word_file_still_reads(demo, clerk):
    from inspections.docx_export import notice_docx
    from inspections.services.importing import import_demo_notices

    notice = import_demo_notices(demo.organization)[0].notice
    parsed = read_notice(notice_docx(notice), "2880.docx")
    assert (parsed.number, parsed.symbol) == (2880, "TB-BQL")


@pytest.mark.django_db
def test_the_import_page_refuses_the_bomb_next_to_the_field(client, clerk, organization, bomb):
    client.force_login(clerk)
    upload = SimpleUploadedFile("thong-bao.docx", bomb)
    responses = []
    peak = peak_allocated(
        lambda: responses.append(client.post(reverse("inspections:import-upload"), {"file": upload}))
    )
    response = responses[0]
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [SIZE_REFUSAL]
    assert not Notice.objects.exists()
    assert peak < 20 * MB


@pytest.mark.django_db
def test_import_notice_refuses_the_bomb(clerk, organization, bomb, tmp_path, capsys):
    path = tmp_path / "2880.docx"
    path.write_bytes(bomb)
    with pytest.raises(CommandError, match="1/1 tệp bị từ chối"):
        call_command("import_notice", str(path), "--by", clerk.username)
    assert f"{path}: TỪ CHỐI – {SIZE_REFUSAL}" in capsys.readouterr().err
    assert not Notice.objects.exists()


@pytest.mark.django_db
def test_import_notice_reads_no_more_than_the_size_limit_of_a_huge_file(
    clerk, organization, tmp_path, capsys
):
    path = tmp_path / "khong-phai.txt"
    with path.open("wb") as handle:
        handle.truncate(2 * 1024 * MB)  # a 2 GB sparse file: never read whole
    command = ["import_notice", str(path), "--by", clerk.username]
    peak = peak_allocated(lambda: pytest.raises(CommandError, call_command, *command))
    assert "Tệp quá lớn (trên 5 MB)" in capsys.readouterr().err
    assert peak < 20 * MB


def test_evidence_and_follow_up_files_refuse_the_bomb_from_its_directory(bomb):
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("bang-tong-hop.docx", bomb))
    (message,) = refused.value.messages
    assert message.startswith("Tệp “bang-tong-hop.docx”: Thành phần “word/document.xml” giải nén ra 413 MB")
    assert message.endswith("vượt tỉ lệ nén cho phép 100 lần: có thể là “bom nén”, không nhận.")
