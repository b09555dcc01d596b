"""Entering and editing findings inline on the visit page (htmx partials, rules, locking, audit)."""

from datetime import date

import pytest
from django.urls import reverse
from records_helpers import HX

from inspections.forms.records import FindingForm
from inspections.models import AuditEvent, Finding
from inspections.services.records import StaleFinding, save_finding

pytestmark = pytest.mark.django_db


def form_url(records, criterion, visit=None, round_=None):
    visit = visit or records.visit
    return reverse("inspections:finding-form", args=[(round_ or visit.inspection).pk, visit.pk, criterion.pk])


def shortcoming(**extra):
    return {
        "result": "shortcoming",
        "observation": "Chưa niêm yết Bản cam kết tại phòng một cửa.",
        "recommendation": "Niêm yết ngay tại nơi làm việc.",
        "due_on": "2023-06-30",
    } | extra


def test_get_returns_the_form_partial_for_a_criterion_without_finding(client, inspector, records):
    client.force_login(inspector)
    response = client.get(form_url(records, records.posting), headers=HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<tr id="criterion-{records.posting.pk}"' in html
    assert "<html" not in html  # a fragment, not a page
    assert 'name="observation"' in html and 'name="version"' in html


def test_valid_post_creates_the_finding_and_returns_the_row(client, inspector, records):
    client.force_login(inspector)
    response = client.post(form_url(records, records.posting), shortcoming(), headers=HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<tr id="criterion-{records.posting.pk}" class="finding-row">' in html
    assert "Có tồn tại, hạn chế" in html and "Hạn 30/6/2023" in html
    assert '<form class="form finding-form"' not in html
    finding = Finding.objects.get(unit_check=records.visit, criterion=records.posting)
    assert finding.result == "shortcoming" and finding.due_on == date(2023, 6, 30)
    assert finding.version == 1
    assert (
        finding.search_text == "chua niem yet ban cam ket tai phong mot cua. niem yet ngay tai noi lam viec."
    )
    event = AuditEvent.objects.about(finding).get()
    assert event.action == "finding.create" and event.actor == inspector
    assert event.data["kết quả"] == ["", "Có tồn tại, hạn chế"]


def test_editing_bumps_the_version_and_audits_old_and_new(client, inspector, records, make_finding):
    finding = make_finding()
    client.force_login(inspector)
    get = client.get(form_url(records, records.discipline), headers=HX)
    assert 'name="version" value="1"' in get.content.decode()
    response = client.post(
        form_url(records, records.discipline),
        shortcoming(version=1, observation="Một công chức đi muộn 15 phút."),
        headers=HX,
    )
    assert response.status_code == 200
    assert "Một công chức đi muộn 15 phút." in response.content.decode()
    finding.refresh_from_db()
    assert finding.version == 2 and finding.result == "shortcoming"
    assert "di muon" in finding.search_text
    event = AuditEvent.objects.about(finding).get(action="finding.change")
    assert event.data["nhận xét"] == [
        "Cán bộ chấp hành nghiêm kỷ luật, kỷ cương.",
        "Một công chức đi muộn 15 phút.",
    ]
    assert event.data["kết quả"] == ["Đạt", "Có tồn tại, hạn chế"]
    # The visit page shows that history line.
    page = client.get(records.visit.get_absolute_url()).content.decode()
    assert "Một công chức đi muộn 15 phút." in page and "Sửa kết quả" in page


def test_a_stale_edit_is_refused_and_shows_the_newer_text(
    client, inspector, make_user, records, make_finding
):
    finding = make_finding()
    other = make_user("dong_nghiep", "inspector", full_name="Trần Văn An")
    client.force_login(other)
    client.post(
        form_url(records, records.discipline),
        {"result": "noted", "observation": "Ghi nhận: đã bố trí lịch trực.", "version": 1},
        headers=HX,
    )
    finding.refresh_from_db()
    assert finding.version == 2

    client.force_login(inspector)  # still holding the form opened at version 1
    response = client.post(
        form_url(records, records.discipline),
        {"result": "compliant", "observation": "Bản của tôi.", "version": 1},
        headers=HX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kết quả này vừa được Trần Văn An sửa lúc" in html and "vui lòng xem lại" in html
    assert "Ghi nhận: đã bố trí lịch trực." in html  # the newer saved text
    assert "Bản của tôi." in html  # what was typed is kept
    assert 'name="version" value="2"' in html
    finding.refresh_from_db()
    assert finding.observation == "Ghi nhận: đã bố trí lịch trực." and finding.version == 2
    assert not AuditEvent.objects.about(finding).filter(actor=inspector).exists()


def test_cancel_returns_the_saved_row(client, inspector, records, make_finding):
    make_finding()
    client.force_login(inspector)
    url = reverse("inspections:finding-row", args=[records.round.pk, records.visit.pk, records.discipline.pk])
    html = client.get(url, headers=HX).content.decode()
    assert f'<tr id="criterion-{records.discipline.pk}" class="finding-row">' in html
    assert "Cán bộ chấp hành nghiêm kỷ luật" in html


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"observation": ""}, "Vui lòng nhập nhận xét (không để trống)."),
        ({"observation": "   \n\t "}, "Vui lòng nhập nhận xét (không để trống)."),
        ({"observation": "x" * 5001}, "Tối đa 5.000 ký tự (hiện có 5.001)."),
        ({"recommendation": "y" * 6000}, "Tối đa 5.000 ký tự (hiện có 6.000)."),
        ({"due_on": ""}, "Kết quả có tồn tại, hạn chế phải có hạn khắc phục."),
        ({"due_on": "2023-06-05"}, "Hạn khắc phục không được trước ngày kiểm tra (06/6/2023)."),
        ({"due_on": "31/02/2023"}, "Ngày không hợp lệ."),
        ({"result": "excellent"}, "Kết quả không hợp lệ."),
        ({"result": "compliant"}, "Chỉ kết quả “có tồn tại, hạn chế” mới có hạn khắc phục."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_keeps_what_was_typed(
    client, inspector, records, data, field_message
):
    client.force_login(inspector)
    response = client.post(form_url(records, records.posting), shortcoming(**data), headers=HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert field_message in html
    assert 'class="form finding-form"' in html
    if data.get("observation", "").strip():
        assert data["observation"][:50] in html
    assert not Finding.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_criterion_that_does_not_apply_to_the_unit_kind_is_refused(client, inspector, records):
    client.force_login(inspector)
    response = client.post(
        form_url(records, records.democracy), {"result": "compliant", "observation": "Tốt."}, headers=HX
    )
    assert "Nội dung “Dân chủ cơ sở” không áp dụng cho phòng chuyên môn." in response.content.decode()
    assert not Finding.objects.exists()


def test_a_duplicate_finding_for_the_same_criterion_and_visit_is_refused(
    client, inspector, records, make_finding
):
    existing = make_finding()
    client.force_login(inspector)
    # A second "new finding" form (no version) posted after someone else created one.
    response = client.post(
        form_url(records, records.discipline), {"result": "noted", "observation": "Lần hai."}, headers=HX
    )
    html = response.content.decode()
    assert "đã có kết quả tại Phòng Quản lý Đầu tư; hãy sửa kết quả đã có." in html
    existing.refresh_from_db()
    assert existing.observation == "Cán bộ chấp hành nghiêm kỷ luật, kỷ cương." and existing.version == 1
    assert Finding.objects.count() == 1


def test_a_forged_post_to_another_rounds_visit_is_404_and_changes_nothing(
    client, inspector, records, make_finding
):
    from inspections.models import Inspection

    finding = make_finding()
    other_round = Inspection.objects.create(
        plan=records.plan, title="Đợt khác", starts_on=date(2023, 6, 8), ends_on=date(2023, 6, 8)
    )
    client.force_login(inspector)
    forged = form_url(records, records.discipline, round_=other_round)
    response = client.post(forged, shortcoming(version=1), headers=HX)
    assert response.status_code == 404
    finding.refresh_from_db()
    assert finding.result == "compliant" and finding.version == 1
    # A criterion of another plan is refused the same way.
    from inspections.models import Criterion, InspectionPlan

    other_plan = InspectionPlan.objects.create(
        organization=records.plan.organization, year=2024, title="2024"
    )
    foreign = Criterion.objects.create(plan=other_plan, name="Khác")
    assert client.post(form_url(records, foreign), shortcoming(), headers=HX).status_code == 404
    assert Finding.objects.count() == 1 and not AuditEvent.objects.exists()


def test_deleting_a_finding_is_audited_on_the_visit(client, inspector, records, make_finding):
    finding = make_finding()
    client.force_login(inspector)
    url = reverse(
        "inspections:finding-delete", args=[records.round.pk, records.visit.pk, records.discipline.pk]
    )
    response = client.post(url, headers=HX)
    assert response.status_code == 200 and "Nhập kết quả" in response.content.decode()
    assert not Finding.objects.filter(pk=finding.pk).exists()
    event = AuditEvent.objects.about(records.visit).get(action="finding.delete")
    assert event.data["Nhận xét"] == ["Cán bộ chấp hành nghiêm kỷ luật, kỷ cương.", ""]


@pytest.mark.parametrize("persona", ["leader", "clerk", "outsider"])
def test_only_inspectors_write_findings(client, request, records, make_finding, persona):
    finding = make_finding()
    client.force_login(request.getfixturevalue(persona))
    edit = client.post(form_url(records, records.discipline), shortcoming(version=1), headers=HX)
    create = client.post(form_url(records, records.posting), shortcoming(), headers=HX)
    delete = client.post(
        reverse(
            "inspections:finding-delete", args=[records.round.pk, records.visit.pk, records.discipline.pk]
        )
    )
    assert (edit.status_code, create.status_code, delete.status_code) == (403, 403, 403)
    finding.refresh_from_db()
    assert finding.version == 1 and Finding.objects.count() == 1


def test_a_plain_post_without_htmx_redirects_to_the_visit(client, inspector, records):
    client.force_login(inspector)
    response = client.post(form_url(records, records.posting), shortcoming())
    assert response.status_code == 302 and response.url == records.visit.get_absolute_url()


def test_an_edit_without_the_version_it_was_made_on_is_refused(inspector, records, make_finding):
    """The optimistic lock's missing-version check: no version is not "the latest version"."""
    finding = make_finding()
    data = {"result": "noted", "observation": "Sửa không kèm phiên bản."}
    form = FindingForm(data, instance=finding, unit_check=records.visit, criterion=records.discipline)
    assert not form.is_valid()
    assert form.non_field_errors() == ["Thiếu phiên bản của kết quả; vui lòng tải lại trang."]
    with_version = FindingForm(
        data | {"version": finding.version},
        instance=finding,
        unit_check=records.visit,
        criterion=records.discipline,
    )
    assert with_version.is_valid()
    with pytest.raises(StaleFinding):
        save_finding(with_version, by=inspector, version=None)  # the service refuses it too
    finding.refresh_from_db()
    assert finding.observation == "Cán bộ chấp hành nghiêm kỷ luật, kỷ cương." and finding.version == 1
