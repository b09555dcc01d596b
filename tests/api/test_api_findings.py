"""Findings through the API: the page's form and service, so the same records and audit lines;
a stale If-Match is refused with the newer text; bad input changes nothing."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.models import AuditEvent, Criterion, Evidence, Finding, FollowUp, UnitCheck

pytestmark = pytest.mark.django_db

OBSERVATION = "Đã niêm yết công khai thủ tục hành chính tại bộ phận một cửa."


@pytest.fixture
def empty_row(demo):
    """A visit and a criterion that applies to it, with no finding yet."""
    visit = UnitCheck.objects.filter(inspection=demo.departments_round).select_related("unit").first()
    criterion = Criterion.objects.filter(findings__unit_check=visit).first()
    Finding.objects.filter(unit_check=visit, criterion=criterion).delete()
    return visit, criterion


def trail(finding, after: int = 0):
    events = AuditEvent.objects.about(finding).filter(pk__gt=after).order_by("pk")
    return [(e.action, e.actor_id, e.data) for e in events]


def stored(finding):
    return {
        f: getattr(finding, f)
        for f in ("result", "observation", "recommendation", "due_on", "version", "search_text")
    }


def test_recording_a_finding_through_the_api_and_the_page_leaves_the_same_records_and_audit_lines(
    empty_row, inspector, client, api_client
):
    visit, criterion = empty_row
    body = {
        "result": "shortcoming",
        "observation": OBSERVATION,
        "recommendation": "Bổ sung.",
        "due_on": "2023-12-31",
    }
    url = reverse("inspections:finding-form", args=[visit.inspection_id, visit.pk, criterion.pk])
    client.force_login(inspector)
    client.post(url, body | {"version": ""}, headers={"HX-Request": "true"})
    by_page = Finding.objects.get(unit_check=visit, criterion=criterion)
    page_record, page_trail = stored(by_page), trail(by_page)
    by_page.delete()  # the trail is append-only: the API's lines are told apart by their ids
    last_line = AuditEvent.objects.order_by("pk").last().pk

    response = api_client(inspector).post(
        reverse("api:finding-list"),
        body | {"unit_check": visit.pk, "criterion": criterion.pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    by_api = Finding.objects.get(unit_check=visit, criterion=criterion)
    assert stored(by_api) == page_record
    assert (
        trail(by_api, after=last_line) == page_trail
    )  # "finding.create", by the token's person, same changes
    assert page_trail[0][:2] == ("finding.create", inspector.pk)
    assert response.json()["id"] == by_api.pk and response["ETag"] == '"1"'


def test_a_stale_if_match_is_refused_with_412_and_the_newer_text_and_nothing_is_written(
    demo, inspector, api_client
):
    finding = Finding.objects.filter(unit_check__inspection=demo.departments_round).first()
    api = api_client(inspector)
    url = reverse("api:finding-detail", args=[finding.pk])
    seen = api.get(url)["ETag"]
    newer = api.patch(
        url,
        {"observation": "Bản sửa của đồng nghiệp."},
        content_type="application/json",
        headers={"If-Match": seen},
    )
    assert newer.status_code == 200 and newer["ETag"] != seen

    stale = api.patch(
        url, {"observation": "Bản sửa muộn."}, content_type="application/json", headers={"If-Match": seen}
    )

    assert stale.status_code == 412
    assert "vừa được Nguyễn Thu Hà sửa" in stale.json()["detail"]
    assert stale.json()["current"]["observation"] == "Bản sửa của đồng nghiệp."
    finding.refresh_from_db()
    assert finding.observation == "Bản sửa của đồng nghiệp." and finding.version == 2
    assert AuditEvent.objects.about(finding).filter(action="finding.change").count() == 1


def test_an_edit_without_a_version_is_refused_with_428(demo, inspector, api_client):
    finding = Finding.objects.filter(unit_check__inspection=demo.departments_round).first()
    response = api_client(inspector).patch(
        reverse("api:finding-detail", args=[finding.pk]),
        {"observation": "x y z"},
        content_type="application/json",
    )
    assert response.status_code == 428 and "If-Match" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"closed": True}, "closed", "Trường không có trong API này."),
        ({"observation": 12345}, "observation", "Cần một chuỗi văn bản (trong dấu ngoặc kép)."),
        ({"observation": ["a", "b"]}, "observation", "Cần một chuỗi văn bản (trong dấu ngoặc kép)."),
        ({"due_on": "31/12/2023"}, "due_on", "Giá trị không hợp lệ."),
        ({"result": "tot"}, "result", "Giá trị không nằm trong các lựa chọn cho phép."),
        ({"observation": ""}, "observation", "Vui lòng nhập nhận xét (không để trống)."),
        ({"result": "shortcoming"}, "due_on", "Kết quả có tồn tại, hạn chế phải có hạn khắc phục."),
    ],
)
def test_bad_input_gets_the_forms_message_next_to_the_field_and_nothing_changes(
    demo, inspector, api_client, body, field, message
):
    finding = Finding.objects.filter(unit_check__inspection=demo.departments_round).first()
    before = stored(finding)
    response = api_client(inspector).patch(
        reverse("api:finding-detail", args=[finding.pk]),
        body,
        content_type="application/json",
        headers={"If-Match": f'"{finding.version}"'},
    )
    assert response.status_code == 400
    assert message in response.json()[field]
    finding.refresh_from_db()
    assert stored(finding) == before


def test_a_body_that_is_not_a_json_object_is_refused(demo, inspector, api_client):
    api = api_client(inspector)
    for body in ("[1, 2]", "{not json"):
        response = api.post(reverse("api:finding-list"), body, content_type="application/json")
        assert response.status_code == 400
    assert api.post(reverse("api:finding-list"), "[1]", content_type="application/json").json() == {
        "non_field_errors": ["Nội dung phải là một đối tượng JSON {…}."]
    }
    assert api.post(reverse("api:finding-list"), "{x", content_type="application/json").json() == {
        "detail": "Nội dung gửi lên không đọc được (JSON sai cú pháp)."
    }


def test_a_criterion_of_another_plan_is_refused(demo, empty_row, inspector, api_client):
    visit, _ = empty_row
    other_plan = demo.plan.__class__.objects.create(
        organization=demo.organization, year=2024, title="Kế hoạch 2024"
    )
    foreign = Criterion.objects.create(plan=other_plan, name="Nội dung khác")
    response = api_client(inspector).post(
        reverse("api:finding-list"),
        {"unit_check": visit.pk, "criterion": foreign.pk, "result": "compliant", "observation": OBSERVATION},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["criterion"] == ["Nội dung kiểm tra này không thuộc kế hoạch của đợt kiểm tra."]
    assert not Finding.objects.filter(criterion=foreign).exists()


def test_a_leader_may_read_but_not_write_findings(demo, empty_row, leader, api_client):
    visit, criterion = empty_row
    api = api_client(leader)
    assert api.get(reverse("api:finding-list"), {"inspection": visit.inspection_id}).status_code == 200
    response = api.post(
        reverse("api:finding-list"),
        {
            "unit_check": visit.pk,
            "criterion": criterion.pk,
            "result": "compliant",
            "observation": OBSERVATION,
        },
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Bạn không có quyền thực hiện thao tác này."}


def test_evidence_is_checked_by_content_and_a_forged_upload_is_refused(demo, inspector, api_client):
    finding = Finding.objects.filter(unit_check__inspection=demo.departments_round).first()
    api = api_client(inspector)
    url = reverse("api:finding-evidence", args=[finding.pk])
    forged = api.post(url, {"file": SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00 not a pdf")})
    assert forged.status_code == 400
    assert "không phải PDF, JPEG, PNG, DOCX hoặc XLSX" in forged.json()["file"][0]
    assert not Evidence.objects.filter(finding=finding).exists()

    good = api.post(url, {"file": SimpleUploadedFile("Biên bản.pdf", b"%PDF-1.4 minutes")})
    assert good.status_code == 201
    evidence = Evidence.objects.get(finding=finding)
    listed = api.get(reverse("api:finding-detail", args=[finding.pk])).json()["evidence"]
    assert [e["original_name"] for e in listed] == ["Biên bản.pdf"]
    download = api.get(listed[0]["download"])
    assert b"".join(download.streaming_content) == b"%PDF-1.4 minutes"
    assert AuditEvent.objects.about(finding).filter(action="evidence.add", actor=inspector).exists()
    assert evidence.uploaded_by == inspector


def test_text_search_finds_words_with_or_without_diacritics(demo, inspector, api_client):
    finding = Finding.objects.filter(unit_check__inspection=demo.departments_round).first()
    finding.observation = "Tiếp nhận hồ sơ đúng hạn"
    finding.refresh_search_text()
    finding.save()
    api = api_client(inspector)
    for text in ("tiep nhan ho so", "Tiếp nhận hồ sơ"):
        ids = [row["id"] for row in api.get(reverse("api:finding-list"), {"q": text}).json()["results"]]
        assert ids == [finding.pk]
    assert api.get(reverse("api:finding-list"), {"year": "hai nghìn"}).json() == {"year": ["Năm phải là số."]}


def test_an_upload_over_the_limit_is_cut_off_while_it_arrives_and_refused(
    settings, demo, inspector, api_client
):
    settings.EVIDENCE_MAX_BYTES = 1024
    finding = Finding.objects.filter(unit_check__inspection=demo.departments_round).first()
    big = SimpleUploadedFile("Biên bản.pdf", b"%PDF-1.4 " + b"x" * 4096)
    response = api_client(inspector).post(reverse("api:finding-evidence", args=[finding.pk]), {"file": big})
    assert response.status_code == 400
    assert "vượt quá mức cho phép" in response.json()["file"][0]
    assert not Evidence.objects.filter(finding=finding).exists()


def test_overdue_and_status_filters_of_the_follow_up_list(demo, inspector, api_client):
    findings = list(Finding.objects.filter(unit_check__inspection=demo.departments_round).order_by("pk")[:3])
    past, future = date.today() - timedelta(days=30), date.today() + timedelta(days=30)
    for finding, due in zip(findings, (past, future, past), strict=True):
        Finding.objects.filter(pk=finding.pk).update(result="shortcoming", due_on=due)
    FollowUp.objects.create(finding=findings[2], status="reported")
    api = api_client(inspector)

    def ids(**query):
        return [row["id"] for row in api.get(reverse("api:followup-list"), query).json()["results"]]

    assert ids() == [findings[0].pk, findings[2].pk, findings[1].pk]  # by due date, then id
    assert ids(overdue="true") == [findings[0].pk, findings[2].pk]
    assert ids(status="reported") == [findings[2].pk]
    assert api.get(reverse("api:followup-list"), {"status": "xong"}).status_code == 400


def test_the_follow_up_list_keeps_a_withdrawn_shortcoming_and_drops_one_corrected_before_any_step(
    demo, inspector, api_client
):
    """Withdrawn on its follow-up page (now Ghi nhận): still listed, with its reports and status;
    recorded as a shortcoming in error and corrected on the visit's page before any follow-up
    step: no longer one, not listed."""
    from inspections.services.followup import withdraw_followup

    withdrawn, corrected, kept = Finding.objects.filter(unit_check__inspection=demo.departments_round)[:3]
    for finding in (withdrawn, corrected, kept):
        Finding.objects.filter(pk=finding.pk).update(result="shortcoming", due_on=date(2023, 9, 30))
    withdraw_followup(withdrawn, by=inspector, reason="Ghi nhầm: đơn vị đã niêm yết.", result="noted")
    Finding.objects.filter(pk=corrected.pk).update(result="compliant", due_on=None)

    api = api_client(inspector)
    rows = api.get(reverse("api:followup-list")).json()["results"]
    # (A withdrawn one has no due date: first on SQLite, last on PostgreSQL.)
    assert {row["id"]: row["status"] for row in rows} == {kept.pk: "open", withdrawn.pk: "withdrawn"}
    assert api.get(reverse("api:followup-list"), {"status": "withdrawn"}).json()["count"] == 1
    assert api.get(reverse("api:followup-detail", args=[withdrawn.pk])).json()["status"] == "withdrawn"
    assert api.get(reverse("api:followup-detail", args=[corrected.pk])).status_code == 404
    assert Finding.objects.get(pk=withdrawn.pk).result == "noted"
