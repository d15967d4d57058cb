"""Protection against cross-site request forgery, for every form and cookie-authenticated call.

Each token is an HMAC keyed with a secret only the browser's cookies hold: the login session
cookie, or, before login, a random cookie of its own. Another site can make the browser send
those cookies (SameSite=Lax stops most of it) but can never read them, so it cannot compute the
token that must come back in the form field `csrf_token` or the header `X-CSRF-Token`.
Nothing is stored on the server and no application secret is needed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from typing import Any

import jinja2
from fastapi import Request
from markupsafe import Markup
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
ANONYMOUS_COOKIE = "supplyesg_visitor"
HOST_PREFIX = "__Host-"
_NEW_SEED = "csrf_new_seed"
_SEED = "csrf_seed"


def cookie_name(name: str, secure: bool) -> str:
    """The name a cookie goes by: behind HTTPS with the `__Host-` prefix, which makes browsers
    refuse it unless it is Secure, for this host only and for every path (no subdomain or plain
    HTTP page can set or overwrite it)."""
    return f"{HOST_PREFIX}{name}" if secure else name


def secure_cookies(request: Request) -> bool:
    """Whether this app sends its cookies over HTTPS only."""
    return bool(request.app.state.settings.secure_cookies)


def token_for(seed: str) -> str:
    """The token that forms carry for this cookie value."""
    return hmac.new(seed.encode(), b"supplyesg csrf token", hashlib.sha256).hexdigest()


def seed_of(request: Request) -> str | None:
    """The cookie value tokens of this request are keyed with, if the browser has one."""
    state = request.state
    if getattr(state, _SEED, None):
        return str(getattr(state, _SEED))
    return request.cookies.get(cookie_name(ANONYMOUS_COOKIE, secure_cookies(request)))


def use_seed(request: Request, seed: str) -> None:
    """Key this request's tokens with a cookie value (the session's, once logged in)."""
    setattr(request.state, _SEED, seed)


def token(request: Request) -> str:
    """The token for this request's forms; a visitor without cookie gets one with the response."""
    seed = seed_of(request)
    if seed is None:
        seed = secrets.token_urlsafe(32)
        setattr(request.state, _NEW_SEED, seed)
        use_seed(request, seed)
    return token_for(seed)


@jinja2.pass_context
def csrf_field(context: Mapping[str, Any]) -> Markup:
    """The hidden input every form carries."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(
        FIELD, token(context["request"])
    )


@jinja2.pass_context
def csrf_token(context: Mapping[str, Any]) -> str:
    """The token itself, for htmx headers (hx-headers) and scripts."""
    return token(context["request"])


async def submitted_token(request: Request) -> str:
    """The token the request carries, in its header or its form."""
    header = request.headers.get(HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(FIELD)
        return value if isinstance(value, str) else ""
    return ""


async def is_genuine(request: Request) -> bool:
    """Whether an unsafe request carries the token of this browser's cookie."""
    seed = seed_of(request)
    if seed is None:
        return False
    given = await submitted_token(request)
    return bool(given) and hmac.compare_digest(given, token_for(seed))


class VisitorCookieMiddleware:
    """Hands a visitor without cookies the random cookie their forms' tokens were keyed with."""

    def __init__(self, app: ASGIApp, secure: bool) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_cookie(message: Message) -> None:
            seed = scope.get("state", {}).get(_NEW_SEED)
            if message["type"] == "http.response.start" and seed:
                headers = MutableHeaders(scope=message)
                headers.append("Set-Cookie", visitor_cookie(seed, self.secure))
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def visitor_cookie(seed: str, secure: bool) -> str:
    """The Set-Cookie value of the anonymous visitor cookie."""
    flags = "; Secure" if secure else ""
    name = cookie_name(ANONYMOUS_COOKIE, secure)
    return f"{name}={seed}; Path=/; HttpOnly; SameSite=Lax{flags}"
