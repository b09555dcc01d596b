"""The address printed in signed notices (the QR code and link to /verify/<code>/).

A signed PDF never changes, so a wrong address is a dead link forever (issue 19: `make run
PORT=8011` printed http://127.0.0.1:8000). `SITE_URL` must be the address people reach the
app on. In development (DEBUG) it may be left empty: each request's own address is used, so
`runserver` on any port prints its own. Pages that sign (approve, issue) ask
`site_url_refusal(request)` first and refuse, saying why, when it is unset or the development
default in production, or names another host than the one the request came to.
"""

from contextvars import ContextVar
from urllib.parse import urlsplit

from django.conf import settings

DEFAULT_SITE_URL = "http://127.0.0.1:8000"
_request_base: ContextVar[str | None] = ContextVar("request_base", default=None)


def site_url() -> str:
    """SITE_URL; empty in development: the address of the request being served (else the default)."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    return (_request_base.get() or DEFAULT_SITE_URL).rstrip("/")


def site_url_refusal(request) -> str | None:
    """Why a notice may not be signed on this request (its link would be wrong), or None."""
    configured = settings.SITE_URL.strip()
    served = f"{request.scheme}://{request.get_host()}"
    if not configured:
        if settings.DEBUG:
            return None  # development: the request's own address is printed
        return (
            "Chưa đặt địa chỉ xác thực SITE_URL: mã QR và đường dẫn trên văn bản ký số sẽ sai vĩnh viễn. "
            f"Quản trị viên cần đặt SITE_URL là địa chỉ ứng dụng đang chạy ({served}) rồi khởi động lại."
        )
    if not settings.DEBUG and configured.rstrip("/") == DEFAULT_SITE_URL:
        return (
            f"SITE_URL đang là địa chỉ mặc định {DEFAULT_SITE_URL} của môi trường phát triển: mã QR trên "
            "văn bản ký số sẽ không mở được. Quản trị viên cần đặt SITE_URL là địa chỉ công khai của "
            "ứng dụng rồi khởi động lại."
        )
    if urlsplit(configured).netloc.lower() != request.get_host().lower():
        return (
            f"SITE_URL là {configured} nhưng ứng dụng đang được mở tại {served}: mã QR và đường dẫn "
            "xác thực trên văn bản ký số sẽ trỏ sai địa chỉ. Quản trị viên cần sửa SITE_URL cho đúng "
            "địa chỉ ứng dụng (hoặc mở ứng dụng đúng địa chỉ đó) rồi thử lại."
        )
    return None


class SiteUrlMiddleware:
    """Remember the request's address for site_url() while it is served (development)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_base.set(f"{request.scheme}://{request.get_host()}")
        try:
            return self.get_response(request)
        finally:
            _request_base.reset(token)
