"""A unit's report of what it fixed is a record the board keeps: no delete path loses it or its
file, and a shortcoming is closed only through the follow-up workflow."""

from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import ProtectedError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from inspections import demo_followup
from inspections.demo_followup import TITLE
from inspections.models import (
    AuditEvent,
    Evidence,
    Finding,
    FollowUp,
    FollowUpReport,
    ReportKept,
    TransitionError,
)
from inspections.services.evidence import add_evidence
from inspections.services.followup import close_followup, report_followup, withdraw_followup
from inspections.services.lifecycle import FOLLOWUP, followup_of
from inspections.services.records import delete_finding
from units.models import User

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


def stored_files(folder: str) -> set[str]:
    """Every file under `folder` in the storage (what check_storage would walk)."""
    names = set()
    directories, files = default_storage.listdir(folder) if default_storage.exists(folder) else ([], [])
    names |= {f"{folder}/{name}" for name in files}
    for directory in directories:
        names |= stored_files(f"{folder}/{directory}")
    return names


def assert_reports_and_files_agree():
    """No report without its file, no file without its report."""
    referenced = set(FollowUpReport.objects.exclude(file="").values_list("file", flat=True))
    assert stored_files("followups") == referenced


def the_demo_shortcoming() -> Finding:
    return Finding.objects.select_related("unit_check").get(
        unit_check__inspection__title=TITLE, result=Finding.Result.SHORTCOMING
    )


@pytest.fixture
def demo_shortcoming(demo):
    """The demo's shortcoming (load_demo's follow-up part): reported by the unit, with its PDF."""
    demo_followup.load(demo.organization, demo.plan)
    return the_demo_shortcoming()


def test_load_demo_makes_it_and_refuses_to_delete_it(client):
    call_command("load_demo", stdout=StringIO())
    finding = the_demo_shortcoming()
    client.force_login(User.objects.get(username="kiemtra"))
    response = client.post(delete_url(finding), headers=HX)
    assert "Không thể xóa" in response.content.decode()
    report = FollowUpReport.objects.get(followup__finding=finding)
    assert default_storage.exists(report.file.name)


@pytest.fixture
def demo_inspector(demo_shortcoming):
    return User.objects.get(username="kiemtra")


def delete_url(finding):
    visit = finding.unit_check
    return reverse("inspections:finding-delete", args=[visit.inspection_id, visit.pk, finding.criterion_id])


def form_url(finding):
    visit = finding.unit_check
    return reverse("inspections:finding-form", args=[visit.inspection_id, visit.pk, finding.criterion_id])


def test_the_demo_holds_a_shortcoming_the_unit_reported_with_its_file(demo_shortcoming):
    followup = FollowUp.objects.get(finding=demo_shortcoming)
    assert followup.status == FollowUp.Status.REPORTED
    report = followup.reports.get()
    assert report.original_name == "bao-cao-khac-phuc-phong-quan-ly-dau-tu.pdf"
    assert default_storage.open(report.file.name).read(5) == b"%PDF-"
    assert_reports_and_files_agree()


