"""Which issued notices a unit's own people may read (issue 19).

People of a unit (users whose *phòng / đơn vị công tác* is that unit) hold no working role, yet
the notice of results is addressed to them. They read an ISSUED notice that concerns their unit:
its round inspected the unit (the round's units, or a visit to it), or the unit is named among
its recipients as frozen at issue (`issued_snapshot`). Never a draft, never another unit's.
"""

import re

from django.db.models import Q

from inspections import snapshot
from inspections.models import Notice

PURPOSE = re.compile(r"\s*\([^()]*\)$")  # "(để thực hiện)", "(để biết)" after the name


def _line(text: str) -> str:
    """A Nơi nhận line as a name: no leading dash, closing ";" or ".", purpose in brackets, case."""
    text = text.strip().lstrip("-–").strip().rstrip(";.").strip()
    return PURPOSE.sub("", text).strip().casefold()


def names_unit(notice: Notice, unit) -> bool:
    """True if a recipient line of `notice` (as issued) is `unit`'s name or short name."""
    names = {_line(unit.name), _line(unit.short_name)}
    return any(_line(text) in names for text in snapshot.recipient_texts(notice))


def _round_covers(unit_id: int) -> Q:
    return Q(inspection__units=unit_id) | Q(inspection__unit_checks__unit=unit_id)


def concerns_unit(notice: Notice, unit) -> bool:
    """True if `notice` is issued and its round inspected `unit` or it names `unit` as recipient."""
    if not notice.is_issued:
        return False
    covered = Notice.objects.filter(_round_covers(unit.pk), pk=notice.pk).exists()
    return covered or names_unit(notice, unit)


def unit_may_read(user, notice: Notice) -> bool:
    """True if `user`, as one of a unit's people, may read `notice` (issued, concerning their unit)."""
    return bool(user.is_authenticated and user.unit_id and concerns_unit(notice, user.unit))


def can_read_notice(user, notice: Notice) -> bool:
    """The working roles read every notice; a unit's people the issued ones that concern their unit."""
    return user.has_perm("inspections.view_notice") or unit_may_read(user, notice)


def issued_for_unit(unit) -> list[Notice]:
    """The issued notices that concern `unit`, newest first (two queries whatever the rows)."""
    issued = Notice.objects.issued().select_related("inspection").order_by("-issued_on", "-pk")
    covered = set(issued.filter(_round_covers(unit.pk)).values_list("pk", flat=True))
    return [notice for notice in issued if notice.pk in covered or names_unit(notice, unit)]
