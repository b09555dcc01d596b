"""Count requests per key in a fixed window, in the "limits" cache shared by every app process.

CACHES["limits"] is the database cache by default (no other service to run; `manage.py
createcachetable` makes its table); LIMITS_CACHE_URL points it elsewhere (e.g. Redis). The
count is read and written without a lock on the database cache, so two requests at the same
instant may count as one: a throttle, not a quota.
"""

import hashlib
import time

from django.core.cache import caches


def allow(scope: str, key: str, *, limit: int, period: int) -> bool:
    """Count one request for (`scope`, `key`) in this `period` (seconds); False past `limit`."""
    window = int(time.time() // period)
    name = f"{scope}:{hashlib.sha256(key.encode()).hexdigest()}:{window}"
    cache = caches["limits"]
    if cache.add(name, 1, timeout=period):
        return True
    try:
        return cache.incr(name) <= limit
    except ValueError:  # expired between add() and incr()
        cache.set(name, 1, timeout=period)
        return True
