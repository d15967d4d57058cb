"""Claims on scheduled runs: with several web workers (or machines) each running the in-process
scheduler, the first to claim a job's day runs it and the others leave it.

The claim is a row with a unique (job, day): whichever insert commits first wins; the others'
inserts fail on the constraint (PostgreSQL makes them wait for the winner's commit, SQLite's
writers take turns), so exactly one process holds each day whatever the timing.
"""

from __future__ import annotations

import os
import socket
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.models import JobDayClaimRow
from supplyesg.db.session import Database


def this_process() -> str:
    """Who claims: the machine's name and the process id."""
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def claim_day(
    db: Database, job: str, day: date, clock: Clock = SYSTEM_CLOCK, by: str | None = None
) -> bool:
    """Take the job's run on the day; False if another process already has it."""
    try:
        with db.transaction() as session:
            session.add(
                JobDayClaimRow(
                    job=job, day=day, claimed_by=by or this_process(), claimed_at=clock.now()
                )
            )
    except IntegrityError:
        return False
    return True


def claimed_by(db: Database, job: str, day: date) -> str | None:
    """The process that holds the job's day, if any."""
    with db.transaction() as session:
        return session.scalar(
            select(JobDayClaimRow.claimed_by).where(
                JobDayClaimRow.job == job, JobDayClaimRow.day == day
            )
        )
