"""Absolute query budgets: every list and detail page runs exactly the queries named here.

The other query tests check that a page does not grow with its rows; this one also catches a
page that always runs too many. Each budget lists its queries, in order, as healthchecks does
(STYLE.md B5.10). A change that adds a query must add its line here, on purpose.

The world: the demo's board, plan and 2023 rounds; the demo's followed-up shortcoming with the
unit's report; a draft notice returned once and an issued notice, made through the services.
Counts are the same on SQLite and PostgreSQL. The page is requested once before counting, so
per-process caches (content types) are warm, as in production.
"""

from datetime import date

import pytest
from django.urls import reverse

from inspections import demo_followup
from inspections.models import Finding
from inspections.services.issuing import issue_notice
from inspections.services.notices import apply_action, draft_notice, snapshot_signer

pytestmark = pytest.mark.django_db

# Every page for a logged-in person starts with these four:
#   django_session; units_user; the person's own permissions; their groups' permissions.
LOGGED_IN = 4
# ...and base.html adds eight (tests run with the dummy cache, so the cached badge is counted):
#   the board's name in the footer (units_organization); the badge: the notification mark,
#   the newest audit line and admin log line (the cache key), the notification mark again, and
#   three counts of what is new for this person's roles (returned drafts, shortcomings due
#   soon, and drafts to review / units that reported / notices to issue).
SHELL = 8


@pytest.fixture
def world(demo, inspector, leader, clerk, monkeypatch):
    monkeypatch.setattr("inspections.services.signing.seal_notice", lambda notice: b"%PDF-1.7 stub")
    shortcoming = demo_followup.load(demo.organization, demo.plan)
    draft = draft_notice(demo.service_units_round, by=inspector)
    apply_action(draft, "submit", by=inspector)
    apply_action(draft, "return", by=leader, comment="Bổ sung căn cứ.")
    issued = draft_notice(demo.departments_round, by=inspector)
    issued.signer = leader  # approving is signing: the leader signs what they approve
    snapshot_signer(issued)
    issued.save()
    apply_action(issued, "submit", by=inspector)
    apply_action(issued, "approve", by=leader)
    issued = issue_notice(issued, by=clerk, number=2880)
    demo.departments_round.team.add(inspector)
    # An open shortcoming of June at the unit the October spot check visits (carried over).
    Finding.objects.filter(
        unit_check__inspection=demo.departments_round, unit_check__unit=shortcoming.unit_check.unit
    ).filter(criterion__position=1).update(result="shortcoming", due_on=date(2023, 9, 30))
    demo.shortcoming, demo.draft, demo.issued = shortcoming, draft, issued
    return demo


def count(client, django_assert_num_queries, url, expected):
    client.get(url)  # warm the per-process caches
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200


@pytest.fixture
def budget(client, world, request, django_assert_num_queries):
    """budget(persona, url, n): the page costs exactly n queries for `persona` (None: logged out)."""

    def check(persona, url, expected):
        if persona:
            client.force_login(request.getfixturevalue(persona))
        count(client, django_assert_num_queries, url, expected)

    return check


def test_start_page(budget, world):
    # The year's figures (the dummy cache computes them on every request):
    #   plan years (twice: the year list and the default year); active units; drafts to review;
    #   their count; the cache key (newest audit line, admin log line); rounds with their
    #   progress; findings per criterion; notices per status; shortcoming totals; overdue
    #   shortcomings (the list) and their count.
    budget("leader", reverse("home"), LOGGED_IN + 13 + SHELL)


def test_dashboard(budget):
    # The same page as the start page, at its own address.
    budget("leader", reverse("inspections:dashboard"), LOGGED_IN + 13 + SHELL)


def test_notification_list(budget):
    # new count: the mark, new returns, new due-soon shortcomings, new reports; the mark again;
    # returns, due-soon shortcomings, reports (the newest 50 of each); marking them seen
    # (savepoint, update, release); the footer's board. No badge: the list clears it.
    budget("inspector", reverse("inspections:notification-list"), 4 + 13)


def test_plan_list(budget):
    # the paginator's count; the page of plans with their criteria and rounds counted.
    budget("leader", reverse("inspections:plan-list"), LOGGED_IN + 2 + SHELL)


def test_plan_detail(budget, world):
    # the plan (+ document, board); its legal bases (+ documents); criteria; the history of the
    # plan, its criteria and bases (+ actors); its rounds; its documents (plan, decision, report).
    budget("leader", world.plan.get_absolute_url(), LOGGED_IN + 6 + SHELL)


