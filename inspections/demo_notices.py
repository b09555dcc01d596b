"""The demo's two real notices of 14/6/2023, made the way the app makes every notice.

Each is drafted from its 2023 round's records by the inspector, edited on the draft form to
the words the board issued (inspections/demo_data/, copies of the seeds), submitted, approved
by Bùi Ngọc Hải, who signs it with his demo key, and issued by the clerk with the typed
numbers 2880 and 2819 and the date 14/6/2023: number and date written into the signed PDF
and the board's seal signature on top, like any issued notice (inspections/demo_signing.py
makes the demo keys and images). The story is replayed on
its own dates (`replay_at`), so the audit trail reads as it happened in June 2023.

Idempotent: a notice whose number the board already holds for 2023 is left as it is.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from inspections.forms.notices import NoticeForm, notice_formsets
from inspections.importing import read_notice
from inspections.models import Inspection, Notice
from inspections.services.importing import DEMO_DATA, proper_names
from inspections.services.issuing import issue_notice
from inspections.services.notices import apply_action, draft_notice, save_notice
from inspections.services.signing import approve_and_sign
from inspections.text import with_end_mark
from units.demo import DEMO_PASSWORD
from units.models import Organization, User

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class DemoNotice:
    number: int
    file: str
    inspection_title: str
    drafted: datetime
    submitted: datetime
    approved: datetime
    issued: datetime


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2023, 6, day, hour, minute, tzinfo=VIETNAM)


# 2819 was numbered first in the register, so it is issued first on the same morning.
NOTICES = [
    DemoNotice(
        2819,
        "2819-TB-BQL-2023.txt",
        "Kiểm tra công tác cải cách hành chính tại các đơn vị sự nghiệp trực thuộc năm 2023",
        drafted=_at(12, 9),
        submitted=_at(13, 15),
        approved=_at(14, 8, 30),
        issued=_at(14, 9, 30),
    ),
    DemoNotice(
        2880,
        "2880-TB-BQL-2023.txt",
        "Kiểm tra công tác cải cách hành chính tại các phòng chuyên môn năm 2023",
        drafted=_at(9, 9),
        submitted=_at(13, 16),
        approved=_at(14, 8, 45),
        issued=_at(14, 10),
    ),
]
INSPECTOR, SIGNER, CLERK = "kiemtra", "bui.ngoc.hai", "vanthu"


@contextmanager
def replay_at(moment: datetime):
    """Run the app's code as if it were `moment`: timezone.now() and the fields defaulting to it.

    For replaying a past story (the demo, and tests of it) in one process; never in a request.
    """
    real_now = timezone.now
    shift = moment - real_now()

    def now():
        return real_now() + shift

    with mock.patch("django.utils.timezone.now", now):
        patches = []
        for model in apps.get_models():  # fields declared default=timezone.now kept the real one
            for field in model._meta.concrete_fields:
                if field.default is real_now:
                    patches += [mock.patch.object(field, "default", now)]
                    # Django caches the default's callable on the field.
                    patches += [mock.patch.object(field, "_get_default", now)]
        for patch in patches:
            patch.start()
        try:
            yield
        finally:
            for patch in reversed(patches):
                patch.stop()


def _edit_data(notice: Notice, words) -> dict[str, str]:
    """The draft form as the inspector posts it after retyping the draft to the issued words."""
    # The legal-basis paragraph stays as composed from the records (the plan and the schedule
    # notice issued in the app, demo_paperwork.py); the rest is retyped to the issued words.
    basis = notice.opening.split("\n\n")[0]
    lead_in = words.opening.split("\n")[1:]
    data = {
        "title": words.title,
        "opening": "\n\n".join([basis, *lead_in]),
        "closing": with_end_mark(words.closing),
        "signer": str(notice.signer_id),
        "authority": notice.authority,
    }
    parts = {
        "items": (list(notice.items.all()), words.items),
        "recipients": (list(notice.recipients.all()), words.recipients),
    }
    for prefix, (existing, texts) in parts.items():
        total = max(len(existing), len(texts))
        data |= {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(len(existing))}
        for index in range(total):
            row = f"{prefix}-{index}"
            if index < len(existing):
                data[f"{row}-id"] = str(existing[index].pk)
            if index < len(texts):
                data |= {f"{row}-position": str(index + 1), f"{row}-text": texts[index]}
            else:
                data |= {f"{row}-position": str(index + 1), f"{row}-text": existing[index].text}
                data[f"{row}-DELETE"] = "on"
    bases = list(notice.basis_links.all())
    data |= {"bases-TOTAL_FORMS": str(len(bases)), "bases-INITIAL_FORMS": str(len(bases))}
    for index, link in enumerate(bases):
        data |= {
            f"bases-{index}-id": str(link.pk),
            f"bases-{index}-position": str(link.position),
            f"bases-{index}-document": str(link.document_id),
        }
    return data


def _edit_to_issued_words(notice: Notice, words, *, by: User) -> None:
    data = _edit_data(notice, words)
    form = NoticeForm(data, instance=notice)
    formsets = notice_formsets(notice, data)
    errors = [form.errors] + [formset.errors for formset in formsets]
    if not form.is_valid() or not all(formset.is_valid() for formset in formsets):
        raise ValueError(f"The demo's edit of {notice} was refused: {errors}")
    save_notice(form, *formsets, by=by)


def _tell(story: DemoNotice, organization: Organization, people: dict[str, User]) -> Notice:
    inspection = Inspection.objects.get(plan__organization=organization, title=story.inspection_title)
    raw = (DEMO_DATA / story.file).read_bytes()
    words = read_notice(raw, story.file, proper_names=proper_names(organization))
    with replay_at(story.drafted):
        notice = draft_notice(inspection, by=people[INSPECTOR])
        _edit_to_issued_words(notice, words, by=people[INSPECTOR])
    with replay_at(story.submitted):
        apply_action(notice, "submit", by=people[INSPECTOR])
    with replay_at(story.approved):
        # Bùi Ngọc Hải approves by signing with his demo key (password: the demo password).
        approve_and_sign(notice, by=people[SIGNER], secret=DEMO_PASSWORD)
    with replay_at(story.issued):
        return issue_notice(notice, by=people[CLERK], number=story.number, issued_on=story.issued.date())


def load_notices(organization: Organization) -> list[tuple[Notice, bool]]:
    """Make 2819/TB-BQL and 2880/TB-BQL of 14/6/2023 through the app, unless the board has them.

    Returns (notice, made now) per notice.
    """
    people = {user.username: user for user in User.objects.filter(username__in=[INSPECTOR, SIGNER, CLERK])}
    results = []
    for story in NOTICES:
        existing = Notice.objects.filter(
            organization=organization, year=story.issued.year, number=story.number
        ).first()
        if existing:
            results.append((existing, False))
            continue
        with transaction.atomic():
            results.append((_tell(story, organization, people), True))
    return results
