from datetime import date

import pytest
from dashboard_helpers import count_queries, finding_at, make_shortcoming
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.models import Criterion, Inspection, InspectionPlan, Notice, UnitCheck

pytestmark = pytest.mark.django_db


def test_leader_sees_units_inspected_out_of_planned_per_round_and_for_the_year(client, leader, demo):
    client.force_login(leader)
    response = client.get(reverse("home"), {"year": 2023})
    assert response.status_code == 200
    rounds = {r.title: (r.done_count, r.unit_count) for r in response.context["inspections"]}
    assert rounds == {demo.departments_round.title: (9, 9), demo.service_units_round.title: (2, 2)}
    assert response.context["totals"] == {"units": 11, "done": 11}
    page = response.content.decode()
    assert "11/11" in page and "9/9" in page and "2/2" in page


def test_a_planned_visit_not_yet_done_is_not_counted_as_inspected(client, leader, demo):
    UnitCheck.objects.filter(inspection=demo.departments_round, unit__name="Văn phòng").update(
        status="planned"
    )
    client.force_login(leader)
    response = client.get(reverse("home"), {"year": 2023})
    assert response.context["totals"] == {"units": 11, "done": 10}


def test_findings_by_criterion_and_result_are_exact(client, leader, demo, shortcomings):
    client.force_login(leader)
    response = client.get(reverse("home"), {"year": 2023})
    rows = {row.name: (row.compliant, row.shortcoming, row.noted) for row in response.context["criteria"]}
    assert rows["Kỷ luật, kỷ cương công vụ, quy chế làm việc"] == (10, 1, 0)
    assert rows["Kiểm soát thủ tục hành chính và áp dụng ISO 9001:2015"] == (8, 1, 0)
    assert rows["Thực hiện dân chủ trong hoạt động của cơ quan (Nghị định số 04/2015/NĐ-CP)"] == (1, 1, 0)
    assert rows["Đào tạo, bồi dưỡng đội ngũ cán bộ, viên chức"] == (2, 0, 0)
    assert sum(sum(v) for v in rows.values()) == 57
    assert response.context["shortcomings"] == {"total": 3, "remedied": 0, "open": 3, "overdue": 1}
    page = response.content.decode()
    # The chart is inline SVG with its numbers as text, and no script.
    assert "<svg" in page and "<script>" not in page.split("</head>")[1]
    assert "<title>Có tồn tại, hạn chế: 1</title>" in page


def test_notices_by_status_count_each_status_of_the_year(client, leader, demo, make_notice, issue_directly):
    make_notice()
    make_notice()
    make_notice(Notice.Status.IN_REVIEW)
    make_notice(Notice.Status.APPROVED)
    issue_directly(make_notice(Notice.Status.APPROVED), number=2880, issued_on=date(2023, 6, 14))
    client.force_login(leader)
    response = client.get(reverse("home"), {"year": 2023})
    counts = {n["status"]: n["count"] for n in response.context["notices"]}
    assert counts == {"draft": 2, "in_review": 1, "approved": 1, "issued": 1}
    assert response.context["notices_total"] == 5
    other_year = client.get(reverse("home"), {"year": 2024})
    assert {n["count"] for n in other_year.context["notices"]} == {0}


def test_what_waits_for_me_depends_on_my_role(client, demo, leader, clerk, inspector, make_user, make_notice):
    other = make_user("kiem_tra_2", "inspector")
    in_review = make_notice(Notice.Status.IN_REVIEW, title="Dự thảo chờ duyệt")
    approved = make_notice(Notice.Status.APPROVED, title="Đã duyệt chờ ban hành")
    returned = make_notice(
        title="Dự thảo bị trả lại",
        events=[("notice.submit", inspector, ""), ("notice.return", leader, "Sửa mục 2")],
    )
    make_notice(title="Dự thảo chưa trình")
    make_notice(by=other, title="Của người khác", events=[("notice.return", leader, "x")])
    # Returned once, then fixed and submitted again: no longer waiting for its author.
    make_notice(
        Notice.Status.IN_REVIEW,
        title="Trình lại",
        events=[("notice.return", leader, "x"), ("notice.submit", inspector, "")],
    )

    def waiting(user):
        client.force_login(user)
        found = client.get(reverse("home")).context["waiting"]
        return {key: [n.pk for n in notices] for key, notices in found.items()}

    assert waiting(leader)["to_review"] == sorted(
        [in_review.pk, Notice.objects.get(title="Trình lại").pk], reverse=True
    )
    assert waiting(leader)["to_issue"] == [] and waiting(leader)["returned"] == []
    nothing = {"to_review": [], "to_issue": [], "returned": [], "reported": [], "to_report": []}
    assert waiting(clerk) == nothing | {"to_issue": [approved.pk]}
    assert waiting(inspector) == nothing | {"returned": [returned.pk]}


