"""Every URL × every role gets the status written in EXPECTED, generated from the URL conf.

RULE FOR NEW URLS: a URL without a row in EXPECTED fails `test_every_url_has_a_row`. Add one
row per URL name: what each role gets on GET and, for a view that changes anything, on POST.
Path parameters are filled from the `world` fixture (tests/security/conftest.py): `pk` from the
object named by the URL name's first word (PK_BY_PREFIX: "notice-detail" -> world.notice),
other parameters by name (PARAMETERS); a row's `kwargs` overrides both (e.g. the approved
notice for "notice-issue"). Each role's request runs in its own rolled-back savepoint, so a
POST that succeeds for one role does not change what the next role sees.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "no_role", "inspector", "leader", "clerk", "admin")
USERS = ROLES[1:]


@dataclass(frozen=True)
class Redirect:
    """302 to the page named `to` (the query string, e.g. ?next=, is not compared)."""

    to: str

    def __repr__(self):
        return f"→{self.to}"


LOGIN = Redirect(settings.LOGIN_URL)
ADMIN_LOGIN = Redirect("admin:login")


def everyone(status=200) -> dict:
    """Logged-in people of any role (or none) get `status`; anonymous visitors go to login."""
    return {"anonymous": LOGIN} | dict.fromkeys(USERS, status)


def only(*roles, status=200, others=403) -> dict:
    """The named roles get `status`, other logged-in people `others`, anonymous goes to login.
    "admin" is the superuser persona: list it when a superuser may act (has every permission)."""
    unknown = set(roles) - set(USERS)
    assert not unknown, f"unknown roles {unknown}"
    return {"anonymous": LOGIN} | {role: status if role in roles else others for role in USERS}


def public(status=200) -> dict:
    return dict.fromkeys(ROLES, status)


@dataclass(frozen=True)
class Row:
    get: dict
    post: dict | None = None  # None: a read-only page; POST is not tried
    kwargs: Callable | None = None  # world -> path parameters, instead of the defaults
    data: Callable = field(default=lambda world: {})  # world -> POST body


# URL name -> what each role gets. One row per URL; keep them grouped as the URL conf is.
EXPECTED: dict[str, Row] = {
    "home": Row(get=everyone()),
    # django.contrib.auth (accounts/)
    "login": Row(get=public(), post=public(200)),  # an empty form comes back with its errors
    "logout": Row(get={"anonymous": LOGIN} | dict.fromkeys(USERS, 405), post=everyone(200)),
    "password_change": Row(get=everyone(), post=everyone(200)),
    "password_change_done": Row(get=everyone()),
    "password_reset": Row(get=public(), post=public(200)),
    "password_reset_done": Row(get=public()),
    "password_reset_confirm": Row(
        get=public(), kwargs=lambda world: {"uidb64": "MQ", "token": "set-password"}
    ),
    "password_reset_complete": Row(get=public()),
    # The admin checks staff status itself; its index stands for the whole site (skipped below).
    "admin:index": Row(
        get={"anonymous": ADMIN_LOGIN} | dict.fromkeys(USERS[:-1], ADMIN_LOGIN) | {"admin": 200}
    ),
    # --- inspections: records (plans, rounds, visits, findings, evidence) ---
    # e.g. "inspections:finding-edit": Row(get=only("inspector", "admin"),
    #                                      post=only("inspector", "admin", status=(200, 302))),
    # --- inspections: notices (drafting, review, issue, register) ---
    # e.g. "inspections:notice-issue": Row(get=only("clerk", "admin"),
    #                                      post=only("clerk", "admin", status=302),
    #                                      kwargs=lambda world: {"pk": world.notices["approved"].pk}),
    # --- inspections: PDF, verification, print ---
    # e.g. "inspections:verify": Row(get=public()),  # `code` comes from PARAMETERS
}

# Namespaces left to their own permission system: only rows listed above are checked there.
SKIPPED_NAMESPACES = {"admin"}

# `pk` in a URL named "<prefix>-…" is the pk of this world attribute.
PK_BY_PREFIX = {
    "notice": "notice",
    "inspection": "inspection",
    "round": "inspection",
    "unitcheck": "unit_check",
    "visit": "unit_check",
    "finding": "finding",
    "evidence": "evidence",
    "plan": "plan",
    "criterion": "criterion",
    "unit": "unit",
}
# Other path parameters, by name.
PARAMETERS = {
    "notice_pk": lambda world: world.notice.pk,
    "inspection_pk": lambda world: world.inspection.pk,
    "unitcheck_pk": lambda world: world.unit_check.pk,
    "finding_pk": lambda world: world.finding.pk,
    "evidence_pk": lambda world: world.evidence.pk,
    "plan_pk": lambda world: world.plan.pk,
    "year": lambda world: world.plan.year,
    "code": lambda world: world.notices["issued"].verification_code,
}


def url_patterns(resolver=None, namespace=""):
    """(name, pattern) of every URL, names qualified with their namespaces."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else None), namespace, entry


