"""Issuing: the register number and date, refusals, the frozen PDF and its hash."""

import hashlib
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from inspections.models import AuditEvent, Notice, TransitionError
from inspections.services.issuing import NumberTaken, check_issue_values, issue_notice, suggest_number
from inspections.services.register import line_for_notice
from inspections.vn import vn_short_date

pytestmark = pytest.mark.django_db


def status_of(notice):
    return Notice.objects.values_list("status", flat=True).get(pk=notice.pk)


def test_the_suggestion_follows_the_highest_number_of_the_year(make_notice, demo, clerk):
    year = timezone.localdate().year
    assert suggest_number(demo.organization, year) == 1
    make_notice("issued", number=2880)
    assert suggest_number(demo.organization, year) == 2881
    assert suggest_number(demo.organization, year - 1) == 1
    notice = issue_notice(make_notice("approved"), by=clerk)
    assert notice.number == 2881
    # Another board's register is its own: its numbers do not move this one.
    from units.models import Organization

    other = Organization.objects.create(name="Sở Nội vụ", abbreviation="SNV", place="Hải Phòng")
    assert suggest_number(other, year) == 1


def test_a_typed_number_and_date_are_kept_and_the_pdf_is_frozen_with_its_hash(make_notice, clerk):
    today = timezone.localdate()
    notice = make_notice("issued", number=2880, issued_on=today)
    notice.refresh_from_db()
    assert (notice.status, notice.number, notice.year, notice.issued_on) == (
        "issued",
        2880,
        today.year,
        today,
    )
    assert str(notice) == "2880/TB-BQL"
    data = notice.pdf.read()
    assert data == b"%PDF-1.7 stub"
    assert hashlib.sha256(data).hexdigest() == notice.pdf_sha256
    assert len(notice.verification_code) == 10
    events = {e.action: e.data for e in AuditEvent.objects.about(notice)}
    stored = {"number": 2880, "issued_on": today.isoformat()}
    assert events["notice.number"] == stored
    assert events["notice.seal"] == {"sha256": notice.pdf_sha256, "bytes": len(data)}
    assert events["notice.issue"] == stored | {"sha256": notice.pdf_sha256}


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_sqlite_clerks_take_turns_and_keep_the_typed_date(make_notice, clerk):
    notice = make_notice("approved")
    Notice.objects.filter(pk=notice.pk).update(approved_at=timezone.now() - timedelta(days=3))
    day = timezone.localdate() - timedelta(days=2)  # typed from the register, not today
    issued = issue_notice(notice, by=clerk, number=12, issued_on=day)
    assert (issued.number, issued.issued_on) == (12, day)


def test_the_issue_values_are_checked_in_words(make_notice):
    notice = make_notice("approved")
    today = timezone.localdate()
    assert check_issue_values(notice, True, today) == {"number": "Số văn bản phải là số nguyên lớn hơn 0."}
    approved = timezone.localdate(notice.approved_at)
    before = approved - timedelta(days=1)
    assert check_issue_values(notice, 5, before) == {
        "issued_on": f"Ngày ban hành không được trước ngày duyệt ({vn_short_date(approved)})."
    }


def test_issue_calls_the_pdf_module_once_with_the_numbered_notice(make_notice, clerk, monkeypatch):
    seen = []

    def render(notice):
        seen.append((notice.number, notice.status, notice.signer_name))
        return b"%PDF-1.7 seen"

    monkeypatch.setattr("inspections.services.signing.seal_notice", render)
    issue_notice(make_notice("approved"), by=clerk, number=12)
    assert seen == [(12, "approved", "Bùi Ngọc Hải")]


def test_a_taken_number_is_refused_and_nothing_is_half_issued(make_notice, clerk):
    make_notice("issued", number=2880)
    second = make_notice("approved")
    with pytest.raises(NumberTaken, match=f"Số 2880/TB-BQL năm {timezone.localdate().year} đã được dùng"):
        issue_notice(second, by=clerk, number=2880)
    second.refresh_from_db()
    assert (second.status, second.number, second.year, second.issued_on) == ("approved", None, None, None)
    assert second.verification_code is None and not second.pdf and not second.pdf_sha256
    assert not AuditEvent.objects.about(second).filter(action__startswith="notice.number").exists()


def test_a_render_failure_issues_nothing(make_notice, clerk, monkeypatch):
    def broken(notice):
        raise RuntimeError("chứng thư số sai mật khẩu")

    monkeypatch.setattr("inspections.services.signing.seal_notice", broken)
    notice = make_notice("approved")
    with pytest.raises(RuntimeError):
        issue_notice(notice, by=clerk, number=5)
    notice.refresh_from_db()
    assert (notice.status, notice.number) == ("approved", None)


