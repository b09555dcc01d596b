"""On SQLite, clerks issuing at once in one process take turns in the order they arrived.

SQLite's busy handler gives its write lock to whichever waiter polls first; with ten clerks
issuing back to back (bench/issue_load.py) some waited past the busy timeout and got
"database is locked". issue_notice now queues them first; this checks the queue's order.
"""

import threading
import time

from inspections.services.issuing import _TurnLock


def test_turns_are_given_in_arrival_order():
    turns = _TurnLock()
    order = []
    holder_may_leave = threading.Event()

    def clerk(name):
        with turns:
            order.append(name)
            if name == "first":
                holder_may_leave.wait(timeout=10)

    threads = []
    for name in ["first", "second", "third", "fourth", "fifth"]:
        thread = threading.Thread(target=clerk, args=(name,))
        thread.start()
        threads.append(thread)
        deadline = time.monotonic() + 10
        while turns._next_ticket < len(threads) and time.monotonic() < deadline:
            time.sleep(0.001)  # wait until this clerk has taken its ticket before the next arrives
    holder_may_leave.set()
    for thread in threads:
        thread.join(timeout=10)
    assert order == ["first", "second", "third", "fourth", "fifth"]
