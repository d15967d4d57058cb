"""The daily jobs inside the web server, for installations without cron
(SUPPLYESG_JOBS_IN_PROCESS=true): once a day at SUPPLYESG_JOBS_HOUR_UTC.

With several server processes (`supplyesg serve --workers N`, or several machines) each one's
scheduler wakes, but only the first to claim the day in the database runs it (services.job_claims).
A second run on the same day would terminate and send nothing twice anyway. A day skipped (the
server was down) is caught up by the next run, which enforces every day since the last one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from supplyesg.clock import Clock, using
from supplyesg.config import Settings
from supplyesg.db.audit_trail import acting_as
from supplyesg.db.session import Database
from supplyesg.services import daily_jobs, job_claims

log = logging.getLogger(__name__)

JOBS_ACTOR = "daily jobs"
DAILY_JOB = "daily"


def seconds_until(hour_utc: int, now: datetime) -> float:
    """Seconds from now to the next time the clock shows the hour (UTC)."""
    target = now.replace(hour=hour_utc % 24, minute=0, second=0, microsecond=0)
    if target <= now:
        target += timedelta(days=1)
    return (target - now).total_seconds()


def run_once(database: Database, settings: Settings, clock: Clock) -> daily_jobs.DailyJobs:
    """One daily run, as `supplyesg jobs daily` does it, on the day the clock says: it enforces
    the plan deadlines of every day since the last one enforced, then reminds."""
    with acting_as(JOBS_ACTOR), using(clock):
        return daily_jobs.run_daily(database, settings, clock.today(), clock, JOBS_ACTOR)


def run_claimed(
    database: Database, settings: Settings, clock: Clock
) -> daily_jobs.DailyJobs | None:
    """The day's run if this process is the first to claim the day; None if another has it."""
    if not job_claims.claim_day(database, DAILY_JOB, clock.today(), clock):
        return None
    return run_once(database, settings, clock)


async def _every_day(app: FastAPI) -> None:
    settings: Settings = app.state.settings
    clock: Clock = app.state.clock
    while True:
        await asyncio.sleep(seconds_until(settings.jobs_hour_utc, clock.now()))
        try:
            run = await run_in_threadpool(run_claimed, app.state.database, settings, clock)
            log.info("daily jobs: %s", run or "another worker has today's run")
        except Exception:
            log.exception("daily jobs failed; they run again tomorrow")


def install_daily_jobs(app: FastAPI) -> None:
    """Run the daily jobs in this process, if the settings ask for it."""
    settings: Settings = app.state.settings
    if not settings.jobs_in_process:
        return
    serve = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(running: FastAPI) -> AsyncIterator[Any]:
        task = asyncio.create_task(_every_day(running))
        try:
            async with serve(running) as state:
                yield state
        finally:
            task.cancel()

    app.router.lifespan_context = lifespan
