"""The round page shows where the round stands: its paperwork in order (plan, team, schedule
notice, checks at the units, notice of results), each with number, date, state and next step."""

import re
from datetime import date

import pytest
from django.urls import reverse

from inspections.chain import CURRENT, DONE, WAITING, round_chain
from inspections.models import Inspection
from inspections.services.notices import apply_action, draft_notice

pytestmark = pytest.mark.django_db


def chain_of(inspection: Inspection):
    return round_chain(
        inspection,
        documents=list(inspection.notices.select_related("signer").order_by("-created_at")),
        unit_checks={c.unit_id: c for c in inspection.unit_checks.all()},
        units=list(inspection.units.all()),
        team=list(inspection.team.all()),
    )


def chain_rows(page: str) -> list[str]:
    table = re.search(r'<table class="table chain">(.*?)</table>', page, re.S).group(1)
    rows = re.findall(r"<tr class=\"chain-(\w+)\"[^>]*>(.*?)</tr>", table, re.S)
    return [f"{state}: " + " | ".join(" ".join(re.sub(r"<[^>]+>", " ", cell).split())
                                     for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S))
            for state, row in rows]  # fmt: skip


def test_a_round_half_done_stops_at_the_checks_and_says_what_comes_next(records):
    steps = chain_of(records.round)
    assert [(s.label, s.state) for s in steps] == [
        ("Kế hoạch kiểm tra", DONE),
        ("Đoàn kiểm tra", DONE),
        ("Thông báo lịch kiểm tra", CURRENT),  # no schedule notice recorded yet
        ("Kiểm tra tại các phòng, đơn vị", WAITING),
        ("Thông báo kết quả kiểm tra", WAITING),
    ]
    plan = steps[0]
    assert (plan.reference, plan.issued_on) == ("810/KH-BQL", date(2023, 3, 2))
    assert steps[2].next_step == (
        "Soạn thông báo lịch từ các buổi kiểm tra của đợt (mục Văn bản), hoặc ghi số, ngày của "
        "thông báo đã ban hành ngoài ứng dụng trên trang sửa đợt"
    )
    assert steps[3].status == "Đã kiểm tra 1/2"
    assert steps[3].next_step == "Kiểm tra và nhập kết quả các buổi còn lại"
    assert steps[4].status == "Chưa soạn" and steps[4].next_step == "Soạn sau khi kiểm tra xong"


def test_the_demo_round_shows_its_real_documents_and_the_notice_waiting_for_its_signer(
    client, demo, inspector, leader
):
    inspection = demo.departments_round
    notice = draft_notice(inspection, by=inspector)
    notice.signer = leader
    notice.save()
    apply_action(notice, "submit", by=inspector)
    client.force_login(inspector)
    page = client.get(reverse("inspections:inspection-detail", args=[inspection.pk])).content.decode()
    assert chain_rows(page) == [
        "done: ✓ Kế hoạch kiểm tra (Đã xong) | 810/KH-BQL | 02/3/2023 | "
        "Đã ban hành (văn bản lập ngoài ứng dụng) | —",
        "done: ✓ Đoàn kiểm tra (Đã xong) | — | — | Đã cử 2 người | —",
        "done: ✓ Thông báo lịch kiểm tra (Đã xong) | 2335/TB-BQL | 02/5/2023 | "
        "Đã ban hành (văn bản lập ngoài ứng dụng) | —",
        "done: ✓ Kiểm tra tại các phòng, đơn vị (Đã xong) | — | — | Đã kiểm tra 9/9 | —",
        f"current: ➜ Thông báo kết quả kiểm tra (Đang ở bước này) | — | — | Chờ duyệt | "
        f"{leader.display_name} xem xét, ký duyệt hoặc trả lại",
    ]
    assert 'aria-current="step"' in page


def test_an_issued_notice_ends_the_chain_with_its_number(demo, inspector, leader, clerk, monkeypatch):
    from inspections.services.issuing import issue_notice

    monkeypatch.setattr("inspections.services.signing.seal_notice", lambda notice: b"%PDF-1.7 stub")
    notice = draft_notice(demo.departments_round, by=inspector)
    notice.signer = leader
    notice.save()
    notice = apply_action(apply_action(notice, "submit", by=inspector), "approve", by=leader)
    notice = issue_notice(notice, by=clerk, number=2880)
    last = chain_of(demo.departments_round)[-1]
    assert (last.reference, last.issued_on, last.state) == ("2880/TB-BQL", notice.issued_on, DONE)
    assert last.url == notice.get_absolute_url()
    assert last.next_step == "Theo dõi các đơn vị khắc phục tồn tại, hạn chế"


def test_a_new_round_starts_at_its_team(records):
    fresh = Inspection.objects.create(
        plan=records.plan, title="Kiểm tra đột xuất", starts_on=date(2023, 10, 2), ends_on=date(2023, 10, 2)
    )
    steps = chain_of(fresh)
    assert [s.state for s in steps] == [DONE, CURRENT, WAITING, WAITING, WAITING]
    assert steps[1].status == "Chưa cử"
    assert steps[3].next_step == "Chọn phòng, đơn vị được kiểm tra"
