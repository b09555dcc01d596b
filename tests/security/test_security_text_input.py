"""Text people type: length limits said next to the field, NFC, no bidi overrides, and no
invisible characters in names and one-line fields or in search keys."""

import pytest
from django.urls import reverse
from test_permission_matrix import notice_edit_data

from inspections.forms.notices import NoticeForm
from inspections.models import FollowUpReport, NoticeRecipient
from inspections.text import clean_block, clean_line, fold
from units.models import Organization

pytestmark = pytest.mark.django_db

RLO, ZWJ, ZWSP = "\u202e", "\u200d", "\u200b"


def edit(client, world, **changes):
    client.force_login(world.users["inspector"])
    url = reverse("inspections:notice-edit", args=[world.notice.pk])
    return client.post(url, notice_edit_data(world) | changes)


def test_a_one_megabyte_opening_is_refused_next_to_the_field_with_the_limit(client, world):
    before = world.notice.opening
    response = edit(client, world, opening="Căn cứ " + "x" * (2**20 - 7))
    assert response.status_code == 400
    assert response.context["form"].errors["opening"] == ["Tối đa 10.000 ký tự (hiện có 1.048.576)."]
    page = response.content.decode()
    error_at = page.index("Tối đa 10.000 ký tự (hiện có 1.048.576).")
    assert page.rindex('name="opening"', 0, error_at + 2000) > page.rindex("<label", 0, error_at)
    world.notice.refresh_from_db()
    assert world.notice.opening == before


def test_every_text_area_of_the_notice_says_its_limit_before_anyone_types(client, world):
    client.force_login(world.users["inspector"])
    page = client.get(reverse("inspections:notice-edit", args=[world.notice.pk])).content.decode()
    assert page.count("Tối đa 10.000 ký tự.") == 2  # opening and closing say it in words
    items = int(
        client.get(reverse("inspections:notice-edit", args=[world.notice.pk]))
        .context["formsets"][0]
        .total_form_count()
    )
    # The boxes count against their limit (static/js/app.js) but never cut what is pasted:
    # no "maxlength", which makes a browser drop the rest silently (issue 19).
    assert page.count('data-maxlength="10000"') == 2
    assert page.count('data-maxlength="5000"') == items  # each item's, 5,000
    assert 'data-maxlength="500"' in page  # the title
    assert " maxlength=" not in page


def test_a_part_just_at_the_limit_is_saved(client, world):
    response = edit(client, world, closing="Yêu cầu. " * 1111 + "a")  # 1111 × 9 + 1 characters
    assert response.status_code == 302
    world.notice.refresh_from_db()
    assert len(world.notice.closing) == 10_000


def test_more_items_than_a_notice_may_have_are_refused(client, world):
    data = notice_edit_data(world)
    start = int(data["items-TOTAL_FORMS"])
    for index in range(start, start + 60):
        data[f"items-{index}-text"] = f"Mục thêm {index}."
    data["items-TOTAL_FORMS"] = start + 60
    client.force_login(world.users["inspector"])
    response = client.post(reverse("inspections:notice-edit", args=[world.notice.pk]), data)
    assert response.status_code == 400
    assert "50" in " ".join(response.context["formsets"][0].non_form_errors())


def test_names_lose_bidi_overrides_and_invisible_characters_and_come_out_nfc(client, world):
    spoofed_title = f"Kết quả kiểm tra {RLO}fdp.exe{ZWSP} tại các pho\u0300ng"
    response = edit(client, world, title=spoofed_title, **{"recipients-0-text": f"Văn{ZWJ} phòng"})
    assert response.status_code == 302
    world.notice.refresh_from_db()
    assert world.notice.title == "Kết quả kiểm tra fdp.exe tại các phòng"
    assert NoticeRecipient.objects.filter(notice=world.notice, text="Văn phòng").exists()


def test_multi_line_text_loses_bidi_overrides_keeps_its_lines_and_comes_out_nfc(client, world):
    response = edit(client, world, opening=f"Dòng một {RLO}đảo\r\nDo\u0300ng hai")
    assert response.status_code == 302
    world.notice.refresh_from_db()
    assert world.notice.opening == "Dòng một đảo\nDòng hai"


def test_search_finds_text_typed_with_a_zero_width_joiner(client, world):
    finding = world.finding
    finding.observation = f"Niêm yết công khai zero{ZWJ}width tại bộ phận một cửa."
    finding.refresh_search_text()
    finding.save()
    client.force_login(world.users["leader"])
    page = client.get(reverse("inspections:search"), {"q": "zerowidth"}).content.decode()
    assert "Niêm yết công khai zero" in page


def test_a_follow_up_report_longer_than_its_limit_is_refused(client, world):
    client.force_login(world.users["inspector"])
    url = reverse("inspections:followup-report", args=[world.shortcoming.pk])
    response = client.post(url, {"text": "Đã khắc phục. " * 400})
    assert response.status_code == 400
    assert response.context["report_form"].errors["text"] == ["Tối đa 5.000 ký tự (hiện có 5.599)."]
    assert not FollowUpReport.objects.exists()


def test_a_one_line_field_names_its_model_limit():
    form = NoticeForm(data={"title": "x" * 501})
    assert form.errors["title"] == ["Tối đa 500 ký tự (hiện có 501)."]


def test_the_admin_applies_the_same_rules_to_the_board_s_name(client, world):
    organization = world.organization
    client.force_login(world.users["admin"])
    url = reverse("admin:units_organization_change", args=[organization.pk])
    page = client.get(url)
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    data["name"] = f"Ban Quản lý {RLO}Khu kinh tế{ZWSP} Hải Phòng"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    organization.refresh_from_db()
    assert organization.name == "Ban Quản lý Khu kinh tế Hải Phòng"
    assert Organization.objects.count() == 1


def test_the_rules_themselves():
    assert clean_line(f"Nguye\u0302\u0303n{ZWSP} Thu{RLO} Hà") == "Nguyễn Thu Hà"
    assert clean_line("a\u200b\u0301") == "á"  # the accent composes once the space is gone
    assert clean_block(f"một\r\nhai{RLO}\rba{ZWJ}") == f"một\nhai\nba{ZWJ}"
    assert fold(f"zero{ZWJ}width {RLO}Kỷ{ZWSP} luật") == "zerowidth ky luat"
