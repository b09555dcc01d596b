import pytest
from dashboard_helpers import count_queries, finding_at, make_shortcoming
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.models import AuditEvent, Finding, FollowUp, FollowUpReport

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def office_member(make_user, unit_named):
    """A person of Văn phòng, with no role: the unit reports on its own shortcomings."""
    return make_user("chuyen_vien_vp", unit=unit_named("Văn phòng"), full_name="Đỗ Minh Anh")


def report(client, finding, text="Đã ban hành quy chế làm việc sửa đổi ngày 15/9/2023.", file=None):
    data = {"text": text}
    if file is not None:
        data["file"] = file
    return client.post(reverse("inspections:followup-report", args=[finding.pk]), data)


def state(finding) -> str:
    followup = FollowUp.objects.filter(finding=finding).first()
    return followup.status if followup else "open"


def test_the_unit_reports_what_it_did_with_evidence(client, office_member, shortcomings):
    client.force_login(office_member)
    evidence = SimpleUploadedFile("quy-che.pdf", PDF, content_type="application/pdf")
    response = report(client, shortcomings.overdue, file=evidence)
    assert response.status_code == 302
    assert state(shortcomings.overdue) == "reported"
    saved = FollowUpReport.objects.get(followup__finding=shortcomings.overdue)
    assert saved.reported_by == office_member
    assert saved.original_name == "quy-che.pdf" and saved.size == len(PDF)
    assert saved.file.read() == PDF
    event = AuditEvent.objects.about(shortcomings.overdue).get(action="followup.report")
    assert event.actor == office_member and event.data["file"] == "quy-che.pdf"
    page = client.get(reverse("inspections:followup-detail", args=[shortcomings.overdue.pk])).content.decode()
    assert "Đã ban hành quy chế làm việc sửa đổi" in page and "Đơn vị đã báo cáo" in page
    file_url = reverse("inspections:followup-report-file", args=[shortcomings.overdue.pk, saved.pk])
    assert file_url in page
    download = client.get(file_url)
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"] == 'attachment; filename="quy-che.pdf"'


def test_a_report_file_is_not_served_through_another_shortcoming(
    client, office_member, inspector, shortcomings
):
    client.force_login(office_member)
    report(client, shortcomings.overdue, file=SimpleUploadedFile("quy-che.pdf", PDF))
    saved = FollowUpReport.objects.get(followup__finding=shortcomings.overdue)
    client.force_login(inspector)
    other = reverse("inspections:followup-report-file", args=[shortcomings.due_soon.pk, saved.pk])
    assert client.get(other).status_code == 404


def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_saved(
    client, office_member, shortcomings
):
    client.force_login(office_member)
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = report(client, shortcomings.overdue, text="Đã khắc phục", file=fake)
    assert response.status_code == 400
    page = response.content.decode()
    assert "không phải PDF, JPEG, PNG, DOCX hoặc XLSX" in page
    assert "Đã khắc phục" in page  # what was typed is kept
    assert state(shortcomings.overdue) == "open"
    assert not FollowUpReport.objects.exists()
    assert not AuditEvent.objects.filter(action="followup.report").exists()


def test_an_empty_report_is_refused_with_a_message(client, office_member, shortcomings):
    client.force_login(office_member)
    response = report(client, shortcomings.overdue, text="  ")
    assert response.status_code == 400
    assert "Hãy nêu kết quả khắc phục." in response.content.decode()
    assert state(shortcomings.overdue) == "open"


def test_a_member_of_another_unit_cannot_report_or_read(client, make_user, unit_named, shortcomings):
    stranger = make_user("nguoi_phong_khac", unit=unit_named("Phòng Quản lý Lao động"))
    client.force_login(stranger)
    assert report(client, shortcomings.overdue).status_code == 403
    assert (
        client.get(reverse("inspections:followup-detail", args=[shortcomings.overdue.pk])).status_code == 403
    )
    assert state(shortcomings.overdue) == "open"


def test_an_inspector_may_report_on_the_units_behalf(client, inspector, shortcomings):
    client.force_login(inspector)
    assert report(client, shortcomings.overdue).status_code == 302
    assert state(shortcomings.overdue) == "reported"


