"""Pages that used to grow with the records now show a bounded page, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.models import AuditEvent, Inspection, Notice
from units.models import Unit

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    client.get(url)  # warm per-process caches (content types, permissions) before counting
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_unit_history_shows_ten_visits_a_page_in_the_same_queries(client, everyone, add_visits):
    office = Unit.objects.get(name="Văn phòng")
    url = reverse("inspections:unit-history", args=[office.pk])
    client.force_login(everyone)
    add_visits(office, 10)
    ten = count_queries(client, url)
    add_visits(office, 190)
    assert count_queries(client, url) == ten

    page = client.get(url)
    assert len(page.context["checks"]) == 10
    assert page.context["page"].paginator.count == 201  # 200 earlier rounds and the 2023 visit
    assert page.context["open_count"] == 200
    text = page.content.decode()
    assert 'Các lần kiểm tra <span class="count">(201)</span>' in text
    assert "Xem tất cả 200 tồn tại chưa khắc phục" in text
    assert "Trang 1/21" in text
    # The newest visit first; the oldest on the last page.
    assert page.context["checks"][0].inspection.plan.year == 2023
    last = client.get(url, {"page": 21})
    assert [check.inspection.title for check in last.context["checks"]] == ["Đợt cũ 0"]
    assert [f.result for f in last.context["checks"][0].finding_list] == ["shortcoming", "compliant"]


def test_carry_over_is_paginated_and_its_count_does_not_grow(client, everyone, demo, add_visits):
    office = Unit.objects.get(name="Văn phòng")
    url = reverse("inspections:inspection-carryover", args=[demo.departments_round.pk])
    client.force_login(everyone)
    add_visits(office, 10)
    ten = count_queries(client, url)
    add_visits(office, 190)
    assert count_queries(client, url) == ten
    page = client.get(url)
    assert len(page.context["findings"]) == 50
    assert (
        'Các tồn tại của những đợt trước tại các đơn vị trong đợt này <span class="count">(200)</span>'
        in (page.content.decode())
    )


def test_round_counts_come_from_subqueries_and_stay_right(client, everyone, demo, add_visits):
    office = Unit.objects.get(name="Văn phòng")
    add_visits(office, 3)
    rounds = {r.pk: r for r in Inspection.objects.for_list()}
    departments = rounds[demo.departments_round.pk]
    assert departments.unit_count == demo.departments_round.units.count() == 9
    assert departments.done_count == demo.departments_round.unit_checks.filter(status="done").count()
    empty = Inspection.objects.create(
        plan=demo.plan,
        title="Chưa có đơn vị",
        starts_on=demo.departments_round.starts_on,
        ends_on=demo.departments_round.ends_on,
    )
    listed = Inspection.objects.for_list().get(pk=empty.pk)
    assert (listed.unit_count, listed.done_count) == (0, 0)
    client.force_login(everyone)
    text = client.get(reverse("inspections:inspection-list")).content.decode()
    assert "0/0 đơn vị đã kiểm tra" in text and "1/1 đơn vị đã kiểm tra" in text


def make_waiting(demo, by, n, status):
    Notice.objects.bulk_create(
        Notice(
            inspection=demo.departments_round,
            plan=demo.departments_round.plan,
            organization=demo.organization,
            place="Hải Phòng",
            title=f"Thông báo {status} {i}",
            created_by=by,
            status=status,
        )
        for i in range(n)
    )


def test_start_page_lists_ten_waiting_notices_with_the_full_count(client, everyone, inspector, demo):
    url = reverse("home")
    client.force_login(everyone)
    make_waiting(demo, inspector, 3, Notice.Status.IN_REVIEW)
    make_waiting(demo, inspector, 3, Notice.Status.APPROVED)
    few = count_queries(client, url)
    make_waiting(demo, inspector, 200, Notice.Status.IN_REVIEW)
    make_waiting(demo, inspector, 200, Notice.Status.APPROVED)
    assert count_queries(client, url) == few

    page = client.get(url)
    assert len(page.context["waiting"]["to_review"]) == 10
    assert len(page.context["waiting"]["to_issue"]) == 10
    text = page.content.decode()
    assert 'Dự thảo chờ duyệt <span class="count">(203)</span>' in text
    assert "Xem tất cả 203 dự thảo chờ duyệt" in text
    assert "Xem tất cả 203 thông báo chờ ban hành" in text


def test_notifications_page_shows_the_newest_fifty_and_counts_every_new_one(client, everyone, demo, leader):
    client.force_login(everyone)
    client.get(reverse("inspections:notification-list"))  # the first visit sets the "seen" mark
    drafts = Notice.objects.bulk_create(
        Notice(
            inspection=demo.departments_round,
            plan=demo.departments_round.plan,
            organization=demo.organization,
            place="Hải Phòng",
            title=f"Dự thảo {i}",
            created_by=everyone,
        )
        for i in range(80)
    )
    for notice in drafts:
        AuditEvent.objects.create(
            target=notice, action="notice.return", actor=leader, data={"comment": "Sửa"}
        )
    url = reverse("inspections:notification-list")
    assert 'aria-label="80 mục mới"' in client.get(reverse("home")).content.decode()
    page = client.get(url)
    assert len(page.context["items"]) == 50
    assert page.context["new_count"] == 80
    assert "50 mục gần nhất." in page.content.decode()
