"""The one gate every page and endpoint passes: who is asking, may they, and is it genuine.

`guard_api` and `guard_pages` are router-level dependencies (web/api/__init__.py and
web/ui/__init__.py), so a route added to either router is covered without code of its own.
The permission a route needs comes from `domain.access.required_permission` (its area and
method), unless the handler declares another with `@requires(...)`.

Browsers authenticate with the session cookie; integrations with `Authorization: Bearer`.
Unsafe requests authenticated by cookie must carry the CSRF token; bearer tokens are not sent
by browsers on their own, so they need none.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Annotated, Any, TypeVar
from urllib.parse import quote, urlsplit

import jinja2
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.routing import BaseRoute, Match, Route

from supplyesg.config import Settings
from supplyesg.db.audit_trail import current_actor
from supplyesg.db.session import Database
from supplyesg.domain.access import (
    SAFE_METHODS,
    Action,
    Area,
    Permission,
    Principal,
    hides_refusals,
    required_permission,
)
from supplyesg.services import auth as auth_service
from supplyesg.services.accounts import security_policy
from supplyesg.web import csrf
from supplyesg.web.openapi import PROBLEM_RESPONSES

SESSION_COOKIE = "supplyesg_session"
ANONYMOUS = "anonymous visitor"
PORTAL_HOME = Permission(Area.PORTAL, Action.READ)
BEARER = "bearer"
CSRF_REFUSAL = (
    "The form was not sent from this site, or it has expired. Reload the page and try again."
)
_Handler = TypeVar("_Handler", bound=Callable[..., Any])


def requires(permission: Permission) -> Callable[[_Handler], _Handler]:
    """Declare the permission a route needs when the default (area and method) is not it."""

    def declare(handler: _Handler) -> _Handler:
        handler.required_permission = permission  # type: ignore[attr-defined]
        return handler

    return declare


class RedirectError(Exception):
    """A page request answered by sending the browser elsewhere."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


class LoginRequiredError(RedirectError):
    """A page asked for by someone not logged in: they are sent to the login page."""

    def __init__(self, next_url: str) -> None:
        super().__init__(f"/login?next={quote(next_url, safe='/')}")


def needed_permission(request: Request) -> Permission:
    """The permission the matched route needs: declared on its handler, or by default."""
    declared = getattr(request.scope.get("endpoint"), "required_permission", None)
    if isinstance(declared, Permission):
        return declared
    route_path = getattr(request.scope.get("route"), "path", None)
    return required_permission(requested_path(request), request.method, route_path)


def requested_path(request: Request) -> str:
    """The path asked for, without the prefix the app may be mounted under."""
    root = request.scope.get("root_path", "")
    path: str = request.scope["path"]
    return path.removeprefix(root) if root and path.startswith(root) else path


def permission_for(app: Starlette, url: str, method: str = "GET") -> Permission:
    """The permission the gate asks of a request for `url` (a path, maybe with a query).

    The route the app would match decides, with its declared permission if it has one, so a
    button is shown by the very rule that guards what it leads to.
    """
    path = urlsplit(url).path or "/"
    by_url = required_permission(path, method)  # `/<area>/new` and `.../edit` are form pages
    for prefix, route in _endpoints(app):
        if not path.startswith(prefix):
            continue
        scope = {"type": "http", "path": path.removeprefix(prefix) or "/", "method": method.upper()}
        match, _ = route.matches(scope)
        if match is Match.FULL:
            declared = getattr(route.endpoint, "required_permission", None)
            if isinstance(declared, Permission):
                return declared
            return _stricter(required_permission(path, method, prefix + route.path), by_url)
    return by_url


def _stricter(first: Permission, second: Permission) -> Permission:
    return second if second.action is Action.WRITE else first


def _endpoints(app: Starlette) -> list[tuple[str, Route]]:
    """The app's routes with an endpoint and the prefix they are mounted under, in matching
    order (included routers flattened)."""
    cached: list[tuple[str, Route]] | None = getattr(app.state, "endpoints", None)
    if cached is None:
        cached = app.state.endpoints = list(_flatten("", app.router.routes))
    return cached


def _flatten(prefix: str, routes: Sequence[BaseRoute]) -> Iterator[tuple[str, Route]]:
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            context = getattr(route, "include_context", None)
            yield from _flatten(prefix + getattr(context, "prefix", ""), included.routes)
        elif isinstance(route, Route):
            yield prefix, route


def principal_may(request: Request, url: str, method: str = "GET") -> bool:
    """Whether the signed-in user would pass the gate with a `method` request for `url`."""
    principal: Principal | None = getattr(request.state, "principal", None)
    return principal is not None and principal.may(permission_for(request.app, url, method))


@jinja2.pass_context
def may_open(context: Mapping[str, Any], url: str) -> bool:
    """For templates: whether the signed-in user may open a page (menus hide the others)."""
    return principal_may(context["request"], url, "GET")


@jinja2.pass_context
def may_send(context: Mapping[str, Any], url: str, method: str = "POST") -> bool:
    """For templates: whether the signed-in user may send a form to `url` (buttons hide else)."""
    return principal_may(context["request"], url, method)


def bearer_secret(request: Request) -> str | None:
    """The API token of an `Authorization: Bearer` header, if any."""
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    return secret.strip() or None if scheme.lower() == BEARER else None


