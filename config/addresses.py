"""Which address a request comes from, believing forwarded headers only from our own proxies.

X-Forwarded-For is a header anyone can send. Only the proxies the operator names in
TRUSTED_PROXIES (the README's nginx on the same host: 127.0.0.1) append the address they
received the request from; the client's address is the last entry no trusted proxy wrote.
A request that reaches the app from anywhere else (gunicorn's port, a misrouted proxy) is
taken at its socket address, and its forwarded headers are dropped before any view or
middleware can read them.
"""

import ipaddress
from functools import cache

from django.conf import settings

FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_FORWARDED",
)


@cache
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted_proxy(address: str) -> bool:
    """Whether `address` is one of the proxies named in TRUSTED_PROXIES (addresses or networks)."""
    parsed = _address(address)
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    return parsed is not None and any(parsed in network for network in networks)


def client_ip(request) -> str:
    """The client's address: the socket's, or behind trusted proxies the last one they added.

    Read right to left, X-Forwarded-For holds what each trusted proxy saw; the first entry
    that is not a trusted proxy is the client. Entries left of it are whatever the client
    sent, and are never read.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(remote):
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return remote  # a trusted proxy never writes this: count it as the proxy's own
        if not is_trusted_proxy(str(address)):
            return str(address)
    return str(_address(hops[0])) if hops else remote


class TrustedProxyMiddleware:
    """Drop forwarded headers that did not come from a trusted proxy; first in MIDDLEWARE.

    Django's SECURE_PROXY_SSL_HEADER reads X-Forwarded-Proto directly: without this, anyone
    reaching gunicorn's port could say their plain HTTP request was HTTPS.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
