"""The documents of a round cite each other from records (issue 13): a plan, team decision or
schedule notice issued here becomes the citation of the round's later documents by its real
number and date, never typed; and an issued document shows forever what it cited at issue.
"""

from datetime import date

import pytest
from admin_forms import admin_post
from django.urls import reverse
from office_files import docx_text

from inspections import snapshot
from inspections.models import Inspection, InspectionPlan, Notice, ReferenceDocument
from inspections.services.issuing import issue_notice
from inspections.services.notices import apply_action, replace_notice
from inspections.vn import vn_short_date

pytestmark = pytest.mark.django_db

PLAN_SUBJECT = (
    "kiểm tra công tác cải cách hành chính, kỷ luật, kỷ cương công vụ tại các phòng, "
    "đơn vị sự nghiệp trực thuộc Ban Quản lý năm 2023"
)
SCHEDULE_SUBJECT = "kiểm tra công tác cải cách hành chính tại các phòng, đơn vị sự nghiệp trực thuộc năm 2023"
# Numbers the board did not use in 2023, so that a citation can only come from these records.
PLAN = (812, date(2023, 3, 6), "Kế hoạch số 812/KH-BQL ngày 06/3/2023")
DECISION = (905, date(2023, 3, 20), "Quyết định số 905/QĐ-BQL ngày 20/3/2023")
SCHEDULE = (2336, date(2023, 5, 3), "Thông báo số 2336/TB-BQL ngày 03/5/2023")


def issue(make_document, kind, numbered):
    number, issued_on, _ = numbered
    return make_document(kind, "issued", number=number, issued_on=issued_on)