def test_a_failure_after_the_pdf_is_stored_removes_the_file_and_issues_nothing(
    make_notice, clerk, monkeypatch
):
    from django.core.files.storage import default_storage

    from inspections.services import issuing

    real_record = issuing.record

    def record_failing_at_render(obj, action, **kwargs):
        if action == "notice.seal":  # the PDF is in storage by now
            raise RuntimeError("mất kết nối cơ sở dữ liệu")
        return real_record(obj, action, **kwargs)

    monkeypatch.setattr(issuing, "record", record_failing_at_render)
    notice = make_notice("approved")
    with pytest.raises(RuntimeError):
        issue_notice(notice, by=clerk, number=5)
    notice.refresh_from_db()
    assert (notice.status, notice.number, notice.pdf.name) == ("approved", None, "")
    stored = default_storage.listdir("notices")[1] if default_storage.exists("notices") else []
    assert stored == []  # no PDF left behind without its notice


@pytest.mark.parametrize("status", ["draft", "in_review"])
def test_only_an_approved_notice_can_be_issued(make_notice, clerk, status):
    notice = make_notice(status)
    with pytest.raises(TransitionError, match="Chỉ ban hành được thông báo đã duyệt"):
        issue_notice(notice, by=clerk, number=1)
    assert status_of(notice) == status


def test_an_issued_notice_cannot_be_issued_again(make_notice, clerk):
    notice = make_notice("issued", number=7)
    with pytest.raises(TransitionError):
        issue_notice(notice, by=clerk, number=8)
    notice.refresh_from_db()
    assert notice.number == 7


@pytest.mark.parametrize("persona", ["inspector", "leader", "outsider"])
def test_only_a_clerk_issues(make_notice, request, persona):
    notice = make_notice("approved")
    with pytest.raises(PermissionDenied):
        issue_notice(notice, by=request.getfixturevalue(persona), number=1)
    assert status_of(notice) == "approved"


@pytest.mark.parametrize("number", [0, -3])
def test_the_service_refuses_a_number_not_above_zero(make_notice, clerk, number):
    notice = make_notice("approved")
    with pytest.raises(ValidationError) as refused:
        issue_notice(notice, by=clerk, number=number)
    assert refused.value.message_dict == {"number": ["Số văn bản phải là số nguyên lớn hơn 0."]}
    assert status_of(notice) == "approved"


def test_the_service_refuses_a_future_date_and_one_before_approval(make_notice, clerk):
    notice = make_notice("approved")
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="không được sau hôm nay"):
        issue_notice(notice, by=clerk, number=1, issued_on=tomorrow)
    with pytest.raises(ValidationError, match="không được trước ngày duyệt"):
        issue_notice(notice, by=clerk, number=1, issued_on=date(2023, 6, 14))
    assert status_of(notice) == "approved"


# The issue page -------------------------------------------------------------


def test_the_issue_page_prefills_the_suggested_number_and_today(client, make_notice, clerk):
    make_notice("issued", number=2880)
    notice = make_notice("approved")
    client.force_login(clerk)
    response = client.get(reverse("inspections:notice-issue", args=[notice.pk]))
    form = response.context["form"]
    assert form["number"].value() == 2881
    assert form["issued_on"].value() == timezone.localdate()
    assert 'value="2881"' in response.content.decode()


def test_a_clerk_issues_through_the_page(client, make_notice, clerk):
    notice = make_notice("approved")
    today = timezone.localdate()
    client.force_login(clerk)
    response = client.post(
        reverse("inspections:notice-issue", args=[notice.pk]),
        # Nothing issued yet this year: 2880 leaves 2879 numbers empty, which the clerk confirms.
        {"number": "2880", "issued_on": today.isoformat(), "confirm_gap": "2880"},
        follow=True,
    )
    assert f"Đã ban hành Thông báo số 2880/TB-BQL ngày {today:%d}/" in response.content.decode()
    notice.refresh_from_db()
    assert (notice.status, notice.number, notice.issued_on) == ("issued", 2880, today)


