"""Notice pages: editing a draft, the list, the register and its Excel export, replacement."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from inspections.models import AuditEvent, Notice, NoticeItem, NoticeRecipient
from inspections.services.issuing import issue_notice
from inspections.services.notices import replace_notice

pytestmark = pytest.mark.django_db


def form_data(response):
    """The edit page's form as the browser would submit it unchanged."""
    data = {}
    form, formsets = response.context["form"], response.context["formsets"]
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    for formset in formsets:
        for name, field in formset.management_form.fields.items():
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value() or field.initial or 0
        for part in formset.forms:
            for name in part.fields:
                value = part[name].value()
                if name != "DELETE" and value is not None:
                    data[part.add_prefix(name)] = value
    return data


def test_an_edit_is_saved_with_an_audit_line_per_change(client, make_notice, inspector):
    notice = make_notice("draft")
    url = reverse("inspections:notice-edit", args=[notice.pk])
    client.force_login(inspector)
    data = form_data(client.get(url))
    old_item = data["items-1-text"]
    data["closing"] = "Yêu cầu các phòng khắc phục trước ngày 30/6/2023./."
    data["items-1-text"] = "Mục hai đã sửa."
    data["items-3-position"] = 1  # the fourth item (ISO) becomes the first
    data["items-4-DELETE"] = "on"
    data["items-5-text"] = "Mục mới thêm."  # the blank row at the end
    data["recipients-1-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302

    texts = list(notice.items.values_list("position", "text"))
    assert [position for position, _ in texts] == [1, 2, 3, 4, 5]
    assert texts[0][1].startswith("Các phòng chuyên môn đã thực hiện các thủ tục hành chính")
    assert texts[1][1].startswith("Các phòng chuyên môn đã nghiêm chỉnh chấp hành")
    assert texts[2][1] == "Mục hai đã sửa."
    assert texts[-1][1] == "Mục mới thêm."
    assert [r.text for r in notice.recipients.all()] == ["Lãnh đạo Ban (để báo cáo)", "Lưu: VT, VP"]
    notice.refresh_from_db()
    assert notice.closing == "Yêu cầu các phòng khắc phục trước ngày 30/6/2023./."

    event = AuditEvent.objects.about(notice).get(action="notice.change")
    changes = event.data["changes"]
    assert changes["phần kết luận, yêu cầu"][1] == "Yêu cầu các phòng khắc phục trước ngày 30/6/2023./."
    assert changes["Mục kết quả 2"] == [old_item, "Mục hai đã sửa."]
    assert changes["Mục kết quả (thêm)"] == ["", "Mục mới thêm."]
    assert "Mục kết quả 5 (xóa)" in changes
    assert changes["Mục kết quả 4: thứ tự"] == ["4", "1"]
    assert changes["Nơi nhận 2 (xóa)"][0] == "Văn phòng, các phòng chuyên môn BQL"
    page = client.get(notice.get_absolute_url()).content.decode()
    assert '<li>Mục kết quả 2: <span class="change-old">' in page
    assert '→ <span class="change-new">Mục hai đã sửa.</span>' in page


def test_bad_input_keeps_what_was_typed_and_says_why_in_vietnamese(client, make_notice, inspector):
    notice = make_notice("draft")
    url = reverse("inspections:notice-edit", args=[notice.pk])
    client.force_login(inspector)
    data = form_data(client.get(url))
    data["title"] = ""
    data["opening"] = "Đoạn mở đầu mới, chưa được lưu."
    data["items-0-position"] = "abc"
    data["signer"] = ""
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nhập trích yếu của thông báo." in page
    assert "Thứ tự phải là số nguyên." in page
    assert "Chọn người ký." in page
    assert "Đoạn mở đầu mới, chưa được lưu." in page
    notice.refresh_from_db()
    assert notice.opening != "Đoạn mở đầu mới, chưa được lưu."
    assert not AuditEvent.objects.about(notice).filter(action="notice.change").exists()


def test_changing_the_signer_changes_the_signing_block_from_data(client, make_notice, inspector, make_user):
    notice = make_notice("draft")
    head = make_user("truong_ban", "leader", full_name="Lê Trung Kiên", title="Trưởng ban")
    url = reverse("inspections:notice-edit", args=[notice.pk])
    client.force_login(inspector)
    data = form_data(client.get(url)) | {"signer": head.pk, "authority": ""}
    assert client.post(url, data).status_code == 302
    notice.refresh_from_db()
    assert (notice.authority_title, notice.signer_title, notice.signer_name) == (
        "",
        "TRƯỞNG BAN",
        "Lê Trung Kiên",
    )


@pytest.mark.parametrize("status", ["in_review", "approved"])
def test_only_drafts_are_editable(client, make_notice, inspector, status):
    notice = make_notice(status)
    client.force_login(inspector)
    assert client.get(reverse("inspections:notice-edit", args=[notice.pk])).status_code == 403


@pytest.mark.parametrize("persona", ["leader", "clerk", "outsider"])
def test_only_inspectors_edit_drafts(client, make_notice, request, persona):
    notice = make_notice("draft")
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("inspections:notice-edit", args=[notice.pk])).status_code == 403


