"""Every error is answered here, and only here: RFC 9457 problem+json for the API, an HTML
page for the web app's pages."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from supplyesg.domain.errors import (
    ConflictError,
    DomainError,
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


def validation_problems(errors: Sequence[Any]) -> tuple[bool, list[Problem]]:
    """(is the body malformed JSON, the problems) from FastAPI's validation errors."""
    malformed = any(e.get("type") == "json_invalid" for e in errors)
    found = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body",)]
        value = error.get("input") if error.get("type") != "missing" else None
        if isinstance(value, dict | list):
            value = None
        found.append(Problem(".".join(location) or "body", str(error.get("msg")), value))
    return malformed, found


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


def allowed_methods(app: FastAPI, request: Request) -> list[str]:
    """Every method some route accepts on the request's path (one path may have several routes)."""
    methods: set[str] = set()
    for route in app.router.routes:
        match, _ = route.matches(request.scope)
        if match != Match.NONE:
            methods.update(getattr(route, "methods", None) or ())
    return sorted(methods)


def install_error_handlers(app: FastAPI) -> None:
    """Answer every failure with a problem document; never a traceback."""

    @app.exception_handler(DomainError)
    async def _domain(request: Request, error: DomainError) -> Response:
        return answer(request, status_of(error), error.title, error.detail, error.problems)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError) -> Response:
        malformed, found = validation_problems(error.errors())
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
            response.headers["Allow"] = ", ".join(allowed_methods(app, request))
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
