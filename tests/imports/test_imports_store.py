"""Storing: attached to the 2023 records, idempotent, one transaction per file, audited."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from inspections.importing import ImportRefused
from inspections.models import (
    AuditEvent,
    Inspection,
    InspectionPlan,
    Notice,
    NoticeItem,
    ReferenceDocument,
    UnitCheck,
)
from units.models import User

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Notice,
            NoticeItem,
            ReferenceDocument,
            InspectionPlan,
            Inspection,
            UnitCheck,
            User,
            AuditEvent,
        )
    }


def test_seeds_attach_to_the_demo_rounds_and_create_nothing_else(
    board, import_file, seed_000, seed_001, clerk
):
    before = counts()
    first = import_file(seed_000, "2880.txt")
    second = import_file(seed_001, "2819.txt")
    assert first.created and second.created and first.made == [] and second.made == []
    assert first.notice.inspection == board.departments_round
    assert second.notice.inspection == board.service_units_round
    after = counts()
    assert after["Notice"] == before["Notice"] + 2
    assert after["ReferenceDocument"] == before["ReferenceDocument"]
    assert after["Inspection"] == before["Inspection"] and after["User"] == before["User"]
    notice = Notice.objects.get(number=2880)
    assert (notice.status, notice.year, notice.issued_on, notice.imported) == (
        "issued",
        2023,
        date(2023, 6, 14),
        True,
    )
    assert notice.signer.username == "bui.ngoc.hai"
    assert (notice.authority, notice.authority_title, notice.signer_title, notice.signer_name) == (
        "KT.",
        "TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "Bùi Ngọc Hải",
    )
    assert [link.document.number_symbol for link in notice.basis_links.order_by("position")] == [
        "4647/QĐ-UBND",
        "146/KH-BQL",
        "810/KH-BQL",
        "2335/TB-BQL",
    ]
    assert notice.items.count() == 5 and notice.recipients.count() == 3
    assert notice.source_file.read() == seed_000
    assert "ky luat" in notice.search_text
    event = AuditEvent.objects.about(notice).get()
    assert (event.action, event.actor) == ("notice.import", clerk)
    assert event.data["file"] == "2880.txt"


def test_importing_the_same_file_twice_creates_nothing_new(board, import_file, seed_000):
    first = import_file(seed_000)
    before = counts()
    again = import_file(seed_000)
    assert not again.created and again.notice == first.notice
    assert counts() == before


def test_a_number_held_by_another_notice_is_refused_and_nothing_is_written(board, import_file, seed_000):
    import_file(seed_000)
    other = seed_000.replace("tại nơi làm việc.".encode(), "tại trụ sở.".encode())
    before = counts()
    with pytest.raises(ImportRefused) as refused:
        import_file(other)
    assert refused.value.message == "Số 2880/TB-BQL năm 2023 đã thuộc thông báo khác; không nhập."
    assert counts() == before


def test_an_imported_notice_is_frozen(board, import_file, seed_001):
    from inspections.models import NoticeFrozen

    notice = import_file(seed_001).notice
    notice.title = "Sửa"
    with pytest.raises(NoticeFrozen):
        notice.save()


def test_without_the_records_it_creates_documents_plan_round_visits_and_signer(
    organization, make_unit, import_file, seed_001
):
    make_unit("Trường Trung cấp Khu kinh tế", "service_unit", "Trường Trung cấp KKT")
    make_unit(
        "Trung tâm Xúc tiến Đầu tư và Dịch vụ việc làm Khu kinh tế", "service_unit", "Trung tâm XTĐT&DVVL KKT"
    )
    make_unit("Văn phòng")
    result = import_file(seed_001)
    notice = result.notice
    assert ReferenceDocument.objects.count() == 4
    assert ReferenceDocument.objects.get(number_symbol="146/KH-BQL").kind == "plan"
    assert ReferenceDocument.objects.get(number_symbol="2535/TB-BQL").kind == "notice"
    plan = notice.inspection.plan
    assert (plan.year, plan.document.number_symbol) == (2023, "810/KH-BQL")
    assert [d.number_symbol for d in plan.legal_bases.order_by("planlegalbasis__position")] == [
        "4647/QĐ-UBND",
        "146/KH-BQL",
    ]
    round_ = notice.inspection
    assert round_.announcement.number_symbol == "2535/TB-BQL"
    assert (round_.starts_on, round_.ends_on) == (date(2023, 6, 8), date(2023, 6, 8))
    assert sorted(u.short_name for u in round_.units.all()) == [
        "Trung tâm XTĐT&DVVL KKT",
        "Trường Trung cấp KKT",
    ]
    assert round_.unit_checks.filter(status="done").count() == 2
    signer = notice.signer
    assert (signer.full_name, signer.title, signer.is_active) == ("Bùi Ngọc Hải", "Phó Trưởng ban", False)
    assert not signer.has_usable_password()
    assert any("Người ký Bùi Ngọc Hải" in line for line in result.made)


def test_only_a_clerk_may_import(board, import_file, seed_000, inspector):
    with pytest.raises(PermissionDenied):
        import_file(seed_000, by=inspector)
    assert not Notice.objects.exists()


@pytest.mark.parametrize(
    "data", [b"", b"\x00\x01\x02" * 50, "Hải Phòng".encode("cp1258", errors="replace") + b"\xe2\xec"]
)
def test_bad_files_write_nothing(board, import_file, data):
    before = counts()
    with pytest.raises(ImportRefused):
        import_file(data)
    assert counts() == before


def test_the_command_reports_each_file_and_fails_when_one_is_refused(
    board, clerk, tmp_path, seed_000, capsys
):
    good = tmp_path / "2880.txt"
    good.write_bytes(seed_000)
    bad = tmp_path / "rong.txt"
    bad.write_bytes(b"")
    with pytest.raises(CommandError, match="1/2 tệp bị từ chối"):
        call_command("import_notice", str(good), str(bad), "--by", clerk.username)
    out, err = capsys.readouterr()
    assert "đã nhập 2880/TB-BQL ngày 14/6/2023" in out
    assert "Dòng 3" in out and "Thiếu dấu “/”" in out
    assert "rong.txt: TỪ CHỐI – Tệp rỗng" in err
    call_command("import_notice", str(good), "--by", clerk.username)
    assert "đã có 2880/TB-BQL" in capsys.readouterr().out


def test_the_seed_files_import_into_the_demo_records_and_stay_idempotent(db):
    from inspections import demo as records_demo
    from inspections.services.importing import import_demo_notices
    from units import demo as units_demo

    board = units_demo.load()
    records_demo.load(board)
    import_demo_notices(board)
    import_demo_notices(board)
    issued = Notice.objects.filter(imported=True, status="issued").order_by("number")
    assert [(n.reference, n.issued_on) for n in issued] == [
        ("2819/TB-BQL", date(2023, 6, 14)),
        ("2880/TB-BQL", date(2023, 6, 14)),
    ]
    assert issued[0].inspection.announcement.number_symbol == "2535/TB-BQL"
    assert issued[1].inspection.announcement.number_symbol == "2335/TB-BQL"


@pytest.mark.real_pdf
def test_asked_for_it_the_import_stores_an_unsigned_copy_that_never_poses_as_digitally_signed(
    board, clerk, seed_000, client
):
    """Imported notices were signed on paper: the app's copy prints "(Đã ký)" where the
    signature stood, carries no digital signature, and the verification page says so."""
    import hashlib

    from django.urls import reverse

    from inspections.importing.roundtrip import pdf_text
    from inspections.services.importing import import_notice_file

    notice = import_notice_file(seed_000, "2880.txt", by=clerk, with_pdf=True).notice
    notice.refresh_from_db()
    data = notice.pdf.read()
    assert data.startswith(b"%PDF") and b"/ByteRange" not in data and b"/Sig" not in data
    assert hashlib.sha256(data).hexdigest() == notice.pdf_sha256
    text = " ".join(pdf_text(data).split())
    assert "Số: 2880/TB-BQL" in text and "(Đã ký) Bùi Ngọc Hải" in text
    page = client.get(reverse("inspections:verify", args=[notice.verification_code])).content.decode()
    assert "2880/TB-BQL" in page and notice.pdf_sha256[:32] in page and notice.pdf_sha256[32:] in page
    assert "không mang chữ ký số" in page and "Chữ ký 1" not in page


def test_without_asking_an_import_stores_no_pdf_of_ours(board, import_file, seed_001):
    notice = import_file(seed_001).notice
    assert not notice.pdf and not notice.verification_code
