"""The daily run, as `supplyesg jobs daily` and the in-process scheduler run it: first the plan
deadlines are enforced as of every day since the last one enforced (terminations never wait
for a person), then everyone is reminded of their deadlines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.config import Settings
from supplyesg.db.session import Database
from supplyesg.services import plan_enforcement, reminders
from supplyesg.services.plan_enforcement import CatchUp

ACTOR = "daily jobs"


@dataclass(frozen=True, slots=True)
class DailyJobs:
    """What a daily run did: the enforcement of deadlines, then the reminders."""

    enforcement: CatchUp
    reminders: reminders.DailyRun


def run_daily(
    db: Database, settings: Settings, on: date, clock: Clock = SYSTEM_CLOCK, actor: str = ACTOR
) -> DailyJobs:
    """Enforce the plan deadlines up to the day, then send the day's reminders."""
    enforcement = plan_enforcement.enforce_through(db, on, actor, clock)
    return DailyJobs(enforcement, reminders.run_configured(db, settings, on, clock))
