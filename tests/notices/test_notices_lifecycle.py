"""Each rule of a notice's life has one home (Notice.TRANSITIONS and services/lifecycle.py):
the services, the pages, the admin and the importer ask it and never restate it."""

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from test_notices_immutability import edit_post

from inspections.forms.notices import NoticeForm, notice_formsets
from inspections.models import AuditEvent, Notice, NoticeFrozen, TransitionError
from inspections.services.importing import import_notice_file
from inspections.services.lifecycle import NOTICE
from inspections.services.notices import apply_action, draft_notice, replace_notice, save_notice

pytestmark = pytest.mark.django_db
Status = Notice.Status
SEED = Path(__file__).resolve().parents[2] / "inspections" / "demo_data" / "2880-TB-BQL-2023.txt"


@pytest.mark.parametrize(
    ("action", "sources", "target"),
    [
        ("edit", ["draft"], None),
        ("submit", ["draft"], "in_review"),
        ("return", ["in_review"], "draft"),
        ("approve", ["in_review"], "approved"),
        ("issue", ["approved"], "issued"),
        ("import", ["draft"], "issued"),
        ("replace", ["issued"], None),
        ("delete", ["draft", "in_review", "approved"], None),
    ],
)
def test_the_table_is_the_design_life_cycle(action, sources, target):
    step = Notice.TRANSITIONS[action]
    assert (list(step.sources), step.target) == (sources, target)
    for status in Status.values:
        notice = Notice(status=status)
        if status in sources:
            notice.transition(action)
            assert notice.status == (target or status)
        else:
            with pytest.raises(TransitionError):
                notice.transition(action)


def test_nothing_leaves_issued_but_a_replacement():
    # The paper copy changes no status: it only gives a notice imported from paper a file.
    assert Notice(status=Status.ISSUED).allowed_actions() == ["replace", "paper_copy"]
    assert Notice.TRANSITIONS["paper_copy"].target is None


# Guard: "choose a signer before submitting" ---------------------------------------------


def test_a_draft_without_a_signer_cannot_be_submitted(client, make_notice, inspector):
    notice = make_notice("draft")
    Notice.objects.filter(pk=notice.pk).update(signer=None)
    notice.refresh_from_db()
    with pytest.raises(TransitionError, match="Chọn người ký trước khi trình duyệt."):
        apply_action(notice, "submit", by=inspector)
    client.force_login(inspector)
    page = client.get(notice.get_absolute_url()).content.decode()
    assert reverse("inspections:notice-submit", args=[notice.pk]) not in page
    assert (
        "<strong>Trình Lãnh đạo duyệt:</strong> chưa thực hiện được. Chọn người ký trước khi trình duyệt."
        in page
    )
    response = client.post(reverse("inspections:notice-submit", args=[notice.pk]), follow=True)
    assert "Chọn người ký trước khi trình duyệt." in response.content.decode()
    notice.refresh_from_db()
    assert notice.status == Status.DRAFT
    assert not AuditEvent.objects.about(notice).filter(action="notice.submit").exists()


# Guard: "only an issued notice can be replaced" ------------------------------------------


@pytest.mark.parametrize("status", ["draft", "in_review", "approved"])
def test_only_an_issued_notice_can_be_replaced(client, make_notice, inspector, status):
    notice = make_notice(status)
    with pytest.raises(TransitionError, match="Chỉ thay thế được thông báo đã ban hành."):
        replace_notice(notice, by=inspector)
    client.force_login(inspector)
    response = client.post(reverse("inspections:notice-replace", args=[notice.pk]), follow=True)
    assert "Chỉ thay thế được thông báo đã ban hành." in response.content.decode()
    assert not Notice.objects.filter(replaces=notice).exists()


def test_an_issued_notice_is_replaced_once(make_notice, inspector):
    issued = make_notice("issued", number=2880)
    replace_notice(issued, by=inspector)
    with pytest.raises(TransitionError, match="đã có văn bản thay thế"):
        replace_notice(issued, by=inspector)
    assert Notice.objects.filter(replaces=issued).count() == 1


# One home: a rule added there reaches every caller ---------------------------------------