def test_inspector_closes_a_reported_shortcoming(client, office_member, inspector, shortcomings):
    client.force_login(office_member)
    report(client, shortcomings.overdue)
    client.force_login(inspector)
    response = client.post(
        reverse("inspections:followup-close", args=[shortcomings.overdue.pk]), {"comment": "Đạt yêu cầu"}
    )
    assert response.status_code == 302
    finding = Finding.objects.get(pk=shortcomings.overdue.pk)
    assert finding.closed is True
    assert finding.version == shortcomings.overdue.version + 1
    assert finding.updated_at > shortcomings.overdue.updated_at
    followup = FollowUp.objects.get(finding=finding)
    assert followup.status == "closed" and followup.closed_by == inspector and followup.closed_at
    event = AuditEvent.objects.about(finding).get(action="followup.close")
    assert (event.actor, event.data) == (inspector, {"comment": "Đạt yêu cầu"})


def test_closing_without_a_comment_records_an_empty_one(office_member, inspector, shortcomings):
    from inspections.services.followup import close_followup, report_followup

    report_followup(shortcomings.overdue, by=office_member, text="Đã khắc phục.")
    close_followup(shortcomings.overdue, by=inspector)
    event = AuditEvent.objects.about(shortcomings.overdue).get(action="followup.close")
    assert event.data == {"comment": ""}


def test_a_shortcoming_cannot_be_closed_before_the_unit_reports(client, inspector, shortcomings):
    client.force_login(inspector)
    response = client.post(reverse("inspections:followup-close", args=[shortcomings.overdue.pk]), follow=True)
    assert "Chỉ xác nhận đã khắc phục sau khi đơn vị báo cáo" in response.content.decode()
    assert Finding.objects.get(pk=shortcomings.overdue.pk).closed is False
    assert not FollowUp.objects.filter(finding=shortcomings.overdue).exists()  # a refusal creates nothing


def test_leaders_and_unit_members_cannot_close(client, leader, office_member, shortcomings):
    client.force_login(office_member)
    report(client, shortcomings.overdue)
    for user in (leader, office_member):
        client.force_login(user)
        url = reverse("inspections:followup-close", args=[shortcomings.overdue.pk])
        assert client.post(url).status_code == 403
    assert state(shortcomings.overdue) == "reported"


def test_reopening_needs_a_comment_and_opens_the_finding_again(
    client, office_member, inspector, shortcomings
):
    finding = shortcomings.overdue
    client.force_login(office_member)
    report(client, finding)
    client.force_login(inspector)
    client.post(reverse("inspections:followup-close", args=[finding.pk]))
    url = reverse("inspections:followup-reopen", args=[finding.pk])
    refused = client.post(url, {"comment": ""})
    assert refused.status_code == 400
    assert "Mở lại phải kèm ý kiến" in refused.content.decode()
    assert state(finding) == "closed"
    assert client.post(url, {"comment": "Quy chế chưa được niêm yết."}).status_code == 302
    assert state(finding) == "reopened"
    assert Finding.objects.get(pk=finding.pk).closed is False
    event = AuditEvent.objects.about(finding).get(action="followup.reopen")
    assert event.data["comment"] == "Quy chế chưa được niêm yết."
    # The unit reports again, and the history shows every step in order.
    client.force_login(office_member)
    assert report(client, finding, text="Đã niêm yết tại phòng làm việc.").status_code == 302
    assert state(finding) == "reported"
    actions = list(AuditEvent.objects.about(finding).order_by("at", "pk").values_list("action", flat=True))
    assert actions == ["followup.report", "followup.close", "followup.reopen", "followup.report"]


def test_a_compliant_finding_has_no_follow_up(client, inspector, demo):
    finding = finding_at(demo.departments_round, "Văn phòng", 2)
    client.force_login(inspector)
    assert client.get(reverse("inspections:followup-detail", args=[finding.pk])).status_code == 404


def test_the_list_filters_by_unit_year_and_overdue(client, leader, unit_named, shortcomings):
    client.force_login(leader)
    url = reverse("inspections:followup-list")

    def listed(**params):
        return {f.pk for f in client.get(url, params).context["page_obj"]}

    assert listed() == {shortcomings.overdue.pk, shortcomings.due_soon.pk, shortcomings.no_date.pk}
    assert listed(unit=unit_named("Văn phòng").pk) == {shortcomings.overdue.pk}
    assert listed(overdue="on") == {shortcomings.overdue.pk}
    assert listed(year=2024) == set()
    assert listed(year=2023) == {shortcomings.overdue.pk, shortcomings.due_soon.pk, shortcomings.no_date.pk}


def test_closed_shortcomings_leave_the_list(client, inspector, shortcomings):
    Finding.objects.filter(pk=shortcomings.no_date.pk).update(closed=True)
    client.force_login(inspector)
    listed = {f.pk for f in client.get(reverse("inspections:followup-list")).context["page_obj"]}
    assert shortcomings.no_date.pk not in listed


