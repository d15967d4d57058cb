"""What route handlers receive: the database, the clock and who is acting."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from supplyesg.clock import SYSTEM_CLOCK, Clock, clock_in_use, using
from supplyesg.db.session import Database
from supplyesg.domain.access import Principal
from supplyesg.domain.four_eyes import Person
from supplyesg.worker.engine import JobQueue


def get_database(request: Request) -> Database:
    """The application's database."""
    database: Database = request.app.state.database
    return database


def get_clock(request: Request) -> Clock:
    """The application's clock: where "now" and "today" come from."""
    clock: Clock = request.app.state.clock
    return clock


def get_job_queue(request: Request) -> JobQueue:
    """The background job queue the settings name, made on first use (so an application
    that never queues a job opens no queue store)."""
    state = request.app.state
    queue: JobQueue | None = getattr(state, "job_queue", None)
    if queue is None:
        queue = state.job_queue = JobQueue.configured(state.settings, state.database, state.clock)
    return queue


def public_url(request: Request) -> str:
    """The address the app is reached at (reports link readers to its feedback form with it)."""
    return str(request.app.state.settings.public_url)


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


def get_person(request: Request) -> Person:
    """Who is acting, for four eyes: the label histories show and the account behind it, so
    the same person is recognised through a browser session and through an API token."""
    user = get_current_user(request)
    return Person(user.actor, user.user_id)


ClockDep = Annotated[Clock, Depends(get_clock)]
DatabaseDep = Annotated[Database, Depends(get_database)]
ActorDep = Annotated[str, Depends(get_actor)]
JobQueueDep = Annotated[JobQueue, Depends(get_job_queue)]
PersonDep = Annotated[Person, Depends(get_person)]
CurrentUserDep = Annotated[Principal, Depends(get_current_user)]
