"""The browser security headers every answer carries: pages, API, files and errors alike.

The Content-Security-Policy allows scripts, styles, fonts and connections from this site only,
and no inline script, inline style, `style=` attribute or event-handler attribute anywhere: the
templates keep their code in /static and their looks in classes. Images may also be `data:`
URLs (the report charts and Swagger UI's icons). No page may be framed (clickjacking); browsers
may not guess content types; other sites see only that a visitor came from us, never the path.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"
"""Sent only when the app runs behind HTTPS (SUPPLYESG_SECURE_COOKIES): a year."""

HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
}


def security_headers(secure: bool) -> dict[str, str]:
    """The headers every answer carries; HSTS too when the app is served over HTTPS."""
    headers = dict(HEADERS)
    if secure:
        headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY
    return headers


def apply_security_headers(headers: MutableHeaders, secure: bool) -> None:
    """Set the headers on an answer, keeping none it already had of the same names."""
    for name, value in security_headers(secure).items():
        headers[name] = value


class SecurityHeadersMiddleware:
    """Adds the security headers to every HTTP answer the app sends."""

    def __init__(self, app: ASGIApp, secure: bool) -> None:
        self.app = app
        self.headers = security_headers(secure)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)  # a page may be stricter (no-referrer)
            await send(message)

        await self.app(scope, receive, send_with_headers)
