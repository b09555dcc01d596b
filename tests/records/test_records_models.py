"""Rules kept by the models and the database, whatever path writes the rows."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from inspections.models import Finding, Inspection, ReferenceDocument, validate_number_symbol

pytestmark = pytest.mark.django_db


def test_one_finding_per_criterion_per_visit(records, make_finding):
    make_finding()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_finding()


def test_follow_up_only_for_shortcomings(records, make_finding):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_finding(result="compliant", due_on=date(2023, 6, 30))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_finding(result="noted", closed=True)
    assert make_finding(result="shortcoming", due_on=date(2023, 6, 30), closed=True).pk


def test_a_round_cannot_end_before_it_starts(records):
    with pytest.raises(IntegrityError), transaction.atomic():
        Inspection.objects.create(
            plan=records.plan, title="Sai", starts_on=date(2023, 6, 8), ends_on=date(2023, 6, 7)
        )


@pytest.mark.parametrize("value", ["4647/QĐ-UBND", "146/KH-BQL", "09/2018/QĐ-UBND", "146/KH- BQL"])
def test_number_symbol_shapes_from_the_seeds_are_accepted(value):
    validate_number_symbol(value)


@pytest.mark.parametrize("value", ["", "QĐ-UBND", "4647", "4647/qđ-ubnd", "abc/KH-BQL"])
def test_malformed_number_symbols_are_refused(value):
    with pytest.raises(ValidationError):
        validate_number_symbol(value)


def test_citation_reads_as_in_the_seeds(records):
    assert records.basis.citation() == (
        "Kế hoạch số 4647/QĐ-UBND ngày 30/12/2022 của UBND thành phố về việc Ban hành Kế hoạch "
        "Cải cách hành chính nhà nước thành phố Hải Phòng năm 2023"
    )
    assert records.document.citation().startswith("Kế hoạch số 810/KH-BQL ngày 02/3/2023 về việc")


def test_criteria_apply_by_unit_kind(records):
    assert records.discipline.applies_to_kind("department")
    assert records.discipline.applies_to_kind("service_unit")
    assert records.posting.applies_to_kind("department")
    assert not records.posting.applies_to_kind("service_unit")
    assert not records.democracy.applies_to_kind("department")


def test_search_text_is_folded(records, make_finding):
    finding = make_finding(observation="Đoàn kiểm tra ghi nhận KỶ LUẬT tốt", recommendation="Tiếp tục")
    assert finding.search_text == "doan kiem tra ghi nhan ky luat tot tiep tuc"
    document = ReferenceDocument(number_symbol="35/2022/NĐ-CP", issuer="Chính phủ", summary="quản lý KCN")
    document.refresh_search_text()
    assert document.search_text == "35/2022/nd-cp chinh phu quan ly kcn"


def test_finding_result_choices_are_the_three_of_the_issue():
    assert [value for value, _ in Finding.Result.choices] == ["compliant", "shortcoming", "noted"]
