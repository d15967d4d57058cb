"""When a deadline is passed: the last day to act, the first day overdue, and how late.

A due date is the last day on which the thing may still be done on time (manual section 9
counts "within 6 months" inclusively). So a deadline is overdue from the next day, and every
page, export and API field that says "overdue since" names that first overdue day.
"""

from __future__ import annotations

from datetime import date, timedelta


def is_past_due(due_on: date, as_of: date) -> bool:
    """Whether the deadline had passed on the day: true from the day after the due date."""
    return as_of > due_on


def overdue_since(due_on: date) -> date:
    """The first day on which something due on `due_on` is overdue: the next day."""
    return due_on + timedelta(days=1)


def days_late(due_on: date, done_on: date) -> int:
    """How many days after the due date a thing was done (0 when on time or early)."""
    return max((done_on - due_on).days, 0)


def days_after(count: int) -> str:
    """How late, in words: "one day after", "12 days after"."""
    return "one day after" if count == 1 else f"{count} days after"
