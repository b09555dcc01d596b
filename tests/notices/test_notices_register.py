"""The board's outgoing register: one yearly series across kinds, entries made by hand (issues 13, 17).

The seeds show 146/KH (12/01), 810/KH (02/3), 2335/TB (02/5), 2535/TB (22/5), 2819 and 2880/TB
(14/6/2023): one series for every kind. The demo enters the four the app did not make.
"""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from inspections import demo_register
from inspections.models import AuditEvent, Notice, RegisterEntry, RegisterEntryFrozen
from inspections.models.register import DocumentKind
from inspections.services.issuing import NumberTaken, issue_notice, suggest_number
from inspections.services.register import next_free
from units.models import Organization

pytestmark = pytest.mark.django_db
SEEDS_ENTERED = ["board_plan", "inspection_plan", "departments_schedule", "service_units_schedule"]


def issue_in_2023(make_notice, clerk, number, inspection=None):
    """A notice approved and issued on 14/6/2023 under `number`, as the demo's two were."""
    notice = make_notice("approved", inspection=inspection)
    Notice.objects.filter(pk=notice.pk).update(
        approved_at=timezone.make_aware(timezone.datetime(2023, 6, 14))
    )
    notice.refresh_from_db()
    return issue_notice(notice, by=clerk, number=number, issued_on=date(2023, 6, 14))


@pytest.fixture
def register_2023(demo, make_notice, clerk):
    """The 2023 register of the seeds' documents: four entered by hand (the demo issues 810, 2335
    and 2535 in the app; here they stand for documents made elsewhere), 2819 and 2880 issued here."""
    demo_register.load(demo.organization, keys=SEEDS_ENTERED)
    issue_in_2023(make_notice, clerk, 2819, demo.service_units_round)
    issue_in_2023(make_notice, clerk, 2880, demo.departments_round)
    return demo.organization


def entry_data(**fields) -> dict:
    data = {
        "kind": "plan",
        "number": "2880",
        "symbol": "KH-BQL",
        "issued_on": "2023-06-15",
        "summary": "Kiểm tra công tác văn thư năm 2023",
    }
    return data | fields


# --- One series across kinds ---------------------------------------------------------


def test_after_2880_the_suggestion_is_2881_whatever_kind(register_2023):
    for kind in (DocumentKind.NOTICE, DocumentKind.PLAN, DocumentKind.DECISION, DocumentKind.MINUTES):
        assert next_free(register_2023, 2023, kind) == 2881
    assert suggest_number(register_2023, 2023) == 2881
    assert next_free(register_2023, 2024, DocumentKind.PLAN) == 1  # a new year starts at 01


def test_the_demo_register_of_2023_holds_the_seeds_series_in_order(register_2023):
    lines = RegisterEntry.objects.filter(year=2023).order_by("number")
    assert [(line.reference, line.issued_on, line.is_external) for line in lines] == [
        ("146/KH-BQL", date(2023, 1, 12), True),
        ("810/KH-BQL", date(2023, 3, 2), True),
        ("2335/TB-BQL", date(2023, 5, 2), True),
        ("2535/TB-BQL", date(2023, 5, 22), True),
        ("2819/TB-BQL", date(2023, 6, 14), False),
        ("2880/TB-BQL", date(2023, 6, 14), False),
    ]
    assert lines[1].summary.startswith("Kiểm tra công tác cải cách hành chính, kỷ luật, kỷ cương công vụ")
    assert lines[1].entered_by.username == "vanthu"
    # Run again: nothing new.
    assert demo_register.load(register_2023, keys=SEEDS_ENTERED) and RegisterEntry.objects.count() == 6


