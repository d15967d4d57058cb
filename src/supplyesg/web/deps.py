"""What route handlers receive: the database, the clock and who is acting."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from supplyesg.clock import SYSTEM_CLOCK, Clock, clock_in_use, using
from supplyesg.db.session import Database
from supplyesg.domain.access import Principal


def get_database(request: Request) -> Database:
    """The application's database."""
    database: Database = request.app.state.database
    return database


def get_clock(request: Request) -> Clock:
    """The application's clock: where "now" and "today" come from."""
    clock: Clock = request.app.state.clock
    return clock


def request_today() -> date:
    """The business day of the request being served, by the application's clock."""
    return clock_in_use().today()


class ClockMiddleware:
    """Make the application's clock the one `request_today()` reads while a request is served."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        clock: Clock = scope["app"].state.clock if "app" in scope else SYSTEM_CLOCK
        with using(clock):
            await self.app(scope, receive, send)


def get_current_user(request: Request) -> Principal:
    """Who is logged in (the router-level guard of web/auth.py has authenticated them)."""
    principal: Principal | None = getattr(request.state, "principal", None)
    if principal is None:
        raise HTTPException(401, "Log in, or send an API token.", {"WWW-Authenticate": "Bearer"})
    return principal


def get_actor(request: Request) -> str:
    """Who is acting, as recorded in histories: the user's e-mail (and API token, if used)."""
    return get_current_user(request).actor


ClockDep = Annotated[Clock, Depends(get_clock)]
DatabaseDep = Annotated[Database, Depends(get_database)]
ActorDep = Annotated[str, Depends(get_actor)]
CurrentUserDep = Annotated[Principal, Depends(get_current_user)]