def test_deleting_the_demo_shortcoming_is_refused_by_the_page_and_the_report_and_file_remain(
    client, demo_shortcoming, demo_inspector
):
    report = FollowUpReport.objects.get(followup__finding=demo_shortcoming)
    client.force_login(demo_inspector)
    response = client.post(delete_url(demo_shortcoming), headers=HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Không thể xóa: tồn tại này đã có báo cáo khắc phục của đơn vị" in html
    assert "Rút lại tồn tại" in html  # it says what to do instead
    assert Finding.objects.filter(pk=demo_shortcoming.pk).exists()
    assert FollowUpReport.objects.filter(pk=report.pk).exists()
    assert default_storage.exists(report.file.name)
    assert not AuditEvent.objects.filter(action="finding.delete").exists()
    assert_reports_and_files_agree()


def test_the_visit_page_offers_no_delete_button_for_it(client, demo_shortcoming, demo_inspector):
    client.force_login(demo_inspector)
    page = client.get(demo_shortcoming.unit_check.get_absolute_url()).content.decode()
    assert delete_url(demo_shortcoming) not in page
    assert reverse("inspections:followup-detail", args=[demo_shortcoming.pk]) in page
    assert "Đơn vị đã báo cáo" in page


def test_the_service_and_the_model_refuse_to_delete_it_too(demo_shortcoming, demo_inspector):
    with pytest.raises(TransitionError, match="Không thể xóa"):
        delete_finding(demo_shortcoming, by=demo_inspector)
    with pytest.raises(ProtectedError):
        Finding.objects.get(pk=demo_shortcoming.pk).delete()
    with pytest.raises(ProtectedError):
        Finding.objects.filter(pk=demo_shortcoming.pk).delete()
    with pytest.raises(ProtectedError):
        FollowUp.objects.filter(finding=demo_shortcoming).delete()
    with pytest.raises(ReportKept):
        FollowUpReport.objects.get(followup__finding=demo_shortcoming).delete()
    with pytest.raises(ReportKept):
        FollowUpReport.objects.all().delete()
    assert FollowUpReport.objects.filter(followup__finding=demo_shortcoming).count() == 1
    assert_reports_and_files_agree()


def test_the_admin_cannot_delete_it_either(client, demo_shortcoming, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:inspections_finding_delete", args=[demo_shortcoming.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    visit_url = reverse("admin:inspections_unitcheck_delete", args=[demo_shortcoming.unit_check_id])
    page = client.post(visit_url, {"post": "yes"})
    assert page.status_code == 200  # Django lists the protected records instead of deleting
    assert Finding.objects.filter(pk=demo_shortcoming.pk).exists()
    assert_reports_and_files_agree()


def test_a_finding_without_follow_up_is_still_deleted_with_its_evidence(
    client, demo_shortcoming, demo_inspector
):
    compliant = Finding.objects.filter(unit_check=demo_shortcoming.unit_check, result="compliant").first()
    evidence = add_evidence(compliant, SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.7 x"), by=demo_inspector)
    client.force_login(demo_inspector)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(delete_url(compliant), headers=HX)
    assert not Finding.objects.filter(pk=compliant.pk).exists()
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert not default_storage.exists(evidence.file.name)
    assert AuditEvent.objects.filter(action="finding.delete", object_id=compliant.pk).exists()


def test_the_finding_form_has_no_closed_control_and_links_to_the_follow_up(
    client, demo_shortcoming, demo_inspector
):
    client.force_login(demo_inspector)
    html = client.get(form_url(demo_shortcoming), headers=HX).content.decode()
    assert 'name="closed"' not in html
    assert "Đơn vị đã báo cáo" in html
    assert reverse("inspections:followup-detail", args=[demo_shortcoming.pk]) in html


def test_posting_closed_with_the_form_closes_nothing(client, demo_shortcoming, demo_inspector):
    client.force_login(demo_inspector)
    data = {
        "result": "shortcoming",
        "observation": demo_shortcoming.observation,
        "recommendation": demo_shortcoming.recommendation,
        "due_on": "2023-12-15",
        "closed": "on",
        "version": demo_shortcoming.version,
    }
    assert client.post(form_url(demo_shortcoming), data, headers=HX).status_code == 200
    finding = Finding.objects.get(pk=demo_shortcoming.pk)
    assert finding.due_on == date(2023, 12, 15)  # the save went through…
    assert finding.closed is False  # …but "closed" is not the form's to set
    assert followup_of(finding).status == FollowUp.Status.REPORTED


def test_the_result_of_a_followed_shortcoming_does_not_change_on_the_form(
    client, demo_shortcoming, demo_inspector
):
    client.force_login(demo_inspector)
    data = {"result": "compliant", "observation": "Đạt.", "version": demo_shortcoming.version}
    html = client.post(form_url(demo_shortcoming), data, headers=HX).content.decode()
    assert "đang được theo dõi khắc phục" in html and "Rút lại tồn tại" in html
    assert Finding.objects.get(pk=demo_shortcoming.pk).result == Finding.Result.SHORTCOMING


@pytest.mark.parametrize("status", ["open", "reopened", "closed", "withdrawn"])
def test_closing_starts_only_from_reported(demo_shortcoming, demo_inspector, status):
    FollowUp.objects.filter(finding=demo_shortcoming).update(status=status)
    decision = FOLLOWUP.check(
        followup_of(Finding.objects.get(pk=demo_shortcoming.pk)), "close", demo_inspector
    )
    assert decision.permitted and not decision.in_state
    with pytest.raises(TransitionError):
        close_followup(demo_shortcoming, by=demo_inspector)
    assert not Finding.objects.get(pk=demo_shortcoming.pk).closed


def test_closing_from_reported_is_the_one_way_to_closed(demo_shortcoming, demo_inspector):
    close_followup(demo_shortcoming, by=demo_inspector, comment="Đã xem báo cáo.")
    finding = Finding.objects.get(pk=demo_shortcoming.pk)
    assert finding.closed is True and followup_of(finding).status == FollowUp.Status.CLOSED


def test_the_finding_admin_shows_the_state_and_links_to_it_without_a_closed_field(
    client, demo_shortcoming, admin_user
):
    client.force_login(admin_user)
    html = client.get(
        reverse("admin:inspections_finding_change", args=[demo_shortcoming.pk])
    ).content.decode()
    assert 'name="closed"' not in html
    assert "Đơn vị đã báo cáo" in html
    assert reverse("inspections:followup-detail", args=[demo_shortcoming.pk]) in html


def test_withdrawing_keeps_the_report_and_file_and_audits_the_reason(
    client, demo_shortcoming, demo_inspector
):
    report = FollowUpReport.objects.get(followup__finding=demo_shortcoming)
    client.force_login(demo_inspector)
    url = reverse("inspections:followup-withdraw", args=[demo_shortcoming.pk])
    refused = client.post(url, {"result": "noted", "reason": "  "})
    assert refused.status_code == 400 and "Rút lại tồn tại phải nêu lý do." in refused.content.decode()
    assert (
        client.post(url, {"result": "noted", "reason": "Ghi nhầm: hồ sơ thuộc phòng khác."}).status_code
        == 302
    )

    finding = Finding.objects.get(pk=demo_shortcoming.pk)
    assert (finding.result, finding.due_on, finding.closed) == ("noted", None, False)
    assert followup_of(finding).status == FollowUp.Status.WITHDRAWN
    assert FollowUpReport.objects.filter(pk=report.pk).exists() and default_storage.exists(report.file.name)
    event = AuditEvent.objects.about(finding).get(action="followup.withdraw")
    assert event.actor == demo_inspector
    assert event.data["comment"] == "Ghi nhầm: hồ sơ thuộc phòng khác."
    assert event.data["Kết quả"] == ["Có tồn tại, hạn chế", "Ghi nhận"]
    assert event.data["Hạn khắc phục"] == ["30/11/2023", ""]
    # The follow-up page (reports, file) stays readable, and says why.
    page = client.get(reverse("inspections:followup-detail", args=[finding.pk])).content.decode()
    assert "Đã rút lại" in page and "Ghi nhầm: hồ sơ thuộc phòng khác." in page
    assert report.original_name in page
    # It is still not deletable, and does not become a shortcoming again on the form.
    with pytest.raises(TransitionError):
        delete_finding(finding, by=demo_inspector)
    data = {"result": "shortcoming", "observation": "x", "due_on": "2023-12-01", "version": finding.version}
    assert "đã được rút lại" in client.post(form_url(finding), data, headers=HX).content.decode()
    assert_reports_and_files_agree()


def test_withdrawing_needs_the_inspectors_role_and_a_result_other_than_shortcoming(
    demo_shortcoming, demo_inspector, make_user
):
    with pytest.raises(TransitionError, match="Đạt” hoặc “Ghi nhận"):
        withdraw_followup(demo_shortcoming, by=demo_inspector, reason="Ghi nhầm.", result="shortcoming")
    member = make_user("qldt", unit=demo_shortcoming.unit_check.unit)
    with pytest.raises(PermissionDenied):
        withdraw_followup(demo_shortcoming, by=member, reason="Không đồng ý.", result="noted")
    assert followup_of(Finding.objects.get(pk=demo_shortcoming.pk)).status == FollowUp.Status.REPORTED


def test_a_refused_first_step_creates_no_follow_up(demo_shortcoming, demo_inspector):
    other = Finding.objects.filter(unit_check=demo_shortcoming.unit_check, result="compliant").first()
    with pytest.raises(TransitionError):
        report_followup(other, by=demo_inspector, text="Đã khắc phục.")
    assert not FollowUp.objects.filter(finding=other).exists()


def test_the_demo_report_is_dated_as_the_unit_sent_it(demo_shortcoming):
    report = FollowUpReport.objects.get(followup__finding=demo_shortcoming)
    event = AuditEvent.objects.about(demo_shortcoming).get(action="followup.report")
    assert timezone.localtime(report.reported_at).date() == date(2023, 11, 20)
    assert timezone.localtime(event.at).date() == date(2023, 11, 20)
