"""Logged-out requests: a page goes to the login page; an htmx request gets 401 instead.

Redirecting an htmx request would swap the whole login page into a table row and drop what
was typed (issue 19). A 401 swaps nothing: static/js/app.js keeps the form as it is and opens
a dialog that logs in again in a new tab (X-Login-Url, back to the page being edited).
"""

from urllib.parse import urlencode, urlsplit

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpResponse
from django.shortcuts import resolve_url


class HtmxAwareLoginRequiredMiddleware(LoginRequiredMiddleware):
    def handle_no_permission(self, request, view_func):
        if request.headers.get("HX-Request") != "true":
            return super().handle_no_permission(request, view_func)
        # Back to the page the person is on (the login view checks `next` is ours).
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        back = current.path or "/"
        if current.query:
            back += "?" + current.query
        login_url = resolve_url(self.get_login_url(view_func)) + "?" + urlencode({"next": back})
        response = HttpResponse(
            "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại; nội dung đang nhập vẫn còn trên trang.",
            status=401,
            content_type="text/plain; charset=utf-8",
        )
        response["X-Login-Url"] = login_url
        return response
