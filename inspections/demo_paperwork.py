"""The demo's 2023 paperwork before the notices of results, made the way the app makes it.

The seeds cite the plan 810/KH-BQL (02/3/2023) and the schedule notices 2335/TB-BQL
(02/5/2023) and 2535/TB-BQL (22/5/2023); the rounds visited 9 departments on 06–07/6 and 2
service units on 08/6. Here each of them is drafted from the records by the inspector
(`kiemtra`), approved and signed by Bùi Ngọc Hải (Trưởng đoàn and the signer), numbered and
issued by the clerk (`vanthu`) on its date, as every document is: the plan, the team decision,
both schedule notices and one biên bản per visit. Issuing the plan and the schedule notices
makes them the citations of the round's later documents (inspections/paperwork/citations.py),
so the legal-basis paragraph of 2880 and 2819 is composed from these records.

The seeds give no number for the team decision or the biên bản; the demo gives them numbers
that fit the one yearly series (1004/QĐ-BQL on 13/3/2023; 2701–2705, 2731–2734 and 2761–2762
on the visit days). Idempotent: a number the board already holds for 2023 is left as it is.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from inspections.demo_notices import CLERK, INSPECTOR, SIGNER, replay_at
from inspections.models import Inspection, InspectionPlan, Notice, RegisterEntry, UnitCheck
from inspections.services.issuing import issue_notice
from inspections.services.notices import apply_action, draft_document
from inspections.services.signing import approve_and_sign
from units.demo import DEMO_PASSWORD
from units.models import Organization, User

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# Visits of one day, in the units' order: (start, end).
SLOTS = [(time(7, 30), time(9, 0)), (time(9, 0), time(10, 30)), (time(10, 30), time(12, 0))]
SLOTS += [(time(14, 0), time(15, 30)), (time(15, 30), time(17, 0))]
# The first biên bản number of each visit day.
MINUTES_NUMBERS = {date(2023, 6, 6): 2701, date(2023, 6, 7): 2731, date(2023, 6, 8): 2761}


@dataclass(frozen=True)
class Story:
    kind: str
    source: object
    number: int
    issued_on: date
    drafted: datetime


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIETNAM)


def _held(organization: Organization, number: int, year: int) -> bool:
    return RegisterEntry.objects.filter(organization=organization, year=year, number=number).exists()


def _tell(story: Story, people: dict[str, User]) -> Notice:
    """Draft, submit, approve and sign, number and issue one document on its own dates."""
    with replay_at(story.drafted):
        notice = draft_document(story.kind, story.source, by=people[INSPECTOR])
        apply_action(notice, "submit", by=people[INSPECTOR], proceed=True)
    with replay_at(story.drafted + timedelta(hours=1)):
        approve_and_sign(notice, by=people[SIGNER], secret=DEMO_PASSWORD)
    with replay_at(story.drafted + timedelta(hours=2)):
        return issue_notice(notice, by=people[CLERK], number=story.number, issued_on=story.issued_on)


def _team(plan: InspectionPlan, people: dict[str, User]) -> None:
    """Bùi Ngọc Hải leads each round's team (and signs its biên bản); the inspector is its secretary."""
    for inspection in plan.inspections.all():
        inspection.team.add(people[SIGNER], people[INSPECTOR])
        Inspection.objects.filter(pk=inspection.pk).update(
            team_leader=people[SIGNER], team_secretary=people[INSPECTOR]
        )


def _visit_hours(inspection: Inspection) -> list[UnitCheck]:
    visits = list(UnitCheck.objects.filter(inspection=inspection).in_order())
    per_day: dict[date, int] = {}
    for visit in visits:
        index = per_day.get(visit.checked_on, 0)
        per_day[visit.checked_on] = index + 1
        if visit.starts_at is None:
            visit.starts_at, visit.ends_at = SLOTS[index % len(SLOTS)]
            UnitCheck.objects.filter(pk=visit.pk).update(starts_at=visit.starts_at, ends_at=visit.ends_at)
    return visits


def stories(plan: InspectionPlan) -> list[Story]:
    """Every document of the demo's 2023 paperwork, in the order of its numbers."""
    rounds = {round_.starts_on: round_ for round_ in plan.inspections.all()}
    departments, services = rounds[date(2023, 6, 6)], rounds[date(2023, 6, 8)]
    told = [
        Story(Notice.Kind.PLAN, plan, 810, date(2023, 3, 2), _at(date(2023, 3, 2), 8)),
        Story(Notice.Kind.DECISION, plan, 1004, date(2023, 3, 13), _at(date(2023, 3, 13), 8)),
        Story(Notice.Kind.SCHEDULE, departments, 2335, date(2023, 5, 2), _at(date(2023, 5, 2), 8)),
        Story(Notice.Kind.SCHEDULE, services, 2535, date(2023, 5, 22), _at(date(2023, 5, 22), 8)),
    ]
    for inspection in (departments, services):
        per_day: dict[date, int] = {}
        for visit in _visit_hours(inspection):
            offset = per_day.get(visit.checked_on, 0)
            per_day[visit.checked_on] = offset + 1
            # Drafted during the visit, signed and issued that afternoon.
            told.append(
                Story(
                    Notice.Kind.MINUTES,
                    visit,
                    MINUTES_NUMBERS[visit.checked_on] + offset,
                    visit.checked_on,
                    _at(visit.checked_on, 12 + offset // 3, (offset % 3) * 15),
                )
            )
    return told


def load(organization: Organization, plan: InspectionPlan) -> list[tuple[Notice | None, Story, bool]]:
    """Make the documents the board does not hold yet; (document or None, story, made now) each."""
    people = {u.username: u for u in User.objects.filter(username__in=[INSPECTOR, SIGNER, CLERK])}
    _team(plan, people)
    results = []
    for story in stories(plan):
        if _held(organization, story.number, story.issued_on.year):
            existing = Notice.objects.filter(
                organization=organization, year=story.issued_on.year, number=story.number
            ).first()
            results.append((existing, story, False))
            continue
        with transaction.atomic():
            results.append((_tell(story, people), story, True))
    return results
