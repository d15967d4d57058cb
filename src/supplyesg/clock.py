"""The one clock of the application: which instant and which business day it is now.

Rules never read the clock: they take the day as a parameter. Services that judge "as of
today" take a `Clock` (the web app holds one in `app.state.clock`, the CLI asks
`supplyesg.cli.console.clock()`), so tests and backfills pass a `FixedClock` instead of
moving the machine's time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol


class Clock(Protocol):
    """Where the current instant and business day come from."""

    def now(self) -> datetime:
        """The current instant, aware, in UTC."""
        ...

    def today(self) -> date:
        """The current business day (UTC)."""
        ...


class SystemClock:
    """The machine's clock."""

    def now(self) -> datetime:
        """The current instant, aware, in UTC."""
        return datetime.now(UTC)

    def today(self) -> date:
        """The current business day (UTC)."""
        return self.now().date()


@dataclass(frozen=True, slots=True)
class FixedClock:
    """A clock that always says the same instant: for tests and for replaying history."""

    instant: datetime

    @classmethod
    def on(cls, day: date) -> FixedClock:
        """A clock standing at noon UTC of a day."""
        return cls(datetime(day.year, day.month, day.day, 12, tzinfo=UTC))

    def now(self) -> datetime:
        """The fixed instant."""
        return self.instant

    def today(self) -> date:
        """The fixed instant's day."""
        return self.instant.date()


SYSTEM_CLOCK: Clock = SystemClock()

_IN_USE: ContextVar[Clock] = ContextVar("supplyesg_clock", default=SYSTEM_CLOCK)


def clock_in_use() -> Clock:
    """The clock of the request or job being served: the app's, else the machine's.

    For what records instants beside the rules, such as the audit trail of a flush; services
    take their clock as a parameter.
    """
    return _IN_USE.get()


@contextmanager
def using(clock: Clock) -> Iterator[Clock]:
    """Make `clock` the one `clock_in_use()` answers while the block runs."""
    token = _IN_USE.set(clock)
    try:
        yield clock
    finally:
        _IN_USE.reset(token)