def test_a_unit_member_sees_only_their_units_shortcomings(client, office_member, outsider, shortcomings):
    client.force_login(office_member)
    listed = [f.pk for f in client.get(reverse("inspections:followup-list")).context["page_obj"]]
    assert listed == [shortcomings.overdue.pk]
    client.force_login(outsider)  # no role and no unit
    assert client.get(reverse("inspections:followup-list")).status_code == 403


def test_followup_list_query_count_does_not_grow(client, leader, demo, shortcomings):
    client.force_login(leader)
    url = reverse("inspections:followup-list")
    baseline = count_queries(lambda: client.get(url))
    for unit_name in ["Phòng Quản lý Lao động", "Phòng Tài nguyên và Môi trường", "Phòng Tổ chức cán bộ"]:
        finding = make_shortcoming(finding_at(demo.departments_round, unit_name, 3))
        FollowUp.objects.create(finding=finding, status="reported")
    assert count_queries(lambda: client.get(url)) == baseline


def test_followup_detail_query_count_does_not_grow_with_history(
    client, office_member, inspector, shortcomings
):
    finding = shortcomings.overdue
    client.force_login(office_member)
    report(client, finding)
    client.force_login(inspector)
    url = reverse("inspections:followup-detail", args=[finding.pk])
    baseline = count_queries(lambda: client.get(url))
    client.post(reverse("inspections:followup-reopen", args=[finding.pk]), {"comment": "Chưa đủ"})
    report(client, finding, text="Bổ sung")
    report(client, finding, text="Bổ sung lần 2")
    assert count_queries(lambda: client.get(url)) == baseline


def test_the_services_refuse_a_reopening_or_withdrawal_without_a_reason(
    inspector, office_member, shortcomings
):
    """The forms ask for the text first; the services keep the rule for every other caller."""
    from inspections.models import TransitionError
    from inspections.services.followup import reopen_followup, report_followup, withdraw_followup

    finding = shortcomings.overdue
    report_followup(finding, by=office_member, text="Đã niêm yết.")
    with pytest.raises(TransitionError, match="Mở lại phải kèm ý kiến về việc còn thiếu."):
        reopen_followup(finding, by=inspector, comment="   ")
    with pytest.raises(TransitionError, match="Rút lại tồn tại phải nêu lý do."):
        withdraw_followup(finding, by=inspector, reason=" ", result="noted")
    with pytest.raises(TransitionError, match="Hãy nêu kết quả khắc phục."):
        report_followup(finding, by=office_member, text="  ")
    assert state(finding) == "reported"
    assert AuditEvent.objects.about(finding).filter(action="followup.report").count() == 1


def test_the_next_round_takes_the_chosen_plan_and_records_where_it_came_from(inspector, demo):
    from datetime import date

    from inspections.models import InspectionPlan
    from inspections.services.followup import start_next_inspection

    plan_2024 = InspectionPlan.objects.create(
        organization=demo.organization, year=2024, title="Kế hoạch 2024"
    )
    previous = demo.departments_round
    new = start_next_inspection(
        previous,
        by=inspector,
        title="Đợt 2024",
        starts_on=date(2024, 6, 4),
        ends_on=date(2024, 6, 5),
        plan=plan_2024,
    )
    assert new.plan == plan_2024
    same_plan = start_next_inspection(
        previous, by=inspector, title="Đợt bổ sung", starts_on=date(2023, 9, 4), ends_on=date(2023, 9, 4)
    )
    assert same_plan.plan == previous.plan
    event = AuditEvent.objects.about(new).get(action="inspection.create")
    assert event.actor == inspector
    assert event.data == {"from_round": previous.pk, "from_title": previous.title}
    assert (new.title, new.starts_on, new.ends_on) == ("Đợt 2024", date(2024, 6, 4), date(2024, 6, 5))
    assert set(new.units.all()) == set(previous.units.all()) and set(new.team.all()) == set(
        previous.team.all()
    )


def test_a_report_is_stored_with_its_time_token_and_trail(office_member, shortcomings):
    from inspections.services.followup import report_followup

    upload = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.7 bao cao", content_type="application/pdf")
    report = report_followup(shortcomings.overdue, by=office_member, text=" Đã khắc phục. ", upload=upload)
    followup = FollowUp.objects.get(finding=shortcomings.overdue)
    assert followup.reported_at == report.reported_at is not None
    assert len(report.token) == 32 and report.file.name == f"followups/{followup.pk}/{report.token}.pdf"
    event = AuditEvent.objects.about(shortcomings.overdue).get(action="followup.report")
    assert event.data == {"text": "Đã khắc phục.", "file": "bao-cao.pdf", "report": report.pk}
