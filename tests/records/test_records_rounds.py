"""Creating and changing rounds and visits: the rules, the messages and the audit trail."""

from datetime import date

import pytest
from django.urls import reverse

from inspections.models import AuditEvent, Inspection, UnitCheck

pytestmark = pytest.mark.django_db


def round_data(records, **extra):
    return {
        "plan": records.plan.pk,
        "title": "Kiểm tra CCHC tại các đơn vị sự nghiệp năm 2023",
        "starts_on": "2023-06-08",
        "ends_on": "2023-06-08",
        "units": [records.school.pk],
    } | extra


def test_an_inspector_creates_a_round_and_it_is_audited(client, inspector, records):
    client.force_login(inspector)
    response = client.post(reverse("inspections:inspection-create"), round_data(records, team=[inspector.pk]))
    inspection = Inspection.objects.get(title__contains="đơn vị sự nghiệp")
    assert response.status_code == 302 and response.url == inspection.get_absolute_url()
    assert list(inspection.units.all()) == [records.school]
    event = AuditEvent.objects.about(inspection).get()
    assert event.action == "inspection.create" and event.actor == inspector
    assert event.data["đơn vị được kiểm tra"] == ["", "Trường Trung cấp Khu kinh tế"]
    assert event.data["từ ngày"] == ["", "08/6/2023"]
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert "Tạo đợt kiểm tra" in page and "Nguyễn Thu Hà" in page


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"title": "  "}, "Vui lòng nhập tên đợt kiểm tra."),
        ({"ends_on": "2023-06-01"}, "Ngày kết thúc không được trước ngày bắt đầu."),
        ({"units": []}, "Vui lòng chọn ít nhất một phòng, đơn vị được kiểm tra."),
        ({"starts_on": "8/6/2023x"}, "Ngày không hợp lệ."),
        # Years stay apart (issue 19): a December 2026 round is not attached to the 2023 plan.
        (
            {"starts_on": "2026-12-01", "ends_on": "2026-12-03"},
            "Đợt kiểm tra thuộc Kế hoạch năm 2023: ngày phải trong năm 2023.",
        ),
        ({"ends_on": "2024-01-05"}, "Đợt kiểm tra thuộc Kế hoạch năm 2023: ngày phải trong năm 2023."),
    ],
)
def test_bad_round_input_is_refused(client, inspector, records, extra, message):
    client.force_login(inspector)
    response = client.post(reverse("inspections:inspection-create"), round_data(records, **extra))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Inspection.objects.count() == 1 and not AuditEvent.objects.exists()


def test_a_round_cannot_drop_a_unit_or_dates_its_visits_use(client, inspector, records):
    client.force_login(inspector)
    url = reverse("inspections:inspection-edit", args=[records.round.pk])
    data = round_data(records, title=records.round.title, units=[records.labour.pk], starts_on="2023-06-07")
    html = client.post(url, data | {"ends_on": "2023-06-07"}).content.decode()
    assert "Không thể bỏ Phòng Quản lý Đầu tư: đơn vị này đã có buổi kiểm tra." in html
    assert "nằm ngoài khoảng ngày mới" in html
    records.round.refresh_from_db()
    assert records.round.starts_on == date(2023, 6, 6)
    assert records.round.units.count() == 2


def test_editing_a_round_records_old_and_new(client, inspector, records):
    client.force_login(inspector)
    url = reverse("inspections:inspection-edit", args=[records.round.pk])
    data = round_data(records, title="Đợt 1", starts_on="2023-06-06", ends_on="2023-06-09")
    data["units"] = [records.investment.pk, records.labour.pk]
    assert client.post(url, data).status_code == 302
    event = AuditEvent.objects.about(records.round).get()
    assert event.action == "inspection.change"
    assert event.data["tên đợt kiểm tra"] == ["Kiểm tra CCHC tại các phòng chuyên môn năm 2023", "Đợt 1"]
    assert event.data["đến ngày"] == ["07/6/2023", "09/6/2023"]
    assert "đơn vị được kiểm tra" not in event.data


def visit_data(records, **extra):
    return {"unit": records.labour.pk, "checked_on": "2023-06-07", "status": "planned"} | extra


def test_an_inspector_adds_a_visit(client, inspector, records):
    client.force_login(inspector)
    response = client.post(
        reverse("inspections:unitcheck-create", args=[records.round.pk]), visit_data(records)
    )
    visit = UnitCheck.objects.get(unit=records.labour)
    assert response.status_code == 302 and response.url == visit.get_absolute_url()
    event = AuditEvent.objects.about(visit).get()
    assert event.action == "unitcheck.create" and event.data["trạng thái"] == ["", "Chưa kiểm tra"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            {"checked_on": "2023-06-08"},
            "Ngày kiểm tra phải nằm trong thời gian của đợt (06/6/2023–07/6/2023).",
        ),
        ({"checked_on": "2023-06-05"}, "Ngày kiểm tra phải nằm trong thời gian của đợt"),
        ("school", "Đơn vị này không thuộc phạm vi của đợt kiểm tra."),
        ("investment", "Phòng Quản lý Đầu tư đã có buổi kiểm tra trong đợt này; hãy sửa buổi đã có."),
        ({"checked_on": ""}, "Vui lòng nhập ngày kiểm tra."),
    ],
)
def test_bad_visit_input_is_refused(client, inspector, records, extra, message):
    if isinstance(extra, str):
        extra = {"unit": getattr(records, extra).pk}
    client.force_login(inspector)
    response = client.post(
        reverse("inspections:unitcheck-create", args=[records.round.pk]), visit_data(records, **extra)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert UnitCheck.objects.count() == 1 and not AuditEvent.objects.exists()


def test_a_forged_visit_edit_under_another_round_is_404(client, inspector, records):
    other = Inspection.objects.create(
        plan=records.plan, title="Đợt khác", starts_on=date(2023, 6, 8), ends_on=date(2023, 6, 8)
    )
    client.force_login(inspector)
    url = reverse("inspections:unitcheck-edit", args=[other.pk, records.visit.pk])
    assert client.post(url, visit_data(records, unit=records.investment.pk)).status_code == 404
    records.visit.refresh_from_db()
    assert records.visit.status == "done" and not AuditEvent.objects.exists()


def test_editing_a_visit_is_audited_and_shown_on_its_page(client, inspector, leader, records):
    client.force_login(inspector)
    url = reverse("inspections:unitcheck-edit", args=[records.round.pk, records.visit.pk])
    data = visit_data(records, unit=records.investment.pk, checked_on="2023-06-06", status="done")
    client.post(url, data | {"minutes_reference": "Biên bản số 01/BB-ĐKT", "attendees": "Trưởng phòng"})
    event = AuditEvent.objects.about(records.visit).get()
    assert event.data["biên bản"] == ["", "Biên bản số 01/BB-ĐKT"]
    client.force_login(leader)
    html = client.get(records.visit.get_absolute_url()).content.decode()
    assert reverse("inspections:unitcheck-edit", args=[records.round.pk, records.visit.pk]) not in html
    assert "Nguyễn Thu Hà" in html and "Biên bản số 01/BB-ĐKT" in html