def test_the_list_filters_by_status_and_round(client, make_notice, demo, leader):
    draft = make_notice("draft")
    approved = make_notice("approved")
    other = make_notice("draft", inspection=demo.service_units_round)
    client.force_login(leader)
    url = reverse("inspections:notice-list")
    listed = list(client.get(url, {"status": "approved"}).context["page"])
    assert listed == [approved]
    listed = list(client.get(url, {"inspection": demo.service_units_round.pk}).context["page"])
    assert listed == [other]
    assert set(client.get(url).context["page"]) == {draft, approved, other}


def test_the_list_offers_drafting_from_each_round_to_inspectors_only(client, demo, inspector, leader):
    client.force_login(inspector)
    page = client.get(reverse("inspections:notice-list")).content.decode()
    assert page.count("Soạn thông báo từ đợt kiểm tra") >= 3  # heading + one button per round
    assert reverse("inspections:notice-draft", args=[demo.departments_round.pk]) in page
    client.force_login(leader)
    assert (
        "Soạn thông báo từ đợt kiểm tra"
        not in client.get(reverse("inspections:notice-list")).content.decode()
    )


def test_the_nav_links_show_by_permission(client, demo, clerk, outsider):
    client.force_login(clerk)
    page = client.get(reverse("home")).content.decode()
    assert ">Văn bản</a>" in page and ">Sổ đăng ký</a>" in page
    client.force_login(outsider)
    page = client.get(reverse("home")).content.decode()
    assert ">Sổ đăng ký</a>" not in page
    assert client.get(reverse("inspections:notice-register")).status_code == 403


def make_many(demo, inspector, count, *, issued=False):
    """Bulk-create `count` notices (issued ones with a number, date and two recipients)."""
    first = Notice.objects.filter(organization=demo.organization).count() + 1
    notices = Notice.objects.bulk_create(
        Notice(
            inspection=demo.departments_round,
            plan=demo.departments_round.plan,
            organization=demo.organization,
            place="Hải Phòng",
            title=f"Kết quả kiểm tra số {n}",
            created_by=inspector,
            signer=inspector,
            signer_name="Bùi Ngọc Hải",
            status="approved" if issued else "draft",
            number=n if issued else None,
            year=2023 if issued else None,
            issued_on=date(2023, 6, 14) if issued else None,
        )
        for n in range(first, first + count)
    )
    NoticeRecipient.objects.bulk_create(
        NoticeRecipient(notice=notice, position=p, text=text)
        for notice in notices
        for p, text in enumerate(["Lãnh đạo Ban (để báo cáo)", "Lưu: VT, VP"], start=1)
    )
    if issued:
        Notice.objects.filter(pk__in=[n.pk for n in notices]).update(status="issued")
    return notices


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", ["inspections:notice-list", "inspections:notice-register"])
def test_list_pages_do_not_grow_with_rows(client, demo, inspector, name):
    url = reverse(name)
    client.force_login(inspector)
    make_many(demo, inspector, 10, issued=True)
    make_many(demo, inspector, 10)
    few = count_queries(client, url)
    make_many(demo, inspector, 190, issued=True)
    make_many(demo, inspector, 190)
    assert count_queries(client, url) == few


def test_the_detail_page_query_count_does_not_grow_with_parts(client, make_notice, inspector):
    notice = make_notice("draft")
    client.force_login(inspector)
    url = notice.get_absolute_url()
    few = count_queries(client, url)
    NoticeItem.objects.bulk_create(
        NoticeItem(notice=notice, position=10 + n, text=f"Mục {n}") for n in range(40)
    )
    assert count_queries(client, url) == few


@pytest.fixture
def register(make_notice, demo, clerk):
    """2880/TB-BQL (departments) and 2819/TB-BQL (service units), issued on 14/6/2023."""
    from django.utils import timezone

    notices = []
    for number, inspection in [(2880, demo.departments_round), (2819, demo.service_units_round)]:
        notice = make_notice("approved", inspection=inspection)
        # Both were approved the same day as issued, in 2023.
        Notice.objects.filter(pk=notice.pk).update(
            approved_at=timezone.make_aware(timezone.datetime(2023, 6, 14))
        )
        notice.refresh_from_db()
        notices.append(issue_notice(notice, by=clerk, number=number, issued_on=date(2023, 6, 14)))
    return notices


def test_the_register_lists_issued_notices_by_year_and_number(client, register, make_notice, clerk):
    make_notice("approved")  # not issued: not in the register
    client.force_login(clerk)
    response = client.get(reverse("inspections:notice-register"))
    assert [n.number for n in response.context["page"]] == [2819, 2880]
    page = response.content.decode()
    assert "14/6/2023" in page
    assert "Bùi Ngọc Hải" in page
    assert "Trường Trung cấp KKT<br>Trung tâm XTĐT&amp;DVVL KKT" in page


