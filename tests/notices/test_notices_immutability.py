"""An issued notice never changes: views, crafted POSTs, admin, services, model, queryset, SQL."""

import pytest
from admin_forms import admin_post
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from inspections import dbguards
from inspections.forms.notices import NoticeForm, notice_formsets
from inspections.models import AuditEvent, Notice, NoticeFrozen, NoticeItem, NoticeLegalBasis, NoticeRecipient
from inspections.services.notices import apply_action, notice_version, replace_notice, save_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(make_notice):
    return make_notice("issued", number=2880)


def snapshot(notice):
    row = Notice.objects.filter(pk=notice.pk).values().get()
    row.pop("updated_at")
    return (
        row,
        list(NoticeItem.objects.filter(notice=notice).values_list("position", "text")),
        list(NoticeRecipient.objects.filter(notice=notice).values_list("position", "text")),
        list(NoticeLegalBasis.objects.filter(notice=notice).values_list("position", "document")),
    )


def edit_post(notice, **changes):
    """The edit form's POST data as the page would send it, with `changes` applied."""
    data = {
        "title": notice.title,
        "opening": notice.opening,
        "closing": notice.closing,
        "signer": notice.signer_id,
        "authority": notice.authority,
        "version": notice_version(notice),  # the version the page saw (a stale save is refused)
    }
    for formset in notice_formsets(notice):
        management = formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for form in formset.initial_forms:
            for name in form.fields:
                value = form[name].value()
                if value is not None and name != "DELETE":
                    data[form.add_prefix(name)] = value
    data["items-TOTAL_FORMS"] = data["items-INITIAL_FORMS"]
    data["recipients-TOTAL_FORMS"] = data["recipients-INITIAL_FORMS"]
    data["bases-TOTAL_FORMS"] = data["bases-INITIAL_FORMS"]
    return data | changes


def test_the_edit_page_of_an_issued_notice_is_forbidden(client, issued, inspector):
    client.force_login(inspector)
    assert client.get(reverse("inspections:notice-edit", args=[issued.pk])).status_code == 403


def test_a_crafted_edit_post_changes_nothing(client, issued, inspector):
    before = snapshot(issued)
    client.force_login(inspector)
    response = client.post(
        reverse("inspections:notice-edit", args=[issued.pk]),
        edit_post(issued, title="Sửa lén", **{"items-0-text": "Sửa lén"}),
    )
    assert response.status_code == 403
    assert snapshot(issued) == before


@pytest.mark.parametrize(
    ("action", "persona"), [("submit", "inspector"), ("return", "leader"), ("approve", "leader")]
)
def test_crafted_review_posts_on_an_issued_notice_are_refused(client, issued, request, action, persona):
    before = snapshot(issued)
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        reverse(f"inspections:notice-{action}", args=[issued.pk]), {"comment": "x"}, follow=True
    )
    assert "Không thể thực hiện thao tác này" in response.content.decode()
    assert snapshot(issued) == before


def test_the_issue_page_refuses_to_issue_twice(client, issued, clerk):
    before = snapshot(issued)
    client.force_login(clerk)
    client.post(
        reverse("inspections:notice-issue", args=[issued.pk]), {"number": "9", "issued_on": "2023-06-14"}
    )
    assert snapshot(issued) == before


