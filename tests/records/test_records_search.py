"""The search box ignores Vietnamese diacritics and case, on SQLite and PostgreSQL alike
(run the suite with DATABASE_URL=postgres://… for the second)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def search(client, query):
    return client.get(reverse("inspections:search"), {"q": query}).content.decode()


@pytest.fixture
def findings(records, make_finding):
    return [
        make_finding(observation="Một công chức vi phạm kỷ luật lao động: đi muộn."),
        make_finding(
            criterion=records.posting,
            result="shortcoming",
            due_on="2023-06-30",
            observation="Chưa niêm yết Bản cam kết.",
            recommendation="Đề nghị Đoàn kiểm tra theo dõi việc khắc phục.",
        ),
    ]


@pytest.mark.parametrize("query", ["ky luat", "KỶ LUẬT", "Kỷ Luật", "kỷ luat", "KY LUAT"])
def test_accents_and_case_do_not_matter(client, leader, findings, query):
    client.force_login(leader)
    html = search(client, query)
    assert "vi phạm kỷ luật lao động" in html
    assert "Chưa niêm yết" not in html


@pytest.mark.parametrize("query", ["doan kiem tra", "ĐOÀN", "Doan", "đoàn kiểm"])
def test_d_with_stroke_matches_plain_d(client, clerk, findings, query):
    client.force_login(clerk)
    html = search(client, query)
    assert "Chưa niêm yết Bản cam kết." in html and "đi muộn" not in html


def test_unit_and_criterion_names_are_searched_too(client, leader, findings):
    client.force_login(leader)
    html = search(client, "niem yet ban cam ket")
    assert "Chưa niêm yết" in html
    html = search(client, "quan ly dau tu")
    assert 'Kết quả kiểm tra <span class="count">(2)</span>' in html
    assert 'Kết quả kiểm tra <span class="count">(0)</span>' in search(client, "truong trung cap")


def test_every_word_must_match_somewhere(client, leader, findings):
    client.force_login(leader)
    assert "(1)</span>" in search(client, "dau tu muon")  # unit name + observation
    assert "(0)</span>" in search(client, "muon niem yet ban cam ket khong co")


def test_results_link_to_the_visit_and_round(client, leader, records, findings):
    client.force_login(leader)
    html = search(client, "ky luat")
    assert f'href="{records.visit.get_absolute_url()}#criterion-{records.discipline.pk}"' in html
    assert f'href="{records.round.get_absolute_url()}"' in html


def test_an_empty_query_lists_nothing(client, leader, findings):
    client.force_login(leader)
    html = search(client, "   ")
    assert "Kết quả kiểm tra" not in html and 'name="q"' in html


def test_results_are_paginated(client, leader, records, make_unit, make_finding):
    from datetime import date

    from inspections.models import UnitCheck

    for index in range(25):
        unit = make_unit(f"Phòng thử {index}")
        records.round.units.add(unit)
        visit = UnitCheck.objects.create(inspection=records.round, unit=unit, checked_on=date(2023, 6, 7))
        make_finding(visit=visit, observation=f"Kỷ luật tốt ({index}).")
    client.force_login(leader)
    first = search(client, "ky luat")
    assert "Trang 1/2 · 25 mục" in first and "page=2" in first and "q=ky+luat" in first
    second = client.get(reverse("inspections:search"), {"q": "ky luat", "page": 2}).content.decode()
    assert "Trang 2/2" in second
