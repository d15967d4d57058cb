"""Every error is answered here, and only here: RFC 9457 problem+json for the API, an HTML
page for the web app's pages."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import iter_route_contexts
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from supplyesg.domain.background_jobs import QueueUnavailableError
from supplyesg.domain.errors import (
    ConflictError,
    DomainError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    Problem,
)
from supplyesg.web.security import apply_security_headers
from supplyesg.web.ui.rendering import error_page

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

STATUS_OF: Sequence[tuple[type[DomainError], int]] = (
    (InvalidInputError, 422),
    (NotFoundError, 404),
    (ConflictError, 409),
    (ForbiddenError, 403),
    (QueueUnavailableError, 503),
    (DomainError, 400),
)
"""The HTTP status of each domain error; the first matching class wins."""


def status_of(error: DomainError) -> int:
    """The HTTP status that answers a domain error."""
    return next(status for kind, status in STATUS_OF if isinstance(error, kind))


def problem(status: int, title: str, detail: str, problems: Iterable[Problem] = ()) -> JSONResponse:
    """An application/problem+json response; `errors` says where each problem is."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
    }
    listed = [_problem_json(p) for p in problems]
    if listed:
        body["errors"] = listed
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def is_page_request(request: Request) -> bool:
    """Whether a person's browser asked for a page (not the API or its OpenAPI document)."""
    path = request.url.path
    return not (path.startswith("/api/") or path == "/openapi.json")


def answer(
    request: Request, status: int, title: str, detail: str, problems: Iterable[Problem] = ()
) -> Response:
    """The error as an HTML page for pages, as problem+json for the API."""
    if is_page_request(request):
        return error_page(request, status, title, detail, problems)
    return problem(status, title, detail, problems)


def _problem_json(item: Problem) -> dict[str, Any]:
    shown: dict[str, Any] = {"field": item.field, "reason": item.reason}
    if item.row is not None:
        shown["row"] = item.row
    if item.value is not None:
        shown["value"] = str(item.value)
    return shown


def validation_problems(errors: Sequence[Any], body: Any = None) -> tuple[bool, list[Problem]]:
    """(is the body malformed JSON, the problems) from FastAPI's validation errors (and the
    body they were found in, to say where malformed JSON breaks)."""
    malformed = any(e.get("type") == "json_invalid" for e in errors)
    found = []
    for error in errors:
        if error.get("type") == "json_invalid":
            found.append(Problem("body", _json_reason(error, body)))
            continue
        location = [str(part) for part in error.get("loc", ()) if part not in ("body",)]
        value = error.get("input") if error.get("type") != "missing" else None
        if isinstance(value, dict | list):
            value = None
        found.append(Problem(".".join(location) or "body", str(error.get("msg")), value))
    return malformed, found


def _json_reason(error: dict[str, Any], body: Any) -> str:
    """Where the JSON breaks, as line and column (FastAPI gives the character offset in `loc`)."""
    context = error.get("ctx") or {}
    reason = str(context.get("error") or error.get("msg") or "JSON decode error")
    offsets = [part for part in error.get("loc", ()) if isinstance(part, int)]
    if not offsets:
        return reason
    offset = offsets[0]
    if isinstance(body, bytes | str):
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        before = text[:offset]
        line = before.count("\n") + 1
        column = offset - (before.rfind("\n") + 1) + 1
    else:
        line, column = 1, offset + 1
    return f"{reason} (line {line}, column {column})"


RETRY_AFTER_SECONDS = 2
"""What a client told to come back (503) waits before trying again."""

BUSY_SIGNS = (
    "database is locked",
    "database table is locked",
    "lock timeout",
    "lock not available",
    "deadlock detected",
    "could not serialize access",
)
"""Words of the database errors that mean "busy, try again", on SQLite and PostgreSQL."""


def is_busy(error: OperationalError) -> bool:
    """Whether the database refused the work only because others held its locks."""
    message = str(error.orig if error.orig is not None else error).lower()
    return any(sign in message for sign in BUSY_SIGNS)


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


_PARAMETER = re.compile(r"{[^}]*}")


def _routes_by_method(app: FastAPI, path: str) -> dict[str, int]:
    """For each method, how much literal text (the path without its parameters) the first
    route answering it on `path` has."""
    found: dict[str, int] = {}
    for route in iter_route_contexts(app.routes):
        regex = getattr(route, "path_regex", None)
        methods = route.methods or ()
        if regex is None or not methods or regex.match(path) is None:
            continue
        literal = len(_PARAMETER.sub("", route.path_format or ""))
        for method in methods:
            found.setdefault(method, literal)
    return found


def allowed_methods(app: FastAPI, path: str) -> list[str]:
    """The methods the API answers on `path`.

    Where a literal route (`/values/approve`, `/audits/export.{fmt}`) and a more parameterised
    one (`/values/{value_id}`, `/audits/{reference}`) both match the path, the path is the
    route's with the most literal text: the others' methods are not allowed there (GET
    /values/approve is a 405, not a 422 about `value_id`).
    """
    found = _routes_by_method(app, path)
    if not found:
        return []
    most = max(found.values())
    return sorted(method for method, literal in found.items() if literal == most)


def method_not_allowed(path: str, allowed: Sequence[str]) -> Response:
    """The 405 answer, with the Allow header RFC 9110 asks for."""
    response = problem(
        405,
        "Method not allowed",
        f"{path} answers {', '.join(allowed)} only.",
        [Problem("method", f"must be one of {', '.join(allowed)}")],
    )
    response.headers["Allow"] = ", ".join(allowed)
    return response


class MethodNotAllowedMiddleware:
    """Answer 405 to an API request whose method no route of its path answers, before a
    parameterised route of another path shape takes it (and reports its parameter as invalid)."""

    def __init__(self, app: ASGIApp, api: FastAPI) -> None:
        self.app = app
        self.api = api

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/api/"):
            allowed = allowed_methods(self.api, scope["path"])
            if allowed and scope["method"] not in allowed:
                await method_not_allowed(scope["path"], allowed)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    """Answer every failure with a problem document; never a traceback."""
    app.add_middleware(MethodNotAllowedMiddleware, api=app)

    @app.exception_handler(DomainError)
    async def _domain(request: Request, error: DomainError) -> Response:
        return answer(request, status_of(error), error.title, error.detail, error.problems)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError) -> Response:
        malformed, found = validation_problems(error.errors(), error.body)
        if malformed:
            return problem(400, "Malformed JSON", "The request body is not valid JSON.", found)
        return answer(
            request, 422, "Invalid input", "The request does not match the schema.", found
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> Response:
        title = {404: "Not found", 405: "Method not allowed"}.get(error.status_code, "Error")
        response = answer(request, error.status_code, title, str(error.detail))
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        if error.status_code == 405:
            response.headers["Allow"] = ", ".join(allowed_methods(app, request.url.path))
        return response

    @app.exception_handler(OperationalError)
    async def _database_busy(request: Request, error: OperationalError) -> Response:
        if not is_busy(error):
            return await _unexpected(request, error)
        log.warning("database busy on %s %s: %s", request.method, request.url.path, error.orig)
        response = answer(
            request, 503, "Busy", "The database is busy with other changes; try again shortly."
        )
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        response = answer(
            request, 500, "Internal error", "Something went wrong on our side; it was logged."
        )
        # Starlette answers unexpected errors outside every middleware: set the headers here.
        apply_security_headers(response.headers, request.app.state.settings.secure_cookies)
        return response