def test_the_admin_shows_an_issued_notice_read_only_and_refuses_changes(client, issued, admin_user):
    before = snapshot(issued)
    client.force_login(admin_user)
    url = reverse("admin:inspections_notice_change", args=[issued.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()  # shown as text, not as an input
    assert 'name="_save"' not in page.content.decode()
    assert client.post(url, {"title": "Sửa qua admin", "opening": "", "closing": ""}).status_code == 403
    delete = reverse("admin:inspections_notice_delete", args=[issued.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:inspections_notice_changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": [issued.pk], "post": "yes"})
    assert snapshot(issued) == before


def test_the_admin_edits_a_draft_through_the_service_with_the_same_audit_line(
    client, make_notice, admin_user
):
    draft = make_notice("draft")
    client.force_login(admin_user)
    url = reverse("admin:inspections_notice_change", args=[draft.pk])
    page = client.get(url)
    assert 'name="title"' in page.content.decode()
    old_title = draft.title
    response = client.post(url, admin_post(page, title="Kết quả kiểm tra (sửa qua quản trị)"))
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.about(draft).get(action="notice.change")
    assert event.actor == admin_user
    # The same line the edit page writes: {"changes": {field: [old, new]}}.
    assert event.data == {"changes": {"trích yếu": [old_title, "Kết quả kiểm tra (sửa qua quản trị)"]}}


def test_the_admin_cannot_edit_a_notice_that_left_draft_meanwhile(client, make_notice, admin_user, inspector):
    draft = make_notice("draft")
    client.force_login(admin_user)
    url = reverse("admin:inspections_notice_change", args=[draft.pk])
    page = client.get(url)
    apply_action(draft, "submit", by=inspector)  # submitted while the admin page was open
    assert client.post(url, admin_post(page, title="Sửa muộn")).status_code == 403
    draft.refresh_from_db()
    assert draft.title != "Sửa muộn"
    assert not AuditEvent.objects.about(draft).filter(action="notice.change").exists()


def test_the_admin_deletes_a_draft_through_the_service_and_audits_it(client, make_notice, admin_user):
    draft = make_notice("draft")
    client.force_login(admin_user)
    assert (
        client.post(reverse("admin:inspections_notice_delete", args=[draft.pk]), {"post": "yes"}).status_code
        == 302
    )
    assert not Notice.objects.filter(pk=draft.pk).exists()
    event = AuditEvent.objects.get(action="notice.delete", object_id=draft.pk)
    assert event.actor == admin_user
    assert event.data == {
        "changes": {
            "Trích yếu": [draft.title, ""],
            "Trạng thái": ["Dự thảo", ""],
            "Đợt kiểm tra": [str(draft.inspection), ""],
        }
    }


def test_services_refuse_to_edit_review_or_replace_in_place(issued, inspector, leader):
    before = snapshot(issued)
    form = NoticeForm(edit_post(issued, title="Sửa qua dịch vụ"), instance=issued)
    formsets = notice_formsets(issued, edit_post(issued))
    assert form.is_valid() and all(f.is_valid() for f in formsets)
    with pytest.raises(NoticeFrozen):
        save_notice(form, *formsets, by=inspector)
    for action, user in [("submit", inspector), ("approve", leader), ("return", leader)]:
        with pytest.raises(Exception, match="Không thể thực hiện thao tác này"):
            apply_action(issued, action, by=user, comment="x")
    replacement = replace_notice(issued, by=inspector)
    assert replacement.replaces_id == issued.pk
    assert snapshot(issued) == before


def test_the_model_refuses_save_and_delete(issued):
    issued.title = "Sửa qua mô hình"
    with pytest.raises(NoticeFrozen):
        issued.save()
    with pytest.raises(NoticeFrozen):
        Notice.objects.get(pk=issued.pk).delete()
    item = issued.items.first()
    item.text = "Sửa mục"
    with pytest.raises(NoticeFrozen):
        item.save()
    with pytest.raises(NoticeFrozen):
        item.delete()
    with pytest.raises(NoticeFrozen):
        NoticeRecipient.objects.create(notice=issued, position=9, text="Thêm nơi nhận")


def test_queryset_update_is_refused(issued):
    before = snapshot(issued)
    with pytest.raises(NoticeFrozen):
        Notice.objects.filter(pk=issued.pk).update(title="Sửa hàng loạt")
    with pytest.raises(NoticeFrozen):
        Notice.objects.all().update(title="Sửa hàng loạt")
    assert snapshot(issued) == before


def test_the_database_itself_refuses_bulk_writes_that_skip_the_model(issued):
    before = snapshot(issued)
    attempts = [
        lambda: NoticeItem.objects.filter(notice=issued).update(text="Sửa hàng loạt"),
        lambda: NoticeItem.objects.filter(notice=issued).delete(),
        lambda: NoticeRecipient.objects.bulk_create([NoticeRecipient(notice=issued, text="Thêm")]),
        lambda: NoticeLegalBasis.objects.filter(notice=issued).delete(),
        lambda: Notice.objects.filter(pk=issued.pk).delete(),
    ]
    for attempt in attempts:
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    assert snapshot(issued) == before


RAW = [
    "UPDATE inspections_notice SET title = 'Sửa bằng SQL' WHERE id = %s",
    "UPDATE inspections_notice SET status = 'draft' WHERE id = %s",
    "DELETE FROM inspections_notice WHERE id = %s",
    "UPDATE inspections_noticeitem SET text = 'Sửa bằng SQL' WHERE notice_id = %s",
    "DELETE FROM inspections_noticeitem WHERE notice_id = %s",
    "INSERT INTO inspections_noticeitem (notice_id, position, text) VALUES (%s, 99, 'Thêm')",
    "UPDATE inspections_noticerecipient SET text = 'Sửa' WHERE notice_id = %s",
    "DELETE FROM inspections_noticerecipient WHERE notice_id = %s",
    "INSERT INTO inspections_noticerecipient (notice_id, position, text) VALUES (%s, 99, 'Thêm')",
    "UPDATE inspections_noticelegalbasis SET position = 42 WHERE notice_id = %s",
    "DELETE FROM inspections_noticelegalbasis WHERE notice_id = %s",
]


@pytest.mark.parametrize("sql", RAW)
def test_raw_sql_against_an_issued_notice_is_refused_by_a_trigger(issued, sql):
    before = snapshot(issued)
    refused = pytest.raises(DatabaseError, match="Thông báo đã ban hành không thể sửa đổi")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [issued.pk])
    assert snapshot(issued) == before


def test_moving_a_part_into_an_issued_notice_is_refused(issued, make_notice):
    draft = make_notice("draft")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE inspections_noticeitem SET notice_id = %s WHERE notice_id = %s", [issued.pk, draft.pk]
        )


def test_the_triggers_leave_drafts_alone(make_notice):
    draft = make_notice("draft")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE inspections_notice SET title = 'Sửa' WHERE id = %s", [draft.pk])
        cursor.execute("UPDATE inspections_noticeitem SET text = 'Sửa' WHERE notice_id = %s", [draft.pk])
        cursor.execute("DELETE FROM inspections_noticerecipient WHERE notice_id = %s", [draft.pk])
    draft.refresh_from_db()
    assert draft.title == "Sửa"


def installed_triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()}


def test_every_guard_trigger_is_installed():
    assert set(dbguards.trigger_names(connection.vendor)) <= installed_triggers()


@pytest.mark.django_db(transaction=True)
def test_flushing_the_whole_database_still_works_and_keeps_the_triggers(make_notice):
    make_notice("issued", number=1)
    call_command("flush", interactive=False, verbosity=0)
    assert not Notice.objects.exists()
    assert set(dbguards.trigger_names(connection.vendor)) <= installed_triggers()
