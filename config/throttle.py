"""How often one address may post to a page, counted in the cache every app process shares.

A view opts in with `@throttle_posts("verify", Rate(5, 60), "đối chiếu tệp")`. Its POSTs are
counted per client address (config.addresses.client_ip: behind a trusted proxy, the address
the proxy saw) in `caches["shared"]`, a cache every app process sees (settings: the database
cache; a per-process memory cache would let each gunicorn worker count on its own). Once the
address has posted `rate.count` times since the first post of its window, further posts get
the 429 page until `rate.seconds` after that first post, and `ThrottleMiddleware` answers them
before their body is read. Refused posts are not counted.

The count is read and written without a lock: posts arriving at the same instant in several
processes may let one or two more through. That is enough to keep one address from filling
the disk or keeping the workers busy, which is the point.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.core.cache import caches
from django.shortcuts import render

from config.addresses import client_ip

CACHE = "shared"


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def throttle_posts(scope: str, rate: Rate, action: str):
    """Mark a view: at most `rate` POSTs per address; `action` names them on the 429 page."""

    def decorate(view):
        view.throttle = (scope, rate, action)
        return view

    return decorate


def wait_seconds(scope: str, key: str, rate: Rate) -> int:
    """Count one more `scope` action by `key`; return 0 if allowed, else seconds until allowed."""
    cache = caches[CACHE]
    name = f"throttle:{scope}:{hashlib.sha256(key.encode()).hexdigest()[:40]}"
    now = time.time()
    start, count = cache.get(name) or (now, 0)
    if now - start >= rate.seconds:
        start, count = now, 0
    left = start + rate.seconds - now
    if count >= rate.count:
        return max(1, math.ceil(left))
    cache.set(name, (start, count + 1), timeout=math.ceil(left) + 1)
    return 0


class ThrottleMiddleware:
    """Answer a throttled view's POST with 429 when its address is over the rate."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        throttle = getattr(view_func, "throttle", None)
        if throttle is None or request.method != "POST":
            return None
        scope, rate, action = throttle
        wait = wait_seconds(scope, client_ip(request), rate)
        if not wait:
            return None
        context = {"rate": rate, "wait": wait, "action": action}
        response = render(request, "429.html", context, status=429)
        response["Retry-After"] = str(wait)
        return response
