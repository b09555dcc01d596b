"""Failed-login lockout: django-axes per (username, address), and a layer per address.

django-axes locks one username at one address after AXES_FAILURE_LIMIT wrong passwords.
That alone lets one address try two common passwords on every account (password spraying)
without ever locking anything, so the failures of all usernames at one address are counted
too, from the same rows (axes.models.AccessAttempt, within AXES_COOLOFF_TIME):

- from LOGIN_ADDRESS_SLOWDOWN failures on, that address gets one try per
  LOGIN_ADDRESS_DELAY seconds (a refused early try is not counted: waiting helps);
- at LOGIN_ADDRESS_FAILURE_LIMIT failures, every login from that address is refused for
  the cool-off, whatever the username and password.

A successful login clears only its own username's failures at that address, so an attacker
holding one account cannot wipe the address's count. Addresses are config.addresses.client_ip:
nobody can spread failures over forged addresses, nor pin them on somebody else's.
`manage.py axes_reset_ip <address>` (or `axes_reset`) lifts both locks at once.
"""

from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_credentials, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, first in AUTHENTICATION_BACKENDS.

    Every login over HTTP (our login page, the admin's) passes the request and is checked.
    Only code that calls authenticate() without a request (the test client's login(), a shell)
    has no address to count: axes would raise, we let it through to the password check.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def address_failures(address: str) -> tuple[int, object]:
    """(failed logins from `address` within the cool-off, time of the latest), all usernames."""
    since = timezone.now() - get_cool_off()
    totals = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).aggregate(
        count=Sum("failures_since_start"), latest=Max("attempt_time")
    )
    return totals["count"] or 0, totals["latest"]


def address_lock(address: str) -> str:
    """ "address" when `address` is locked, "wait" when it must wait before its next try, or ""."""
    count, latest = address_failures(address)
    if count >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        return "address"
    delay = timedelta(seconds=settings.LOGIN_ADDRESS_DELAY)
    if count >= settings.LOGIN_ADDRESS_SLOWDOWN and timezone.now() < latest + delay:
        return "wait"
    return ""


class LoginLockoutHandler(AxesDatabaseHandler):
    """AXES_HANDLER: axes' own lock per (username, address), plus address_lock()."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            request.lockout_scope = "account"
            return True
        request.lockout_scope = address_lock(request.axes_ip_address)
        return bool(request.lockout_scope)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is not None and getattr(request, "lockout_scope", "") == "wait":
            # Refused for trying too soon: not a failure, so waiting is what helps.
            request.axes_locked_out, request.axes_credentials = True, credentials
            return
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out:
            return
        if address_lock(request.axes_ip_address) == "address":
            request.lockout_scope = "address"
            request.axes_locked_out, request.axes_credentials = True, credentials


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the lockout page (429), saying which lock and for how long."""
    scope = getattr(request, "lockout_scope", "") or "account"
    context = {
        "scope": scope,
        "failure_limit": get_failure_limit(request, credentials or get_credentials()),
        "address_limit": settings.LOGIN_ADDRESS_FAILURE_LIMIT,
        "minutes": int(get_cool_off().total_seconds() // 60),
        "seconds": settings.LOGIN_ADDRESS_DELAY,
    }
    return render(request, "registration/locked_out.html", context, status=429)