def test_open_shortcomings_past_due_are_listed(client, leader, demo, shortcomings):
    client.force_login(leader)
    response = client.get(reverse("home"), {"year": 2023})
    assert [f.pk for f in response.context["overdue"]] == [shortcomings.overdue.pk]
    assert response.context["overdue_count"] == 1
    assert "Tồn tại quá hạn khắc phục" in response.content.decode()


def test_the_units_card_links_every_unit_to_its_history(client, leader, demo):
    client.force_login(leader)
    page = client.get(reverse("home")).content.decode()
    for unit in demo.organization.units.all():
        assert reverse("inspections:unit-history", args=[unit.pk]) in page


def test_a_year_without_a_plan_shows_empty_figures(client, leader, demo):
    client.force_login(leader)
    response = client.get(reverse("home"), {"year": 2024})
    assert response.context["inspections"] == []
    assert response.context["totals"] == {"units": 0, "done": 0}
    assert "Chưa có đợt kiểm tra nào trong năm 2024" in response.content.decode()


def test_a_person_without_roles_sees_no_figures(client, outsider, demo):
    client.force_login(outsider)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "rounds" not in response.context
    assert "Trường Trung cấp Khu kinh tế" in response.content.decode()


def test_dashboard_query_count_does_not_grow_with_rows(client, leader, demo, shortcomings, make_notice):
    client.force_login(leader)
    url = reverse("home")
    baseline = count_queries(lambda: client.get(url, {"year": 2023}))
    plan2 = InspectionPlan.objects.create(organization=demo.organization, year=2023, title="Bổ sung")
    criterion = Criterion.objects.create(plan=plan2, name="Nội dung bổ sung", position=9)
    extra = Inspection.objects.create(
        plan=plan2, title="Đợt bổ sung", starts_on=date(2023, 10, 2), ends_on=date(2023, 10, 3)
    )
    extra.units.set(demo.organization.units.all())
    for unit in demo.organization.units.all():
        check = UnitCheck.objects.create(
            inspection=extra, unit=unit, checked_on=date(2023, 10, 2), status="done"
        )
        check.findings.create(
            criterion=criterion, result="shortcoming", observation="x", due_on=date(2023, 11, 1)
        )
    for status in ["draft", "in_review", "approved", "in_review"]:
        make_notice(status)
    make_shortcoming(finding_at(demo.departments_round, "Phòng Quản lý Lao động", 2), due_on=date(2023, 8, 1))
    assert count_queries(lambda: client.get(url, {"year": 2023})) == baseline


def complete_draft(demo, inspector, leader):
    """A draft with every part (only such a draft can be submitted, issue 19), signed by `leader`."""
    from inspections.services.notices import draft_notice

    draft = draft_notice(demo.departments_round, by=inspector)
    draft.signer = leader
    draft.save()
    return draft


def test_cached_figures_follow_the_next_audited_change(
    client, leader, inspector, demo, make_notice, settings
):
    from inspections.services.notices import apply_action

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    client.force_login(leader)
    url = reverse("home")
    before = {n["status"]: n["count"] for n in client.get(url, {"year": 2023}).context["notices"]}
    draft = complete_draft(demo, inspector, leader)
    apply_action(draft, "submit", by=draft.created_by, proceed=True)  # the service appends one
    after = {n["status"]: n["count"] for n in client.get(url, {"year": 2023}).context["notices"]}
    assert after["in_review"] == before["in_review"] + 1
    # Without a change the figures come from the cache: fewer queries than the first time.
    with CaptureQueriesContext(connection) as cached_run:
        client.get(url, {"year": 2023})
    with CaptureQueriesContext(connection) as fresh_run:
        cache.clear()
        client.get(url, {"year": 2023})
    assert len(cached_run.captured_queries) < len(fresh_run.captured_queries)


def test_the_badge_follows_an_audited_change_and_the_persons_visit(
    client, leader, inspector, demo, make_notice, settings
):
    from inspections.notifications import cached_new_count, mark_seen
    from inspections.services.notices import apply_action

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    before = cached_new_count(leader)
    draft = complete_draft(demo, inspector, leader)
    apply_action(draft, "submit", by=draft.created_by, proceed=True)
    assert cached_new_count(leader) == before + 1  # a notice to review
    mark_seen(leader)
    assert cached_new_count(leader) == 0