def checked_urls() -> dict[str, URLPattern | None]:
    found = {}
    for name, namespace, pattern in url_patterns():
        if namespace.rstrip(":") in SKIPPED_NAMESPACES and name not in EXPECTED:
            continue
        found[name or f"<unnamed: {pattern.pattern}>"] = pattern
    return found


def path_kwargs(name: str, pattern: URLPattern, world) -> dict:
    row = EXPECTED[name]
    if row.kwargs:
        return row.kwargs(world)
    values = {}
    prefix = name.rsplit(":", 1)[-1].split("-")[0]
    for parameter in pattern.pattern.converters:
        if parameter == "pk" and prefix in PK_BY_PREFIX:
            values["pk"] = getattr(world, PK_BY_PREFIX[prefix]).pk
        elif parameter in PARAMETERS:
            values[parameter] = PARAMETERS[parameter](world)
        else:
            raise AssertionError(
                f"{name}: no value for path parameter {parameter!r}. Add it to PARAMETERS or "
                f"PK_BY_PREFIX, or give the row kwargs=lambda world: {{...}}."
            )
    return values


def outcome(response, expected):
    if isinstance(expected, Redirect):
        location = response.headers.get("Location", "").split("?")[0]
        if response.status_code == 302 and location == resolve_url(expected.to):
            return expected
        return f"{response.status_code} {location}".strip()
    return response.status_code


def matches(response, expected) -> bool:
    got = outcome(response, expected)
    return got in expected if isinstance(expected, tuple) else got == expected


def test_every_url_has_a_row():
    missing = sorted(set(checked_urls()) - set(EXPECTED))
    assert not missing, (
        f"URL(s) without a row in EXPECTED (tests/security/test_permission_matrix.py): {missing}. "
        "Add one row per URL saying what every role gets (see the examples in EXPECTED)."
    )


def test_every_row_names_a_url_that_exists():
    stale = sorted(set(EXPECTED) - set(checked_urls()))
    assert not stale, f"rows for URLs that no longer exist: {stale}"


def test_every_row_says_what_every_role_gets():
    for name, row in EXPECTED.items():
        for method, table in (("GET", row.get), ("POST", row.post)):
            if table is not None:
                assert set(table) == set(ROLES), f"{name} {method}: roles {set(ROLES) ^ set(table)}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_role_gets_the_expected_status(name, world):
    pattern = checked_urls()[name]
    url = reverse(name, kwargs=path_kwargs(name, pattern, world))
    row = EXPECTED[name]
    wrong = []
    for method, table in (("GET", row.get), ("POST", row.post)):
        for role, expected in (table or {}).items():
            client = Client()
            with transaction.atomic():
                if role != "anonymous":
                    client.force_login(world.users[role])
                response = client.get(url) if method == "GET" else client.post(url, row.data(world))
                if not matches(response, expected):
                    got = outcome(response, expected)
                    wrong.append(f"{method} {url} as {role}: expected {expected!r}, got {got!r}")
                transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)


def test_a_missing_row_is_reported_with_how_to_fix_it(monkeypatch):
    """The guard itself: remove a row and the test names the URL and the file to edit."""
    monkeypatch.delitem(EXPECTED, "home")
    with pytest.raises(AssertionError, match=r"without a row in EXPECTED.*'home'"):
        test_every_url_has_a_row()
