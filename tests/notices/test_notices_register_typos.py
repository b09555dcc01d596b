"""A typo cannot break the register (issue 17): far-ahead numbers need a confirmation naming
the gap, any integer typed gets a message next to the field, and a clerk who leaves the
suggested number gets the next free one at the moment of issuing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from inspections.models import Notice, RegisterEntry
from inspections.services.issuing import issue_notice
from units.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def after_2880(make_notice, clerk):
    """This year's register holds 1..2880 as far as the app knows: 2880 issued today."""
    return make_notice("issued", number=2880, issued_on=timezone.localdate())


def post_issue(client, notice, number, **extra):
    data = {"number": number, "issued_on": timezone.localdate().isoformat()} | extra
    return client.post(reverse("inspections:notice-issue", args=[notice.pk]), data)


def test_28800_for_2881_asks_for_a_confirmation_naming_the_gap(client, make_notice, after_2880, clerk):
    notice = make_notice("approved")
    client.force_login(clerk)
    response = post_issue(client, notice, "28800", suggested="2881")
    assert response.status_code == 400
    question = "Số 28800 sẽ bỏ trống 25919 số, từ 2881 đến 28799. Xác nhận?"
    assert response.context["form"].errors["number"] == [question]
    assert 'name="confirm_gap" value="28800"' in response.content.decode()
    notice.refresh_from_db()
    assert (notice.status, notice.number) == ("approved", None)
    # A confirmation of another number does not carry over to this one.
    assert post_issue(client, notice, "28800", confirm_gap="28000").status_code == 400
    response = post_issue(client, notice, "28800", confirm_gap="28800")
    assert response.status_code == 302
    notice.refresh_from_db()
    assert (notice.status, notice.number) == ("issued", 28800)


def test_a_few_numbers_ahead_need_no_confirmation(client, make_notice, after_2880, clerk):
    notice = make_notice("approved")
    client.force_login(clerk)
    assert post_issue(client, notice, "2886").status_code == 302  # skips 5: the default limit


def test_the_limit_is_the_organisation_s_setting(client, make_notice, after_2880, clerk):
    Organization.objects.update(number_gap_limit=0)
    notice = make_notice("approved")
    client.force_login(clerk)
    response = post_issue(client, notice, "2882")
    assert response.context["form"].errors["number"] == ["Số 2882 sẽ bỏ trống 1 số, số 2881. Xác nhận?"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2147483648", "Số văn bản tối đa là 999999 (sáu chữ số); kiểm tra lại số đã nhập."),
        (str(2**63), "Số văn bản tối đa là 999999 (sáu chữ số); kiểm tra lại số đã nhập."),
        ("1000000", "Số văn bản tối đa là 999999 (sáu chữ số); kiểm tra lại số đã nhập."),
        ("9" * 5000, "Số văn bản phải là số nguyên."),
        ("-2147483649", "Số văn bản phải lớn hơn 0."),
        ("0", "Số văn bản phải lớn hơn 0."),
        ("2,880", "Số văn bản phải là số nguyên."),
        ("1e400", "Số văn bản phải là số nguyên."),
    ],
)
def test_any_integer_typed_gets_a_message_next_to_the_field(client, make_notice, demo, clerk, typed, message):
    notice = make_notice("approved")
    client.force_login(clerk)
    response = post_issue(client, notice, typed)
    assert response.status_code == 400
    assert response.context["form"].errors["number"] == [message]
    notice.refresh_from_db()
    assert notice.status == "approved"
    entry = client.post(
        reverse("inspections:register-entry-create"),
        {
            "kind": "plan",
            "number": typed,
            "symbol": "KH-BQL",
            "issued_on": "2023-03-02",
            "summary": "Kế hoạch",
        },
    )
    assert entry.status_code == 400
    assert entry.context["form"].errors["number"] == [message]
    assert not RegisterEntry.objects.exists()


def test_the_service_refuses_a_number_past_the_register_s_range(make_notice, clerk):
    notice = make_notice("approved")
    with pytest.raises(ValidationError) as refused:
        issue_notice(notice, by=clerk, number=2_147_483_648)
    assert refused.value.message_dict == {"number": ["Số văn bản tối đa là 999999."]}


def test_a_clerk_who_leaves_the_suggestion_gets_the_next_free_number_not_a_refusal(
    client, make_notice, clerk, after_2880
):
    mine, theirs = make_notice("approved"), make_notice("approved")
    client.force_login(clerk)
    page = client.get(reverse("inspections:notice-issue", args=[mine.pk]))
    assert page.context["form"].initial["number"] == 2881
    issue_notice(theirs, by=clerk)  # another clerk takes 2881 while the page is open
    response = post_issue(client, mine, "2881", suggested="2881")
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.status, mine.number) == ("issued", 2882)
    shown = [str(m) for m in response.wsgi_request._messages]
    assert shown == [
        f"Đã ban hành Thông báo số 2882/TB-BQL ngày {mine.issued_on:%d}/{mine.issued_on.month}/"
        f"{mine.issued_on.year}. Số 2881 vừa được cấp cho văn bản khác nên thông báo nhận số tiếp "
        "theo còn trống."
    ]


def test_a_clerk_who_typed_a_number_and_lost_the_race_is_refused(client, make_notice, clerk, after_2880):
    mine, theirs = make_notice("approved"), make_notice("approved")
    client.force_login(clerk)
    issue_notice(theirs, by=clerk, number=2883)
    response = post_issue(client, mine, "2883", suggested="2881")
    assert response.status_code == 400
    (error,) = response.context["form"].errors["number"]
    year = timezone.localdate().year
    assert error.startswith(f"Số 2883/TB-BQL năm {year} đã được dùng (Thông báo 2883/TB-BQL ngày ")
    assert error.endswith("dãy số chung mọi loại văn bản). Số tiếp theo còn trống: 2884.")
    mine.refresh_from_db()
    assert mine.status == Notice.Status.APPROVED


def test_a_suggestion_of_this_year_is_not_carried_to_a_date_of_last_year(client, make_notice, clerk, demo):
    """Left as suggested but dated last year: the typed number is what was meant."""
    notice = make_notice("approved")
    Notice.objects.filter(pk=notice.pk).update(approved_at=timezone.make_aware(timezone.datetime(2023, 6, 1)))
    client.force_login(clerk)
    data = {"number": "3", "suggested": "3", "issued_on": "2023-06-14", "confirm_gap": "3"}
    assert client.post(reverse("inspections:notice-issue", args=[notice.pk]), data).status_code == 302
    notice.refresh_from_db()
    assert (notice.number, notice.issued_on) == (3, date(2023, 6, 14))