def test_a_rule_added_in_one_place_reaches_page_service_and_admin(
    client, make_notice, inspector, admin_user, monkeypatch
):
    notice = make_notice("draft")
    monkeypatch.setitem(NOTICE.rules, "edit", [lambda notice, user, inputs: "Đang khóa để đối chiếu."])
    client.force_login(inspector)
    assert client.get(reverse("inspections:notice-edit", args=[notice.pk])).status_code == 403
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "<strong>Sửa dự thảo:</strong> chưa thực hiện được. Đang khóa để đối chiếu." in page
    form = NoticeForm(edit_post(notice, title="Sửa"), instance=notice)
    formsets = notice_formsets(notice, edit_post(notice))
    assert form.is_valid() and all(f.is_valid() for f in formsets)
    with pytest.raises(TransitionError, match="Đang khóa để đối chiếu."):
        save_notice(form, *formsets, by=inspector)
    client.force_login(admin_user)
    admin_page = client.get(reverse("admin:inspections_notice_change", args=[notice.pk])).content.decode()
    assert 'name="title"' not in admin_page  # read-only there too


def test_the_importer_records_through_the_import_action(clerk, demo, monkeypatch):
    monkeypatch.setitem(NOTICE.rules, "import", [lambda notice, user, inputs: "Tạm dừng nhập."])
    with pytest.raises(TransitionError, match="Tạm dừng nhập."):
        import_notice_file(SEED.read_bytes(), SEED.name, by=clerk, organization=demo.organization)
    assert not Notice.objects.exists()


def test_the_import_route_is_only_for_notices_recorded_from_a_file(clerk, inspector, demo):
    decision = NOTICE.check(Notice(status=Status.DRAFT), "import", clerk)
    assert decision.permitted and decision.in_state and not decision.allowed
    assert "Chỉ thông báo nhập từ văn bản đã ban hành" in decision.reasons[0]
    with pytest.raises(PermissionDenied):
        import_notice_file(SEED.read_bytes(), SEED.name, by=inspector, organization=demo.organization)


def test_an_issued_notice_is_never_deleted_nor_edited(make_notice, admin_user):
    issued = make_notice("issued", number=2880)
    with pytest.raises(NoticeFrozen, match="không thể xóa"):
        NOTICE.require(issued, "delete", admin_user)
    with pytest.raises(NoticeFrozen, match="không thể sửa đổi"):
        NOTICE.require(issued, "edit", admin_user)


def test_decisions_say_who_may_and_why_not(make_notice, inspector, leader, clerk):
    notice = make_notice("in_review")
    assert NOTICE.check(notice, "approve", leader).allowed
    for_inspector = NOTICE.check(notice, "approve", inspector)  # the inspector drafted it, too
    assert not for_inspector.permitted and not for_inspector.blocked  # not their role: no "why"
    assert for_inspector.reasons == ()  # the rules are not even asked
    assert (for_inspector.action, for_inspector.label) == ("approve", "Duyệt văn bản")
    for_clerk = NOTICE.check(notice, "issue", clerk)
    assert for_clerk.permitted and not for_clerk.in_state and not for_clerk.blocked
    assert NOTICE.input_errors("return", comment="  ") == {"comment": "Trả lại dự thảo phải kèm ý kiến."}
    assert NOTICE.input_errors("return", comment="Bổ sung căn cứ") == {}
    assert NOTICE.input_errors("approve", comment="") == {}


# The replacement copies the issued notice word for word ------------------------------------