@pytest.mark.parametrize(
    ("number", "issued_on", "field", "message"),
    [
        ("0", "today", "number", "Số văn bản phải lớn hơn 0."),
        ("-5", "today", "number", "Số văn bản phải lớn hơn 0."),
        ("28a", "today", "number", "Số văn bản phải là số nguyên."),
        ("", "today", "number", "Nhập số văn bản."),
        ("12", "tomorrow", "issued_on", "Ngày ban hành không được sau hôm nay"),
        ("12", "2023-06-14", "issued_on", "Ngày ban hành không được trước ngày duyệt"),
        ("12", "14/13/2023", "issued_on", "Ngày không hợp lệ"),
    ],
)
def test_bad_issue_input_is_refused_next_to_the_field_and_kept(
    client, make_notice, clerk, number, issued_on, field, message
):
    notice = make_notice("approved")
    days = {"today": timezone.localdate(), "tomorrow": timezone.localdate() + timedelta(days=1)}
    typed = days[issued_on].isoformat() if issued_on in days else issued_on
    client.force_login(clerk)
    response = client.post(
        reverse("inspections:notice-issue", args=[notice.pk]), {"number": number, "issued_on": typed}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert any(message in error for error in errors[field])
    assert response.context["form"]["number"].value() == number
    assert status_of(notice) == "approved"


def test_a_taken_number_on_the_page_says_so_and_offers_the_next_free_one(client, make_notice, clerk):
    make_notice("issued", number=2880)
    notice = make_notice("approved")
    client.force_login(clerk)
    response = client.post(
        reverse("inspections:notice-issue", args=[notice.pk]),
        {"number": "2880", "issued_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    (error,) = response.context["form"].errors["number"]
    assert error.startswith(f"Số 2880/TB-BQL năm {timezone.localdate().year} đã được dùng")
    assert error.endswith("Số tiếp theo còn trống: 2881.")
    assert status_of(notice) == "approved"


def test_the_issue_page_refuses_a_notice_that_is_not_approved(client, make_notice, clerk):
    notice = make_notice("in_review")
    client.force_login(clerk)
    response = client.post(
        reverse("inspections:notice-issue", args=[notice.pk]),
        {"number": "1", "issued_on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "Chỉ ban hành được thông báo đã duyệt" in response.content.decode()
    assert status_of(notice) == "in_review"


@pytest.mark.parametrize("persona", ["inspector", "leader", "outsider"])
def test_the_issue_page_is_for_clerks_only(client, make_notice, request, persona):
    notice = make_notice("approved")
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        reverse("inspections:notice-issue", args=[notice.pk]),
        {"number": "1", "issued_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 403
    assert status_of(notice) == "approved"


def take_number_meanwhile(monkeypatch, other):
    """While the PDF is sealed, another worker issues `other` under the number being written."""
    calls = []

    def render(notice):
        calls.append(notice.number)
        if len(calls) == 1:
            Notice.objects.filter(pk=other.pk).update(
                number=notice.number, year=notice.year, issued_on=notice.issued_on
            )
            # As issue_notice does: the number is held in the register's series too.
            line_for_notice(Notice.objects.get(pk=other.pk)).save()
        return b"%PDF-1.7 stub"

    monkeypatch.setattr("inspections.services.signing.seal_notice", render)
    return calls


def stored_pdfs():
    from django.core.files.storage import default_storage

    try:
        return default_storage.listdir("notices")[1]
    except FileNotFoundError:
        return []


def test_a_suggested_number_taken_while_rendering_moves_to_the_next_one(make_notice, clerk, monkeypatch):
    notice, other = make_notice("approved"), make_notice("approved")
    calls = take_number_meanwhile(monkeypatch, other)
    issued = issue_notice(notice, by=clerk)
    assert calls == [1, 2]  # rendered again with the next free number
    assert (issued.status, issued.number) == ("issued", 2)
    assert stored_pdfs() == [f"{issued.file_stem}.pdf"]  # the first render's file is gone
    numbers = AuditEvent.objects.about(issued).filter(action="notice.number").values_list("data", flat=True)
    assert [data["number"] for data in numbers] == [2]


def test_a_typed_number_taken_while_rendering_is_refused_and_nothing_is_left(make_notice, clerk, monkeypatch):
    notice, other = make_notice("approved"), make_notice("approved")
    take_number_meanwhile(monkeypatch, other)
    with pytest.raises(NumberTaken, match="Số 2880/TB-BQL"):
        issue_notice(notice, by=clerk, number=2880)
    notice.refresh_from_db()
    assert (notice.status, notice.number, notice.pdf.name) == ("approved", None, "")
    assert stored_pdfs() == []
    assert not AuditEvent.objects.about(notice).filter(action__startswith="notice.number").exists()
