"""Migration 0012 gives every notice issued before the register its line, on both engines."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("inspections", "0011_paper_copy_attach"), ("units", "0002_i20_printable_text")]
AFTER = [("inspections", "0012_register_entries"), ("units", "0003_organization_numbering")]


def test_notices_issued_before_the_register_get_their_lines_in_one_series():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Organization = old.get_model("units", "Organization")
    User = old.get_model("units", "User")
    board = Organization.objects.create(
        name="Ban Quản lý Khu kinh tế Hải Phòng", abbreviation="BQL", place="HP"
    )
    clerk = User.objects.create(username="vanthu", full_name="Phạm Thị Hoa")
    plan = old.get_model("inspections", "InspectionPlan").objects.create(
        organization=board, year=2023, title="KH"
    )
    inspection = old.get_model("inspections", "Inspection").objects.create(
        plan=plan, title="Đợt", starts_on=date(2023, 6, 6), ends_on=date(2023, 6, 7)
    )
    Notice = old.get_model("inspections", "Notice")
    recipient = old.get_model("inspections", "NoticeRecipient")

    def issued(number, symbol, signer_name=""):
        notice = Notice.objects.create(
            inspection=inspection, organization=board, place="Hải Phòng", title=f"Kết quả {number}",
            symbol=symbol, signer_name=signer_name, created_by=clerk,
        )  # fmt: skip
        recipient.objects.create(notice=notice, text="Các phòng chuyên môn", position=1)
        Notice.objects.filter(pk=notice.pk).update(
            status="issued", number=number, year=2023, issued_on=date(2023, 6, 14)
        )
        return notice.pk

    first = issued(2880, "TB-BQL", "Bùi Ngọc Hải")
    twin = issued(2880, "TB-VP")  # allowed before: the notice's constraint includes the symbol
    Notice.objects.create(
        inspection=inspection, organization=board, place="HP", title="Dự thảo", created_by=clerk
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = MigrationExecutor(connection).loader.project_state(AFTER).apps
    lines = new.get_model("inspections", "RegisterEntry").objects.order_by("pk")
    assert [(line.notice_id, line.series, line.number, line.kind) for line in lines] == [
        (first, "", 2880, "notice"),
        (twin, "notice", 2880, "notice"),  # kept, in a series of its own: the page shows "Trùng số"
    ]
    assert (lines[0].signer_name, lines[0].recipients, lines[0].symbol) == (
        "Bùi Ngọc Hải",
        "Các phòng chuyên môn",
        "TB-BQL",
    )
    assert lines[0].search_text.startswith("2880/tb-bql ket qua 2880")
    call_command("migrate", verbosity=0)  # back to the latest state for the next tests