@pytest.mark.parametrize(
    ("closing", "expected_start"),
    [
        ("Yêu cầu các phòng khắc phục./.", "Yêu cầu các phòng khắc phục.\n\n"),  # "./." moves to the end
        ("Yêu cầu các phòng khắc phục", "Yêu cầu các phòng khắc phục.\n\n"),  # a sentence ends with "."
        ("", ""),  # no closing: the statement alone
        ("Yêu cầu các phòng khắc phục ./.", "Yêu cầu các phòng khắc phục.\n\n"),  # no space left before "."
        ("Các phòng đã khắc phục xong.", "Các phòng đã khắc phục xong.\n\n"),  # already ends with "."
    ],
)
def test_a_replacement_copies_every_part_and_states_what_it_replaces(
    make_notice, inspector, closing, expected_start
):
    old = make_notice("draft")
    # Closings without "./." (which the app refuses to issue) come from paper, imported as issued.
    issued_on = date(2023, 10, 12)
    Notice.objects.filter(pk=old.pk).update(
        closing=closing,
        authority=Notice.Authority.TL,
        place="Hải Phòng",
        symbol="TB-BQLKKT",
        status=Notice.Status.ISSUED,
        imported=True,
        number=2880,
        issued_on=issued_on,
        year=issued_on.year,
    )
    old.refresh_from_db()
    new = replace_notice(old, by=inspector)
    statement = (
        f"Thông báo này thay thế Thông báo số 2880/TB-BQLKKT ngày {old.issued_on:%d}/{old.issued_on.month}/"
        f"{old.issued_on.year} của Ban Quản lý Khu kinh tế Hải Phòng./."
    )
    assert new.closing == expected_start + statement
    for field in (
        "inspection_id",
        "organization_id",
        "symbol",
        "place",
        "title",
        "opening",
        "signer_id",
        "authority",
    ):
        assert getattr(new, field) == getattr(old, field), field
    assert (new.status, new.number, new.replaces_id, new.created_by) == ("draft", None, old.pk, inspector)
    for parts in ("items", "recipients"):
        assert list(getattr(new, parts).values_list("position", "text")) == list(
            getattr(old, parts).values_list("position", "text")
        )
    assert list(new.basis_links.values_list("position", "document")) == list(
        old.basis_links.values_list("position", "document")
    )
    stored = Notice.objects.get(pk=new.pk)
    assert (stored.signer_name, stored.authority_title) == (old.signer_name, old.authority_title)
    assert stored.search_text and "thay the thong bao so 2880/tb-bqlkkt" in stored.search_text
    event = AuditEvent.objects.about(new).get()
    assert (event.action, event.actor, event.data) == (
        "notice.replace",
        inspector,
        {"replaces": "2880/TB-BQLKKT"},
    )


def issue_through(notice, *, number):
    from inspections.services.issuing import issue_notice
    from units.models import User

    notice.refresh_from_db()
    apply_action(notice, "submit", by=notice.created_by)
    approved = apply_action(notice, "approve", by=User.objects.get(username="lanh_dao"))
    return issue_notice(approved, by=User.objects.get(username="van_thu"), number=number)


# Every rule's message, word for word --------------------------------------------------------