def test_entering_a_plan_with_a_number_a_notice_took_is_refused_next_to_the_field(
    client, register_2023, clerk
):
    client.force_login(clerk)
    response = client.post(reverse("inspections:register-entry-create"), entry_data(number="2880"))
    assert response.status_code == 400
    errors = response.context["form"].errors["number"]
    assert errors == [
        "Số 2880/KH-BQL năm 2023 đã được dùng (Thông báo 2880/TB-BQL ngày 14/6/2023, "
        "dãy số chung mọi loại văn bản)."
    ]
    assert "Kiểm tra công tác văn thư năm 2023" in response.content.decode()  # what was typed stays
    assert not RegisterEntry.objects.filter(symbol="KH-BQL", number=2880).exists()


def test_issuing_a_notice_with_a_number_a_plan_took_is_refused(make_notice, register_2023, clerk):
    notice = make_notice("approved")
    Notice.objects.filter(pk=notice.pk).update(approved_at=timezone.make_aware(timezone.datetime(2023, 6, 1)))
    with pytest.raises(
        NumberTaken, match=r"Số 810/TB-BQL năm 2023 đã được dùng \(Kế hoạch 810/KH-BQL ngày 02/3/2023"
    ):
        issue_notice(notice, by=clerk, number=810, issued_on=date(2023, 6, 14))
    notice.refresh_from_db()
    assert (notice.status, notice.number) == ("approved", None)


def test_the_database_holds_one_number_per_series_and_year_across_kinds(register_2023, clerk):
    with pytest.raises(IntegrityError), transaction.atomic():
        RegisterEntry.objects.create(
            organization=register_2023,
            kind=DocumentKind.REPORT,
            year=2023,
            number=2335,
            symbol="BC-BQL",
            issued_on=date(2023, 7, 1),
            summary="Báo cáo",
            entered_by=clerk,
        )


@pytest.mark.parametrize("number", [0, 1_000_000, 2_147_483_647])
def test_the_database_keeps_numbers_in_range(register_2023, clerk, number):
    with pytest.raises(IntegrityError), transaction.atomic():
        RegisterEntry.objects.create(
            organization=register_2023,
            kind=DocumentKind.REPORT,
            year=2024,
            number=number,
            symbol="BC-BQL",
            issued_on=date(2024, 1, 5),
            summary="Báo cáo",
            entered_by=clerk,
        )


def test_with_one_series_per_kind_a_plan_may_carry_a_notice_s_number(client, register_2023, clerk):
    Organization.objects.filter(pk=register_2023.pk).update(numbering=Organization.Numbering.PER_KIND)
    register_2023.refresh_from_db()
    assert next_free(register_2023, 2023, DocumentKind.MINUTES) == 1
    client.force_login(clerk)
    data = entry_data(number="2", issued_on="2023-06-15", kind="minutes", symbol="BB-BQL", summary="Biên bản")
    response = client.post(reverse("inspections:register-entry-create"), data)
    assert response.status_code == 302
    line = RegisterEntry.objects.get(symbol="BB-BQL")
    assert (line.series, line.number) == ("minutes", 2)
    assert next_free(register_2023, 2023, DocumentKind.MINUTES) == 3


# --- Entries made by hand: who and when, audited, corrected only with a reason -----------------


def test_a_clerk_enters_a_document_issued_outside_the_app_and_it_is_audited(client, register_2023, clerk):
    client.force_login(clerk)
    response = client.post(reverse("inspections:register-entry-create"), entry_data(number="2881"))
    assert response.status_code == 302
    line = RegisterEntry.objects.get(number=2881)
    assert (line.kind, line.reference, line.entered_by, line.notice) == ("plan", "2881/KH-BQL", clerk, None)
    event = AuditEvent.objects.about(line).get()
    assert (event.action, event.actor, event.data["entry"]["number"]) == ("registerentry.create", clerk, 2881)
    assert suggest_number(register_2023, 2023) == 2882