async def authenticate(request: Request) -> Principal | None:
    """Who is asking (cached on the request); None for a visitor or a bad credential."""
    if hasattr(request.state, "principal"):
        found: Principal | None = request.state.principal
        return found
    database: Database = request.app.state.database
    settings: Settings = request.app.state.settings
    principal = None
    secret = bearer_secret(request)
    if secret is not None:
        principal = await run_in_threadpool(auth_service.token_principal, database, secret)
        request.state.via_bearer = principal is not None
    elif cookie := request.cookies.get(session_cookie_name(settings)):
        policy = security_policy(settings)
        principal = await run_in_threadpool(
            auth_service.session_principal, database, cookie, policy
        )
        if principal is not None:
            csrf.use_seed(request, cookie)
    request.state.principal = principal
    request.state.user = principal
    current_actor.set(principal.actor if principal is not None else ANONYMOUS)
    return principal


async def _check(request: Request, *, pages: bool) -> None:
    needed = needed_permission(request)
    principal = await authenticate(request)
    if needed.area is Area.PUBLIC:
        if _needs_csrf(request) and not await csrf.is_genuine(request):
            raise HTTPException(403, CSRF_REFUSAL)
        return
    if principal is None:
        if pages and bearer_secret(request) is None:
            raise LoginRequiredError(_next_url(request))
        raise HTTPException(401, "Log in, or send an API token.", {"WWW-Authenticate": "Bearer"})
    if not principal.may(needed):
        if pages and requested_path(request) == "/" and principal.may(PORTAL_HOME):
            raise RedirectError("/portal")  # the staff home page: to the supplier user's
        if hides_refusals(principal.role):
            raise HTTPException(404, "Not found.")
        raise HTTPException(403, f"Your role may not do this (it needs {needed}).")
    if _needs_csrf(request) and not await csrf.is_genuine(request):
        raise HTTPException(403, CSRF_REFUSAL)


def _needs_csrf(request: Request) -> bool:
    """Unsafe requests need the token, unless a bearer token (never sent by itself) vouches."""
    return request.method not in SAFE_METHODS and not getattr(request.state, "via_bearer", False)


_bearer_scheme = HTTPBearer(
    auto_error=False, description="An API token, issued by an administrator: `sesg_...`"
)


async def guard_api(
    request: Request,
    _token: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer_scheme)],
) -> None:
    """The gate of every API endpoint: 401, 403 (404 for supplier users) or pass."""
    await _check(request, pages=False)


AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {
        "description": "No valid API token or login session",
        "content": PROBLEM_RESPONSES[404]["content"],
    },
    403: {
        "description": "The role or token may not do this, or the CSRF token is missing",
        "content": PROBLEM_RESPONSES[404]["content"],
    },
}
"""What the gate may answer, for the OpenAPI document."""


async def guard_pages(request: Request) -> None:
    """The gate of every page: visitors are sent to log in; otherwise as the API."""
    await _check(request, pages=True)


def _next_url(request: Request) -> str:
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{request.url.path}{query}"


def safe_next(next_url: str | None) -> str:
    """Where to go after logging in: only a path on this site (never another site)."""
    if not next_url or not next_url.startswith("/") or next_url.startswith(("//", "/\\")):
        return "/"
    return next_url


def session_cookie_name(settings: Settings) -> str:
    """The login session cookie's name (with the `__Host-` prefix behind HTTPS)."""
    return csrf.cookie_name(SESSION_COOKIE, settings.secure_cookies)


def session_secret(request: Request) -> str | None:
    """The login session secret the browser sent, if any."""
    return request.cookies.get(session_cookie_name(request.app.state.settings))


def set_session_cookie(response: Response, secret: str, settings: Settings) -> None:
    """Hand the browser its login session cookie (JavaScript cannot read it)."""
    response.set_cookie(
        session_cookie_name(settings),
        secret,
        max_age=settings.session_hours * 3600,
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
        path="/",
    )
    response.delete_cookie(
        csrf.cookie_name(csrf.ANONYMOUS_COOKIE, settings.secure_cookies),
        secure=settings.secure_cookies,
        path="/",
    )


def clear_session_cookie(response: Response, settings: Settings) -> None:
    """Forget the login session in the browser."""
    response.delete_cookie(
        session_cookie_name(settings),
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
        path="/",
    )


LOGS_WITH_PATHS = ("uvicorn.access", "supplyesg.web.errors")
"""Loggers that write request paths, which may hold a reset link's secret."""


class RedactSecrets(logging.Filter):
    """Keeps reset links and tokens out of the server's access log."""

    PATTERN = re.compile(r"(/password-reset/)[^\s\"?]+|((?:token|key)=)[^\s&\"]+")

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's arguments with secrets masked."""
        if isinstance(record.args, tuple):
            record.args = tuple(
                self.PATTERN.sub(_mask, arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True


def _mask(match: re.Match[str]) -> str:
    return f"{match.group(1) or match.group(2)}[redacted]"


def install_auth(app: FastAPI) -> None:
    """Send visitors to the login page, hand them their CSRF cookie, keep secrets out of logs."""
    settings: Settings = app.state.settings

    @app.exception_handler(RedirectError)
    async def _redirect(request: Request, error: RedirectError) -> Response:
        if request.headers.get("HX-Request") == "true":
            status = 401 if isinstance(error, LoginRequiredError) else 200
            return Response(status_code=status, headers={"HX-Redirect": error.location})
        return RedirectResponse(error.location, status_code=303)

    app.add_middleware(csrf.VisitorCookieMiddleware, secure=settings.secure_cookies)
    for name in LOGS_WITH_PATHS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())