def test_each_rule_says_why_in_its_own_words(make_notice, inspector, leader, clerk, demo):
    from inspections import demo_followup
    from inspections.models import Finding, FollowUp
    from inspections.services.lifecycle import FOLLOWUP, deletion_refusal, followup_of, result_change_refusal

    draft = make_notice("draft")
    draft.signer = None
    assert NOTICE.check(draft, "submit", inspector).reasons == ("Chọn người ký trước khi trình duyệt.",)
    own = make_notice("in_review")
    own.created_by = leader
    assert NOTICE.check(own, "approve", leader).reasons == (
        "Người duyệt không được là người đã soạn hoặc sửa nội dung thông báo. Người ký đã chọn cũng đã "
        "soạn hoặc sửa nội dung thông báo nên không duyệt được: cần trả lại dự thảo để chọn người ký khác.",
    )
    assert NOTICE.check(own, "return", leader, comment=" ").reasons == (
        "Người duyệt không được là người đã soạn hoặc sửa nội dung thông báo. Người có thể duyệt hoặc "
        "trả lại: Bùi Ngọc Hải, Lê Trung Kiên, Nguyễn Văn Nam, Trần Văn Minh.",
        "Trả lại dự thảo phải kèm ý kiến.",
    )
    issued = make_notice("issued", number=7)
    replace_notice(issued, by=inspector)
    assert NOTICE.check(issued, "replace", inspector).reasons == (
        "Thông báo này đã có văn bản thay thế (hoặc dự thảo thay thế).",
    )
    assert NOTICE.check(Notice(), "import", clerk).reasons == (
        "Chỉ thông báo nhập từ văn bản đã ban hành mới được ghi là đã ban hành mà không qua duyệt.",
    )
    shortcoming = Finding.objects.get(pk=demo_followup.load(demo.organization, demo.plan).pk)
    followup = followup_of(shortcoming)
    assert FOLLOWUP.check(followup, "withdraw", inspector, reason="x", result="shortcoming").reasons == (
        "Khi rút lại, hãy chọn kết quả “Đạt” hoặc “Ghi nhận”.",
    )
    compliant = Finding.objects.filter(unit_check=shortcoming.unit_check, result="compliant").first()
    assert FOLLOWUP.check(followup_of(compliant), "report", inspector).reasons == (
        "Chỉ theo dõi khắc phục các kết quả “Có tồn tại, hạn chế”.",
    )
    assert result_change_refusal(shortcoming, "compliant") == (
        "Tồn tại này đang được theo dõi khắc phục (có báo cáo của đơn vị); không đổi kết quả ở đây. "
        "Nếu ghi nhầm, hãy “Rút lại tồn tại” kèm lý do trên trang theo dõi khắc phục."
    )
    assert result_change_refusal(shortcoming, "shortcoming") is None  # no change, nothing to refuse
    assert deletion_refusal(shortcoming) == (
        "Không thể xóa: tồn tại này đã có báo cáo khắc phục của đơn vị, là hồ sơ phải lưu giữ. "
        "Nếu ghi nhầm, hãy “Rút lại tồn tại” kèm lý do trên trang theo dõi khắc phục."
    )
    FollowUp.objects.filter(finding=shortcoming).update(status="withdrawn")  # as withdraw_followup leaves it
    Finding.objects.filter(pk=shortcoming.pk).update(result="noted", due_on=None)
    shortcoming = Finding.objects.get(pk=shortcoming.pk)
    assert result_change_refusal(shortcoming, "shortcoming") == (
        "Tồn tại này đã được rút lại; không thể ghi lại là tồn tại."
    )
    assert result_change_refusal(shortcoming, "compliant") is None
    assert deletion_refusal(compliant) is None and result_change_refusal(compliant, "noted") is None
    assert NOTICE.input_errors("issue") == {} and NOTICE.required_inputs("issue") == set()


def test_every_refusal_is_said_in_full_and_a_wrong_action_is_a_programming_error(make_notice, leader):
    notice = make_notice("in_review")
    Notice.objects.filter(pk=notice.pk).update(created_by=leader)
    with pytest.raises(TransitionError) as refused:
        apply_action(notice, "return", by=leader, comment=" ")
    assert str(refused.value) == (
        "Người duyệt không được là người đã soạn hoặc sửa nội dung thông báo. Người có thể duyệt hoặc "
        "trả lại: Bùi Ngọc Hải, Lê Trung Kiên, Nguyễn Văn Nam, Trần Văn Minh. "
        "Trả lại dự thảo phải kèm ý kiến."
    )
    with pytest.raises(ValueError, match="'issue' is not a review action; use issue_notice"):
        apply_action(notice, "issue", by=leader)


def test_a_step_without_a_comment_records_none(make_notice, inspector):
    notice = apply_action(make_notice("draft"), "submit", by=inspector)
    assert AuditEvent.objects.about(notice).get(action="notice.submit").data == {}


def test_a_draft_holds_what_the_composer_made_and_says_where_it_came_from(demo, inspector):
    from inspections.composer import compose_notice

    composed = compose_notice(demo.departments_round)
    notice = draft_notice(demo.departments_round, by=inspector)
    assert (notice.symbol, notice.closing, notice.authority) == (
        composed.symbol,
        composed.closing,
        composed.authority,
    )
    assert list(notice.basis_links.values_list("position", "document")) == [
        (position, document.pk) for position, document in enumerate(composed.legal_bases, start=1)
    ]
    event = AuditEvent.objects.about(notice).get(action="notice.draft")
    assert event.data == {"inspection": str(demo.departments_round)}
