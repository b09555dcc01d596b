"""Drafts say only what is true (issue 19): a round only partly inspected is drafted with a
warning and its words name what was and was not inspected; drafting again asks first and
composes the round's draft again; a drafter deletes their own draft, and the trail keeps it."""

import pytest
from django.urls import reverse

from inspections.composer import compose_notice
from inspections.models import AuditEvent, Finding, Notice, TransitionError, UnitCheck
from inspections.services.notices import draft_notice, refresh_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def four_of_nine(demo):
    """The departments round with 4 of its 9 visits done, 5 back to "Chưa kiểm tra"."""
    round_ = demo.departments_round
    visits = list(UnitCheck.objects.filter(inspection=round_).order_by("unit__order", "pk"))
    for visit in visits[4:]:
        UnitCheck.objects.filter(pk=visit.pk).update(status=UnitCheck.Status.PLANNED)
    return [v.unit.name for v in visits[:4]], [v.unit.name for v in visits[4:]]


def test_an_incomplete_rounds_draft_counts_and_names_only_the_units_inspected(demo, four_of_nine):
    done, not_done = four_of_nine
    composed = compose_notice(demo.departments_round)
    text = "\n".join([composed.opening, *composed.items, composed.closing])
    assert "09/09" not in text and "còn lại" not in text
    assert "04/09 phòng chuyên môn từ ngày 06-07/6/2023" in composed.legal_basis_sentence
    assert (
        "chưa kiểm tra " + ", ".join(not_done[:-1]) + " và " + not_done[-1] in composed.legal_basis_sentence
    )
    for name in done:
        assert name in composed.lead_in
    # A compliant item names the units that were seen, never "Các phòng chuyên môn đã …".
    assert composed.items[0].startswith(", ".join(done[:-1]) + " và " + done[-1] + " đã ")
    assert not any(item.startswith("Các phòng chuyên môn") for item in composed.items)
    # Findings entered on a visit not marked done are not reported as inspected.
    for name in not_done:
        assert name not in "\n".join(composed.items)
    assert [u.name for u in composed.not_inspected] == not_done


def test_a_shortcoming_in_an_incomplete_round_names_the_compliant_units_not_the_rest(demo, four_of_nine):
    done, _ = four_of_nine
    finding = Finding.objects.filter(
        unit_check__inspection=demo.departments_round, unit_check__unit__name=done[0]
    ).first()
    Finding.objects.filter(pk=finding.pk).update(
        result=Finding.Result.SHORTCOMING, observation="Chưa niêm yết.", recommendation="Niêm yết ngay."
    )
    items = compose_notice(demo.departments_round).items
    item = next(i for i in items if "còn tồn tại" in i)
    assert f"{done[0]}: Chưa niêm yết." in item
    assert f" {done[1]}, {done[2]} và {done[3]} đã " in item


def test_an_incomplete_round_is_drafted_only_after_confirming(client, demo, inspector, four_of_nine):
    with pytest.raises(TransitionError, match="mới kiểm tra 4/9 đơn vị"):
        draft_notice(demo.departments_round, by=inspector)
    client.force_login(inspector)
    url = reverse("inspections:notice-draft", args=[demo.departments_round.pk])
    page = client.post(url)
    assert page.status_code == 200 and not Notice.objects.exists()
    assert "Đã kiểm tra 4/9 đơn vị." in page.content.decode()
    assert "(chưa kiểm tra)" in page.content.decode()
    response = client.post(url, {"confirm": "on"}, follow=True)
    notice = Notice.objects.get()
    assert "Đợt kiểm tra chưa kiểm tra xong" in response.content.decode()
    event = AuditEvent.objects.about(notice).get(action="notice.draft")
    assert event.data["not_inspected"] == four_of_nine[1]


def test_drafting_again_asks_first_and_never_duplicates_silently(client, demo, inspector):
    first = draft_notice(demo.departments_round, by=inspector)
    client.force_login(inspector)
    url = reverse("inspections:notice-draft", args=[demo.departments_round.pk])
    page = client.post(url).content.decode()
    assert Notice.objects.count() == 1
    assert f"hồ sơ #{first.pk}" in page
    assert first.get_absolute_url() in page
    assert reverse("inspections:notice-refresh", args=[first.pk]) in page


def test_composing_a_draft_again_refreshes_it_from_the_records_and_keeps_the_old_text(
    client, demo, inspector
):
    notice = draft_notice(demo.departments_round, by=inspector)
    notice.items.all().delete()
    Notice.objects.filter(pk=notice.pk).update(closing="Đoạn đã sửa tay.")
    client.force_login(inspector)
    client.post(reverse("inspections:notice-refresh", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.items.count() == len(compose_notice(demo.departments_round).items)
    assert notice.closing.endswith("./.")
    event = AuditEvent.objects.about(notice).get(action="notice.refresh")
    assert event.data["changes"]["Phần kết luận, yêu cầu"][0] == "Đoạn đã sửa tay."
    assert Notice.objects.count() == 1


def test_a_submitted_notice_is_not_composed_again(make_notice, inspector):
    notice = make_notice("in_review")
    with pytest.raises(TransitionError):
        refresh_draft(notice, by=inspector)


def test_a_drafter_deletes_their_own_draft_and_the_trail_keeps_it(client, demo, inspector, leader, make_user):
    notice = draft_notice(demo.departments_round, by=inspector)
    url = reverse("inspections:notice-delete", args=[notice.pk])
    other_inspector = make_user("kiem_tra_2", "inspector")
    for person in (other_inspector, leader):
        client.force_login(person)
        assert client.post(url).status_code == 403
    client.force_login(inspector)
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "Xóa dự thảo…" in page
    response = client.post(url)
    assert response.status_code == 302 and not Notice.objects.filter(pk=notice.pk).exists()
    event = AuditEvent.objects.get(action="notice.delete")
    assert event.actor == inspector and event.data["changes"]["Trích yếu"][0] == notice.title


def test_a_drafter_cannot_delete_their_notice_once_submitted(client, make_notice, inspector):
    notice = make_notice("in_review")
    client.force_login(inspector)
    assert client.post(reverse("inspections:notice-delete", args=[notice.pk])).status_code == 403
    assert Notice.objects.filter(pk=notice.pk).exists()
