"""A WSGI app with one runaway request, for bench/worker_timeout.py.

/spin burns CPU until something stops it (as the old import parser did on a 5 MB line);
/pid answers at once with the worker's process id. gunicorn's timeout does not look inside
the app, so what ends /spin here ends any runaway request of the real app.
"""

import os


def application(environ, start_response):
    if environ["PATH_INFO"] == "/spin":
        while True:
            pass
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(os.getpid()).encode()]