def test_the_symbol_must_match_the_kind(client, register_2023, clerk):
    client.force_login(clerk)
    response = client.post(
        reverse("inspections:register-entry-create"), entry_data(number="2881", symbol="TB-BQL")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["symbol"] == [
        "Ký hiệu của kế hoạch bắt đầu bằng “KH-”, ví dụ KH-BQL."
    ]


@pytest.mark.parametrize("role", ["inspector", "leader", "outsider"])
def test_only_the_clerk_enters_documents(client, register_2023, request, role):
    client.force_login(request.getfixturevalue(role))
    assert (
        client.post(reverse("inspections:register-entry-create"), entry_data(number="2881")).status_code
        == 403
    )
    assert not RegisterEntry.objects.filter(number=2881).exists()


def edit(client, line, **fields):
    data = entry_data(
        kind=line.kind,
        number=str(line.number),
        symbol=line.symbol,
        issued_on=line.issued_on.isoformat(),
        summary=line.summary,
    )
    return client.post(reverse("inspections:register-entry-edit", args=[line.pk]), data | fields)


def test_a_correction_needs_a_reason_and_keeps_the_old_value_in_the_trail(client, register_2023, clerk):
    client.force_login(clerk)
    line = RegisterEntry.objects.get(number=146)
    response = edit(client, line, summary="Sửa trích yếu")
    assert response.status_code == 400
    assert response.context["form"].errors["reason"] == ["Nhập lý do sửa; lý do được lưu vào nhật ký của sổ."]
    response = edit(client, line, summary="Triển khai cải cách hành chính năm 2023", reason="Theo bản giấy.")
    assert response.status_code == 302
    event = AuditEvent.objects.about(line).get(action="registerentry.correct")
    assert event.data["comment"] == "Theo bản giấy."
    assert event.data["changes"]["summary"][1] == "Triển khai cải cách hành chính năm 2023"
    assert event.data["changes"]["summary"][0].startswith("Triển khai thực hiện cải cách hành chính")


def test_a_line_with_later_lines_keeps_its_number_but_the_last_one_may_move(client, register_2023, clerk):
    client.force_login(clerk)
    first = RegisterEntry.objects.get(number=146)
    response = edit(client, first, number="147", reason="Gõ nhầm.")
    first.refresh_from_db()
    assert first.number == 146  # the number field is locked: later lines were entered after it
    assert "đã vào sổ" in response.content.decode() or response.status_code == 302
    client.post(
        reverse("inspections:register-entry-create"), entry_data(number="2881", issued_on="2023-06-15")
    )
    last = RegisterEntry.objects.get(number=2881)
    assert edit(client, last, number="2882", reason="Gõ nhầm số.").status_code == 302
    last.refresh_from_db()
    assert last.number == 2882


def test_the_line_of_a_notice_issued_here_never_changes(register_2023, client, clerk):
    line = RegisterEntry.objects.get(number=2880)
    line.summary = "Đổi"
    with pytest.raises(RegisterEntryFrozen):
        line.save()
    with pytest.raises(RegisterEntryFrozen):
        line.delete()
    client.force_login(clerk)
    assert client.get(reverse("inspections:register-entry-edit", args=[line.pk])).status_code == 403


# --- The page: gaps, jumps, duplicates; filters; Excel ----------------------------------------


def test_the_register_page_shows_the_gaps_of_the_series(client, register_2023, clerk):
    client.force_login(clerk)
    response = client.get(reverse("inspections:notice-register"), {"year": "2023"})
    page = response.content.decode()
    for gap in ["Bỏ trống 01–145", "Bỏ trống 147–809", "Bỏ trống 2336–2534", "Bỏ trống 2820–2879"]:
        assert gap in page
    assert [line.number for line in response.context["page"]] == [146, 810, 2335, 2535, 2819, 2880]


def test_a_jump_and_a_duplicate_are_shown(client, register_2023, clerk, make_notice):
    client.force_login(clerk)
    data = entry_data(number="28800", issued_on="2023-06-15", confirm_gap="28800")
    assert client.post(reverse("inspections:register-entry-create"), data).status_code == 302
    # A duplicate can only come from the time the board numbered each kind apart.
    Organization.objects.filter(pk=register_2023.pk).update(numbering=Organization.Numbering.PER_KIND)
    data = entry_data(
        number="146", kind="minutes", symbol="BB-BQL", issued_on="2023-06-16", summary="Biên bản"
    )
    data["confirm_gap"] = "146"  # 146 is far ahead of 01, the next free minutes' number
    assert client.post(reverse("inspections:register-entry-create"), data).status_code == 302
    Organization.objects.filter(pk=register_2023.pk).update(numbering=Organization.Numbering.ONE_SERIES)
    page = client.get(reverse("inspections:notice-register"), {"year": "2023"}).content.decode()
    assert "Nhảy số: từ 2880/TB-BQL lên 28800/KH-BQL, bỏ trống 2881–28799 (25.919 số)" in page
    assert "Trùng số 146: 146/KH-BQL và 146/BB-BQL" in page


def test_the_register_filters_by_kind_year_and_accent_free_text(client, register_2023, clerk):
    client.force_login(clerk)
    url = reverse("inspections:notice-register")
    assert [line.number for line in client.get(url, {"kind": "plan"}).context["page"]] == [146, 810]
    # The notices cite 810/KH-BQL in their legal bases: their whole text is searched too.
    assert [line.number for line in client.get(url, {"q": "ky luat, ky cuong"}).context["page"]] == [
        810,
        2819,
        2880,
    ]
    assert [line.number for line in client.get(url, {"q": "ky cuong", "kind": "plan"}).context["page"]] == [
        810
    ]
    assert [
        line.number for line in client.get(url, {"q": "truong trung cap khu kinh te"}).context["page"]
    ] == [2819]
    assert list(client.get(url, {"year": "2022"}).context["page"]) == []


def test_the_register_exports_every_kind_and_its_gaps_to_excel(client, register_2023, clerk):
    import io

    from openpyxl import load_workbook

    client.force_login(clerk)
    response = client.get(reverse("inspections:notice-register-export"), {"year": "2023"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    lines = list(workbook.worksheets[0].iter_rows(values_only=True))[1:]
    assert [(row[0], row[1], row[7]) for row in lines] == [
        (146, "KH-BQL", "Kế hoạch (KH)"),
        (810, "KH-BQL", "Kế hoạch (KH)"),
        (2335, "TB-BQL", "Thông báo (TB)"),
        (2535, "TB-BQL", "Thông báo (TB)"),
        (2819, "TB-BQL", "Thông báo (TB)"),
        (2880, "TB-BQL", "Thông báo (TB)"),
    ]
    assert lines[0][8] == "Vào sổ tay: Phạm Thị Hoa" and lines[5][8] == "Ban hành trong ứng dụng"
    notes = [row[2] for row in workbook.worksheets[1].iter_rows(values_only=True)][1:]
    assert "Bỏ trống 2336–2534" in notes


def raw(sql: str, *params) -> None:
    from django.db import connection

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_by_sql_a_notice_s_line_never_changes_and_no_line_is_deleted(register_2023):
    """The database's own guard (migration 0013, inspections/dbguards.py), below the model's."""
    notice_line = RegisterEntry.objects.get(number=2880)
    by_hand = RegisterEntry.objects.get(number=146)
    with pytest.raises(IntegrityError):
        raw("UPDATE inspections_registerentry SET number = 28800 WHERE id = %s", notice_line.pk)
    for line in (notice_line, by_hand):
        with pytest.raises(IntegrityError):
            raw("DELETE FROM inspections_registerentry WHERE id = %s", line.pk)
    raw("UPDATE inspections_registerentry SET summary = %s WHERE id = %s", "Sửa có lý do", by_hand.pk)
    assert RegisterEntry.objects.filter(number__in=[146, 2880]).count() == 2
    notice_line.refresh_from_db()
    assert notice_line.number == 2880
