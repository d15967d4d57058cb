"""Calendar arithmetic of the programme: calendar months and quarters.

Deadlines in the manual are counted in calendar months ("within 6 months", "annual"). A month
after 31 August is the last day of the following month when it has no 31st, so 31 August plus
6 months is 28 February (29 February in a leap year).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from supplyesg.domain.errors import InvalidInputError, Problem

_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass(frozen=True, slots=True, order=True)
class Quarter:
    """A calendar quarter, written 2026Q2."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4 or not 1900 <= self.year <= 9999:
            raise InvalidInputError(
                "Not a quarter.", [Problem("quarter", "must look like 2026Q2", str(self))]
            )

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """The quarter written as 2026Q2 (or 2026-Q2)."""
        found = _QUARTER.fullmatch(text.strip())
        if found is None:
            raise InvalidInputError(
                "Not a quarter.", [Problem("quarter", "must look like 2026Q2", text)]
            )
        return cls(int(found.group(1)), int(found.group(2)))

    @classmethod
    def containing(cls, day: date) -> Quarter:
        """The quarter a day falls in."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def first_day(self) -> date:
        """The quarter's first day."""
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        """The quarter's last day (31 March, 30 June, 30 September or 31 December)."""
        return add_months(self.first_day, 3) - timedelta(days=1)

    def previous(self) -> Quarter:
        """The quarter before this one."""
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def following(self) -> Quarter:
        """The quarter after this one."""
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"
