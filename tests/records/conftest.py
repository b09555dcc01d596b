"""Fixtures for the inspection-record tests: a small plan with one round and one visit."""

from datetime import date
from types import SimpleNamespace

import pytest
from records_helpers import HX  # noqa: F401  (re-exported for fixtures)

from inspections.models import (
    Criterion,
    Finding,
    Inspection,
    InspectionPlan,
    PlanLegalBasis,
    ReferenceDocument,
    UnitCheck,
)
from units.models import Unit


@pytest.fixture
def records(organization, make_unit, inspector):
    """Plan 810/KH-BQL with three criteria, a round of two departments (06–07/6/2023) and a
    visit to the first one on 06/6/2023; the service unit is outside the round."""
    document = ReferenceDocument.objects.create(
        kind=ReferenceDocument.Kind.PLAN,
        number_symbol="810/KH-BQL",
        issued_on=date(2023, 3, 2),
        summary="kiểm tra công tác cải cách hành chính năm 2023",
    )
    basis = ReferenceDocument.objects.create(
        kind=ReferenceDocument.Kind.PLAN,
        number_symbol="4647/QĐ-UBND",
        issued_on=date(2022, 12, 30),
        issuer="UBND thành phố",
        summary="Ban hành Kế hoạch Cải cách hành chính nhà nước thành phố Hải Phòng năm 2023",
    )
    plan = InspectionPlan.objects.create(
        organization=organization, year=2023, title="Kế hoạch kiểm tra CCHC năm 2023", document=document
    )
    PlanLegalBasis.objects.create(plan=plan, document=basis, position=1)
    discipline = Criterion.objects.create(
        plan=plan, position=1, name="Kỷ luật, kỷ cương công vụ", applies_to=Criterion.Scope.BOTH
    )
    posting = Criterion.objects.create(
        plan=plan,
        position=2,
        name="Niêm yết Bản cam kết chống phiền hà sách nhiễu",
        applies_to=Criterion.Scope.DEPARTMENT,
    )
    democracy = Criterion.objects.create(
        plan=plan, position=3, name="Dân chủ cơ sở", applies_to=Criterion.Scope.SERVICE_UNIT
    )
    investment = make_unit("Phòng Quản lý Đầu tư", order=1)
    labour = make_unit("Phòng Quản lý Lao động", order=2)
    school = make_unit("Trường Trung cấp Khu kinh tế", kind=Unit.Kind.SERVICE_UNIT)
    inspection = Inspection.objects.create(
        plan=plan,
        title="Kiểm tra CCHC tại các phòng chuyên môn năm 2023",
        starts_on=date(2023, 6, 6),
        ends_on=date(2023, 6, 7),
    )
    inspection.units.set([investment, labour])
    inspection.team.set([inspector])
    visit = UnitCheck.objects.create(
        inspection=inspection, unit=investment, checked_on=date(2023, 6, 6), status=UnitCheck.Status.DONE
    )
    return SimpleNamespace(
        plan=plan,
        document=document,
        basis=basis,
        discipline=discipline,
        posting=posting,
        democracy=democracy,
        investment=investment,
        labour=labour,
        school=school,
        round=inspection,
        visit=visit,
    )


@pytest.fixture
def make_finding(records):
    def make(criterion=None, visit=None, **fields):
        defaults = {
            "unit_check": visit or records.visit,
            "criterion": criterion or records.discipline,
            "result": Finding.Result.COMPLIANT,
            "observation": "Cán bộ chấp hành nghiêm kỷ luật, kỷ cương.",
        }
        finding = Finding(**(defaults | fields))
        finding.refresh_search_text()
        finding.save()
        return finding

    return make
