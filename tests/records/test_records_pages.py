"""Every records page as each role: readers read, inspectors write, outsiders get 403."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

READ_PAGES = {
    "plan-list": lambda r: reverse("inspections:plan-list"),
    "plan-detail": lambda r: r.plan.get_absolute_url(),
    "inspection-list": lambda r: reverse("inspections:inspection-list"),
    "inspection-detail": lambda r: r.round.get_absolute_url(),
    "unitcheck-detail": lambda r: r.visit.get_absolute_url(),
    "search": lambda r: reverse("inspections:search") + "?q=ky+luat",
    "finding-row": lambda r: reverse(
        "inspections:finding-row", args=[r.round.pk, r.visit.pk, r.discipline.pk]
    ),
}
WRITE_PAGES = {
    "inspection-create": lambda r: reverse("inspections:inspection-create"),
    "inspection-edit": lambda r: reverse("inspections:inspection-edit", args=[r.round.pk]),
    "unitcheck-create": lambda r: reverse("inspections:unitcheck-create", args=[r.round.pk]),
    "unitcheck-edit": lambda r: reverse("inspections:unitcheck-edit", args=[r.round.pk, r.visit.pk]),
    "finding-form": lambda r: reverse(
        "inspections:finding-form", args=[r.round.pk, r.visit.pk, r.posting.pk]
    ),
}


@pytest.mark.parametrize("persona", ["inspector", "leader", "clerk"])
@pytest.mark.parametrize("page", READ_PAGES)
def test_every_role_reads_every_page(client, request, records, persona, page):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(READ_PAGES[page](records)).status_code == 200


@pytest.mark.parametrize("page", WRITE_PAGES)
def test_inspectors_open_the_write_pages(client, inspector, records, page):
    client.force_login(inspector)
    assert client.get(WRITE_PAGES[page](records)).status_code == 200


@pytest.mark.parametrize("persona", ["leader", "clerk", "outsider"])
@pytest.mark.parametrize("page", WRITE_PAGES)
def test_readers_and_outsiders_are_refused_the_write_pages(client, request, records, persona, page):
    client.force_login(request.getfixturevalue(persona))
    url = WRITE_PAGES[page](records)
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "x"}).status_code == 403


@pytest.mark.parametrize("page", READ_PAGES)
def test_an_outsider_sees_nothing(client, outsider, records, page):
    client.force_login(outsider)
    assert client.get(READ_PAGES[page](records)).status_code == 403


@pytest.mark.parametrize("page", {**READ_PAGES, **WRITE_PAGES})
def test_logged_out_visitors_are_sent_to_login(client, records, page):
    url = {**READ_PAGES, **WRITE_PAGES}[page](records)
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_readers_see_no_write_buttons(client, leader, records, make_finding):
    make_finding()
    client.force_login(leader)
    html = client.get(records.visit.get_absolute_url()).content.decode()
    assert "Cán bộ chấp hành nghiêm kỷ luật" in html
    assert "Nhập kết quả" not in html and ">Sửa<" not in html and "Tải lên" not in html
    html = client.get(records.round.get_absolute_url()).content.decode()
    assert "Thêm buổi kiểm tra" not in html and "Sửa đợt kiểm tra" not in html


def test_nav_shows_the_records_links_by_permission(client, clerk, outsider, records):
    client.force_login(clerk)
    html = client.get(reverse("home")).content.decode()
    for label in ("Kế hoạch", "Đợt kiểm tra", "Tìm kiếm"):
        assert f">{label}</a>" in html
    client.force_login(outsider)
    html = client.get(reverse("home")).content.decode()
    assert ">Đợt kiểm tra</a>" not in html and ">Tìm kiếm</a>" not in html


def test_plan_page_cites_the_legal_bases_as_the_seeds_do(client, leader, records):
    client.force_login(leader)
    html = client.get(records.plan.get_absolute_url()).content.decode()
    assert (
        "Kế hoạch số 4647/QĐ-UBND ngày 30/12/2022 của UBND thành phố về việc Ban hành Kế hoạch "
        "Cải cách hành chính nhà nước thành phố Hải Phòng năm 2023" in html
    )
    assert "Niêm yết Bản cam kết chống phiền hà sách nhiễu" in html and "Chỉ phòng chuyên môn" in html


def test_the_demo_round_grid_shows_progress_and_every_result(client, leader, demo):
    client.force_login(leader)
    html = client.get(demo.departments_round.get_absolute_url()).content.decode()
    assert "Đã kiểm tra 9/9 phòng" in html and "Đã nhập 45/45 kết quả" in html
    assert html.count('<span class="result result-compliant" title=') == 45  # cells, not the legend
    html = client.get(demo.service_units_round.get_absolute_url()).content.decode()
    assert "Đã kiểm tra 2/2 đơn vị" in html


def test_the_grid_tells_results_by_text_not_only_colour(client, leader, records, make_finding):
    make_finding(result="shortcoming", due_on="2023-06-30", observation="Đi muộn.")
    make_finding(criterion=records.posting, result="noted", observation="Ghi nhận.")
    client.force_login(leader)
    html = client.get(records.round.get_absolute_url()).content.decode()
    assert "! Có tồn tại, hạn chế</span>" in html and "Hạn 30/6/2023" in html
    assert "• Ghi nhận</span>" in html
    assert "? Chưa nhập</span>" in html  # Phòng Quản lý Lao động has no visit yet
    assert "Đã kiểm tra 1/2 phòng" in html