def test_the_register_filters_by_year_and_accent_free_text(client, register, clerk):
    client.force_login(clerk)
    url = reverse("inspections:notice-register")
    found = client.get(url, {"q": "truong trung cap khu kinh te"}).context["page"]
    assert [n.number for n in found] == [2819]
    assert [n.number for n in client.get(url, {"q": "2880/TB"}).context["page"]] == [2880]
    assert list(client.get(url, {"year": "2022"}).context["page"]) == []
    assert len(client.get(url, {"year": "2023"}).context["page"]) == 2


def test_the_register_exports_to_excel(client, register, clerk):
    client.force_login(clerk)
    response = client.get(reverse("inspections:notice-register-export"), {"year": "2023"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="so-dang-ky-van-ban-di-2023.xlsx"'
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Số",
        "Ký hiệu",
        "Ngày ban hành",
        "Trích yếu",
        "Người ký",
        "Nơi nhận",
        "Đợt kiểm tra",
        "Loại văn bản",
        "Vào sổ",
    )
    assert rows[1][:3] == (2819, "TB-BQL", rows[1][2])
    assert rows[1][2].date() == date(2023, 6, 14)
    assert rows[2][0] == 2880
    assert rows[2][3] == (
        "Kết quả kiểm tra công tác cải cách hành chính tại các phòng chuyên môn thuộc "
        "Ban Quản lý Khu kinh tế Hải Phòng"
    )
    assert rows[2][4] == "Bùi Ngọc Hải"
    assert rows[2][5] == "- Lãnh đạo Ban (để báo cáo)\n- Văn phòng, các phòng chuyên môn BQL\n- Lưu: VT, VP"
    assert len(rows) == 3


def test_a_replacement_is_drafted_from_the_old_notice_which_then_says_it_was_replaced(
    client, register, inspector, leader, clerk
):
    from inspections.services.notices import apply_action

    old = register[0]
    client.force_login(inspector)
    response = client.post(reverse("inspections:notice-replace", args=[old.pk]))
    new = Notice.objects.get(replaces=old)
    assert response.url == reverse("inspections:notice-edit", args=[new.pk])
    assert new.status == "draft"
    assert new.closing.endswith(
        "Thông báo này thay thế Thông báo số 2880/TB-BQL ngày 14/6/2023 "
        "của Ban Quản lý Khu kinh tế Hải Phòng./."
    )
    assert list(new.items.values_list("text", flat=True)) == list(old.items.values_list("text", flat=True))
    assert "đã được thay thế bởi" not in client.get(old.get_absolute_url()).content.decode()

    apply_action(new, "submit", by=inspector)
    apply_action(new, "approve", by=leader)
    issue_notice(new, by=clerk, number=2990)
    page = client.get(old.get_absolute_url()).content.decode()
    assert "đã được thay thế bởi" in page and "2990/TB-BQL" in page
    assert reverse("inspections:notice-replace", args=[old.pk]) not in page  # no second replacement
    assert "Thông báo này đã có văn bản thay thế" in page  # and the page says why
    assert "thay thế" in client.get(new.get_absolute_url()).content.decode()
    with pytest.raises(Exception, match="đã có văn bản thay thế"):
        replace_notice(old, by=inspector)


def test_browser_line_breaks_do_not_count_as_a_change(client, make_notice, inspector):
    notice = make_notice("draft")
    url = reverse("inspections:notice-edit", args=[notice.pk])
    client.force_login(inspector)
    data = form_data(client.get(url))
    data["opening"] = data["opening"].replace("\n", "\r\n")  # as a browser sends a textarea
    assert client.post(url, data).status_code == 302
    notice.refresh_from_db()
    assert "\r" not in notice.opening
    assert not AuditEvent.objects.about(notice).filter(action="notice.change").exists()


def test_legal_bases_added_and_removed_are_audited_as_citations(client, make_notice, inspector, demo):
    from inspections.models import ReferenceDocument

    notice = make_notice("draft")
    first = notice.basis_links.select_related("document").order_by("position").first()
    extra = ReferenceDocument.objects.create(
        kind="decree",
        number_symbol="30/2020/NĐ-CP",
        issued_on=date(2020, 3, 5),
        issuer="Chính phủ",
        summary="về công tác văn thư",
    )
    url = reverse("inspections:notice-edit", args=[notice.pk])
    client.force_login(inspector)
    data = form_data(client.get(url))
    data["bases-0-DELETE"] = "on"
    blank = int(data["bases-TOTAL_FORMS"]) - 1
    data[f"bases-{blank}-document"] = extra.pk
    data[f"bases-{blank}-position"] = 9
    assert client.post(url, data).status_code == 302
    changes = AuditEvent.objects.about(notice).get(action="notice.change").data["changes"]
    assert changes["Căn cứ 1 (xóa)"] == [first.document.citation(), ""]
    assert changes["Căn cứ (thêm)"] == ["", extra.citation()]
