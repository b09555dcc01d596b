"""Rules kept by the models and the database, whatever path writes the rows."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from inspections.models import Finding, Inspection, ReferenceDocument, UnitCheck, validate_number_symbol

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


@pytest.mark.parametrize("model", [Finding, UnitCheck])
def test_the_default_order_joins_no_other_table(records, make_finding, model):
    """A default ordering through a relation joins 2–3 tables into every query on the model."""
    make_finding()
    with CaptureQueriesContext(connection) as captured:
        assert list(model.objects.all())
    assert "JOIN" not in captured.captured_queries[0]["sql"].upper()


def test_in_order_reads_a_round_as_printed(records, make_unit, make_finding):
    later = make_unit("Phòng Thứ chín", order=9)
    earlier = make_unit("Phòng Thứ hai", order=2)
    late_visit = UnitCheck.objects.create(
        inspection=records.round, unit=later, checked_on=records.visit.checked_on
    )
    early_visit = UnitCheck.objects.create(
        inspection=records.round, unit=earlier, checked_on=records.visit.checked_on
    )
    first = make_finding(visit=late_visit, criterion=records.posting)
    second = make_finding(visit=early_visit, criterion=records.posting)
    third = make_finding(visit=early_visit, criterion=records.discipline)
    ordered = list(Finding.objects.filter(unit_check__in=[late_visit, early_visit]).in_order())
    assert ordered == [third, second, first]  # the unit's order, then the plan's order of criteria
    assert list(UnitCheck.objects.filter(pk__in=[late_visit.pk, early_visit.pk]).in_order()) == [
        early_visit,
        late_visit,
    ]
