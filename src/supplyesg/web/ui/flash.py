"""One-time messages shown on the next page ("Supplier saved."), kept in a short-lived cookie."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from fastapi import Request
from starlette.responses import Response

COOKIE = "supplyesg_flash"
MAX_AGE_SECONDS = 60


@dataclass(frozen=True, slots=True)
class Flash:
    """A message and its kind: 'success', 'info', 'warning' or 'error'."""

    message: str
    kind: str = "success"


def flash(response: Response, message: str, kind: str = "success") -> Response:
    """Show the message on the next page the browser opens."""
    payload = json.dumps([[kind, message]]).encode()
    response.set_cookie(
        COOKIE,
        base64.urlsafe_b64encode(payload).decode(),
        max_age=MAX_AGE_SECONDS,
        httponly=True,
        samesite="lax",
    )
    return response


def waiting(request: Request) -> list[Flash]:
    """The messages waiting to be shown; a damaged cookie shows nothing."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return []
    try:
        items = json.loads(base64.urlsafe_b64decode(raw.encode()))
        return [Flash(str(message), str(kind)) for kind, message in items]
    except (binascii.Error, ValueError, TypeError):
        return []


def forget(request: Request, response: Response) -> None:
    """Drop the messages once a page has shown them."""
    if COOKIE in request.cookies:
        response.delete_cookie(COOKIE, httponly=True, samesite="lax")
