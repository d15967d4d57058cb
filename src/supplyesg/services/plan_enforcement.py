"""The daily enforcement of plan deadlines: every business day since the last one enforced.

Each day is enforced in its own transaction together with the row that marks it done
(`plan_enforcement_day`), so a run that stops half-way resumes at the first day not done, and
a day already done (by this run, an earlier one or another worker) changes nothing. The
terminations themselves take effect on their first missed day (`domain.enforcement`), not on
the day the job ran.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.models import PlanEnforcementDayRow
from supplyesg.db.session import Database
from supplyesg.domain.enforcement import days_to_enforce
from supplyesg.domain.errors import DomainError, Problem
from supplyesg.services import rating
from supplyesg.services.rating import Termination

MOST_DAYS = 366
"""A catch-up enforces at most the last year's days; its first day finds all earlier misses."""


@dataclass(frozen=True, slots=True)
class CatchUp:
    """What a daily enforcement did: the days it enforced and the terminations they found."""

    days: list[date] = field(default_factory=list)
    terminations: list[Termination] = field(default_factory=list)


def last_enforced_day(db: Database) -> date | None:
    """The latest business day as of which the plan deadlines were enforced, if any."""
    with db.transaction() as session:
        return session.scalar(select(func.max(PlanEnforcementDayRow.day)))


def enforce_through(
    db: Database, through: date, actor: str, clock: Clock = SYSTEM_CLOCK
) -> CatchUp:
    """Enforce the plan deadlines as of every day after the last one enforced, up to a day."""
    if through > clock.today():
        raise DomainError(
            "Deadlines are enforced up to today.", [Problem("day", "is in the future", through)]
        )
    with db.transaction() as session:
        last = session.scalar(select(func.max(PlanEnforcementDayRow.day)))
        earliest = None if last is not None else rating.earliest_unenforced_miss(session, through)
    done = CatchUp()
    for day in days_to_enforce(last, earliest, through, MOST_DAYS):
        found = _enforce_day(db, day, actor, clock)
        if found is not None:
            done.days.append(day)
            done.terminations.extend(found)
    return done


def _enforce_day(db: Database, day: date, actor: str, clock: Clock) -> list[Termination] | None:
    """One day's enforcement; None if another run had already enforced that day."""
    at = clock.now()
    try:
        with db.transaction() as session:
            found = rating.enforce_in(session, day, actor, at)
            session.add(
                PlanEnforcementDayRow(
                    day=day, terminations=len(found), enforced_by=actor, enforced_at=at
                )
            )
            session.flush()
    except IntegrityError:
        return None
    return found