def test_inspection_list(budget):
    # the paginator's count; the page of rounds (+ plan, document, announcement) with their
    # unit and visit counts as subqueries.
    budget("leader", reverse("inspections:inspection-list"), LOGGED_IN + 2 + SHELL)


def test_inspection_detail(budget, world):
    # the round (+ plan, document, announcement); its units; visits; criteria; findings
    # (+ visit); its documents (+ signer); history (+ actors); the team; the plan's documents for
    # the chain; the round's documents for the Văn bản card.
    budget("leader", world.departments_round.get_absolute_url(), LOGGED_IN + 10 + SHELL)


def test_unitcheck_detail(budget, world):
    # the visit (+ unit, round, plan, announcement); criteria; findings (+ follow-up);
    # their evidence; history of the visit and its findings (+ actors); its biên bản; the signed
    # minutes scans (+ uploaders).
    budget("inspector", world.shortcoming.unit_check.get_absolute_url(), LOGGED_IN + 7 + SHELL)


def test_search(budget):
    # unit names and criterion names (folded here); the findings' count and the notices'
    # count (two paginators); a page of findings (+ criterion, visit, unit, round); of notices.
    budget("leader", reverse("inspections:search") + "?q=ky+luat", LOGGED_IN + 6 + SHELL)


def test_notice_list(budget):
    # the paginator's count; the rounds of the filter and of the "draft from a round" card;
    # the page of notices (+ round, board, drafter, signer).
    budget("inspector", reverse("inspections:notice-list"), LOGGED_IN + 4 + SHELL)


def test_notice_register(budget):
    # the register's years; the paginator's count; the page of issued notices (+ board);
    # their recipients (one query for the page).
    budget("clerk", reverse("inspections:notice-register"), LOGGED_IN + 4 + SHELL)


def test_notice_detail_of_a_draft(budget, world):
    # the notice (+ round, board, drafter, signer, approver, replaced notice); its replacement
    # if any; the trail (+ actors); items; recipients; legal bases (+ documents); the checklist
    # (issue 19): its parts counted in one query, the round's units, done visits, criteria and
    # findings entered, and the round's other open drafts.
    budget("inspector", world.draft.get_absolute_url(), LOGGED_IN + 12 + SHELL)


def test_notice_detail_of_an_issued_notice(budget, world):
    # as a draft's, but the legal bases come from the snapshot taken at issue (no query), plus
    # the "replace" rule's check that no replacement exists yet, and the leader's signature of
    # the notice (inspections_noticesigning).
    budget("inspector", world.issued.get_absolute_url(), LOGGED_IN + 7 + SHELL)


def test_followup_list(budget):
    # the paginator's count; the unit filter's units; the page of shortcomings (+ criterion,
    # visit, unit, round, plan, follow-up).
    budget("inspector", reverse("inspections:followup-list"), LOGGED_IN + 3 + SHELL)


def test_followup_detail(budget, world):
    # the shortcoming (+ criterion, visit, unit, round, plan, follow-up, who closed it); the
    # unit's reports (+ who reported); its history (+ actors).
    url = reverse("inspections:followup-detail", args=[world.shortcoming.pk])
    budget("inspector", url, LOGGED_IN + 3 + SHELL)


def test_unit_history(budget, world):
    # the unit; the paginator's count of its visits; the page of visits (+ round, plan); their
    # findings (+ criterion, follow-up); the count and the list of its open shortcomings; the
    # issued notices (+ round) and which of them the unit's rounds cover.
    url = reverse("inspections:unit-history", args=[world.shortcoming.unit_check.unit_id])
    budget("leader", url, LOGGED_IN + 8 + SHELL)


def test_round_carryover(budget, world):
    # the round (+ plan, document, announcement, counts); the paginator's count; the page of
    # earlier open shortcomings (+ criterion, visit, unit, round, plan, follow-up); the round's
    # units; its team.
    url = reverse("inspections:inspection-carryover", args=[world.shortcoming.unit_check.inspection_id])
    budget("leader", url, LOGGED_IN + 5 + SHELL)


def test_public_verification_page(client, world, django_assert_num_queries):
    # No session, no shell: the issued notice by its code; the certificates that signed it (the
    # leader's, with its holder) and all registered ones (to name each signature); the board.
    url = reverse("inspections:verify", args=[world.issued.verification_code])
    count(client, django_assert_num_queries, url, 4)