def draft_results_on_the_page(client, inspector, inspection) -> Notice:
    """The inspector drafts the notice of results of `inspection` from its page."""
    client.force_login(inspector)
    response = client.post(reverse("inspections:notice-draft", args=[inspection.pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Notice.objects.get(kind=Notice.Kind.RESULTS, inspection=inspection, status=Notice.Status.DRAFT)


def test_the_notice_of_results_cites_the_plan_issued_here_by_its_number_and_date(
    client, demo, make_document, inspector
):
    kh = issue(make_document, "plan", PLAN)
    record = ReferenceDocument.objects.get(source_document=kh)
    assert (record.number_symbol, record.issued_on, record.kind, record.issuer) == (
        "812/KH-BQL",
        PLAN[1],
        ReferenceDocument.Kind.PLAN,
        "",
    )
    assert InspectionPlan.objects.get(pk=demo.plan.pk).document == record  # the plan's own document now
    results = draft_results_on_the_page(client, inspector, demo.departments_round)
    assert f"{PLAN[2]} về việc {PLAN_SUBJECT}" in results.opening
    assert "810/KH-BQL" not in results.opening  # the number typed by hand before is not cited
    assert record in results.legal_bases.all()


def test_an_issued_schedule_notice_becomes_the_round_s_announcement_and_is_cited(
    client, demo, make_document, inspector
):
    tb = issue(make_document, "schedule", SCHEDULE)
    record = ReferenceDocument.objects.get(source_document=tb)
    assert Inspection.objects.get(pk=demo.departments_round.pk).announcement == record
    # The other round keeps its own schedule notice (2535/TB-BQL).
    assert Inspection.objects.get(pk=demo.service_units_round.pk).announcement.number_symbol == "2535/TB-BQL"
    results = draft_results_on_the_page(client, inspector, demo.departments_round)
    assert f"{SCHEDULE[2]} về việc {SCHEDULE_SUBJECT}" in results.opening
    assert "2335/TB-BQL" not in results.opening


def test_the_round_s_whole_chain_cites_itself_from_records(client, demo, make_document, inspector):
    """Plan → team decision → schedule notice → biên bản → notice of results → year's report."""
    issue(make_document, "plan", PLAN)
    decision = make_document("decision")
    assert f"Căn cứ {PLAN[2]} về việc {PLAN_SUBJECT};" in decision.opening
    assert f"theo {PLAN[2]};" in decision.items.get(position=2).text
    make_document("decision", "issued", number=DECISION[0], issued_on=DECISION[1])

    schedule = make_document("schedule")
    assert f"{PLAN[2]} về việc {PLAN_SUBJECT}" in schedule.opening
    assert DECISION[2] in schedule.opening
    assert f"Thành phần Đoàn kiểm tra: theo {DECISION[2]}." in schedule.items.get(position=2).text
    issue(make_document, "schedule", SCHEDULE)

    minutes = make_document("minutes")
    assert f"1. Đoàn kiểm tra của Ban Quản lý Khu kinh tế Hải Phòng theo {DECISION[2]}:" in minutes.opening
    assert [document.number_symbol for document in minutes.legal_bases.all()] == ["905/QĐ-BQL"]

    results = draft_results_on_the_page(client, inspector, demo.departments_round)
    assert f"{PLAN[2]} về việc {PLAN_SUBJECT}" in results.opening
    assert f"{SCHEDULE[2]} về việc {SCHEDULE_SUBJECT}" in results.opening
    # The seed's chain still leads: the city's plan and the board's own plan for the year.
    assert results.opening.startswith(
        "Căn cứ Kế hoạch số 4647/QĐ-UBND ngày 30/12/2022 của UBND thành phố về việc Ban hành Kế hoạch "
        "Cải cách hành chính nhà nước thành phố Hải Phòng năm 2023; thực hiện Kế hoạch số 146/KH-BQL "
        "ngày 12/01/2023"
    )
    make_document("results", "issued", number=2880, issued_on=date(2023, 6, 14))

    report = make_document("report")
    rounds = report.items.get(position=1).text
    assert "kết quả được thông báo tại Thông báo số 2880/TB-BQL ngày 14/6/2023" in rounds
    assert f"{PLAN[2]} về việc {PLAN_SUBJECT}" in report.opening


# --- What an issued document cited stays as it was cited -----------------------------

EDITED = "Nội dung trích yếu đã sửa sau khi ban hành"


def shown(client, clerk, notice) -> dict:
    client.force_login(clerk)
    page = client.get(notice.get_absolute_url()).content.decode()
    return {
        # The page's list of legal bases (the rest of the page carries a fresh CSRF token).
        "page": page.split('id="bases-title"')[1].split("</section>")[0],
        "word": docx_text(client.get(reverse("inspections:notice-docx", args=[notice.pk])).content),
        "pdf": client.get(reverse("inspections:notice-pdf", args=[notice.pk])).getvalue(),
        "citations": snapshot.citations_of(Notice.objects.get(pk=notice.pk)),
    }


def edit_in_the_admin(client, admin_user, document):
    client.force_login(admin_user)
    url = reverse("admin:inspections_referencedocument_change", args=[document.pk])
    response = client.post(url, admin_post(client.get(url), summary=EDITED))
    if document.source_document_id:  # the citation of a document issued here: view only
        assert response.status_code == 403
        document.refresh_from_db()
        assert document.summary != EDITED
        return
    assert response.status_code == 302, response.content.decode()[:2000]


def edit_by_sql(client, admin_user, document):
    ReferenceDocument.objects.filter(pk=document.pk).update(summary=EDITED)


@pytest.mark.parametrize("edit", [edit_in_the_admin, edit_by_sql])
@pytest.mark.parametrize("kind", ["plan", "decision", "schedule", "results", "report"])
def test_editing_what_an_issued_document_cited_changes_nothing_it_shows(
    client, demo, make_document, clerk, admin_user, kind, edit
):
    issued = make_document(kind, "issued")
    draft = make_document(kind)
    # The first document it cites: the city's 4647/QĐ-UBND, or for a schedule notice the plan 810/KH-BQL.
    cited = issued.basis_links.order_by("position").first().document
    assert cited.number_symbol == ("810/KH-BQL" if kind == "schedule" else "4647/QĐ-UBND")
    old = cited.citation()
    before = shown(client, clerk, issued)
    assert old in before["page"] and old in before["citations"]

    edit(client, admin_user, cited)

    after = shown(client, clerk, issued)
    assert after == before
    assert EDITED not in after["page"] and EDITED not in after["word"]
    # A draft cites the record as it stands today (the edit took effect).
    client.force_login(clerk)
    assert EDITED in client.get(draft.get_absolute_url()).content.decode()


@pytest.mark.parametrize("edit", [edit_in_the_admin, edit_by_sql])
def test_editing_the_citation_record_of_a_plan_issued_here_changes_nothing_a_later_issued_notice_shows(
    client, demo, make_document, clerk, admin_user, edit
):
    kh = issue(make_document, "plan", PLAN)
    results = make_document("results", "issued", number=2880, issued_on=date(2023, 6, 14))
    record = ReferenceDocument.objects.get(source_document=kh)
    assert record in results.legal_bases.all()
    before = shown(client, clerk, results)
    assert f"{PLAN[2]} về việc {PLAN_SUBJECT}" in before["citations"]

    edit(client, admin_user, record)

    assert shown(client, clerk, results) == before


def test_the_citation_record_of_a_document_issued_here_is_not_retyped_in_the_admin(
    client, demo, make_document, admin_user
):
    """It says what the issued plan says (its number, date and trích yếu), so later drafts cite
    the plan as it was issued; the admin shows it read only."""
    kh = issue(make_document, "plan", PLAN)
    record = ReferenceDocument.objects.get(source_document=kh)
    client.force_login(admin_user)
    url = reverse("admin:inspections_referencedocument_change", args=[record.pk])
    page = client.get(url)
    assert page.status_code == 200
    for field in ("number_symbol", "issued_on", "summary", "issuer", "kind"):
        assert f'name="{field}"' not in page.content.decode()
    client.post(url, admin_post(page) | {"number_symbol": "999/KH-BQL", "summary": EDITED})
    record.refresh_from_db()
    assert (record.number_symbol, record.issued_on) == ("812/KH-BQL", PLAN[1])
    assert record.summary == PLAN_SUBJECT
    decision = make_document("decision")
    assert f"Căn cứ {PLAN[2]} về việc {PLAN_SUBJECT};" in decision.opening


def test_a_plan_replaced_by_a_new_plan_is_cited_by_the_new_one(
    client, demo, make_document, inspector, leader, clerk
):
    first = issue(make_document, "plan", PLAN)
    draft = replace_notice(first, by=inspector)
    draft = apply_action(draft, "submit", by=inspector, proceed=True)
    draft = apply_action(draft, "approve", by=leader)
    replacement = issue_notice(draft, by=clerk, number=830)  # today
    record = ReferenceDocument.objects.get(source_document=replacement)
    assert InspectionPlan.objects.get(pk=demo.plan.pk).document == record
    results = draft_results_on_the_page(client, inspector, demo.departments_round)
    assert f"Kế hoạch số 830/KH-BQL ngày {vn_short_date(replacement.issued_on)}" in results.opening
    assert "812/KH-BQL" not in results.opening  # the replaced plan is no longer cited
