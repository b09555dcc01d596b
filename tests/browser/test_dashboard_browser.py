"""The leaders' pages as a person sees them in Chromium (screenshots under artifacts/)."""

from datetime import date

import pytest
from django.core.management import call_command

from inspections.models import Finding
from units.models import User


@pytest.fixture
def board(transactional_db):
    call_command("load_demo")
    office = Finding.objects.filter(unit_check__unit__name="Văn phòng", criterion__position=1)
    office.update(
        result="shortcoming", observation="Chưa cập nhật quy chế làm việc.", due_on=date(2023, 9, 30)
    )
    leader = User.objects.get(username="lanhdao")
    leader.set_password("pw")
    leader.save()


def test_leader_reads_the_dashboard_and_opens_a_units_history(page, login, shot, axe, board):
    login("lanhdao")
    page.goto("/?year=2023")
    assert page.get_by_role("heading", name="Tổng quan công tác kiểm tra năm 2023").is_visible()
    # 9/9 departments, 2/2 service units and the October spot check of one department.
    assert page.get_by_text("12/12").first.is_visible()
    shot("dashboard-2023")
    axe("dashboard 2023")
    page.get_by_role("link", name="Văn phòng", exact=True).last.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Lịch sử kiểm tra: Văn phòng").is_visible()
    shot("unit-history")
    axe("unit history")
    page.goto("/followups/")
    shot("followup-list")
    axe("follow-up list")
    page.get_by_role("link", name="Văn phòng").first.click()
    page.wait_for_load_state("networkidle")
    shot("followup-detail")
    axe("follow-up detail")
    page.goto("/notifications/")
    shot("notifications")
    axe("notifications")
