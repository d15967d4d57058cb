from datetime import date

import pytest

from supplyesg.domain.deadlines import days_after, days_late, is_past_due, overdue_since


@pytest.mark.parametrize(
    ("due_on", "first_overdue_day"),
    [
        (date(2026, 5, 15), date(2026, 5, 16)),
        (date(2026, 2, 28), date(2026, 3, 1)),
        (date(2024, 2, 28), date(2024, 2, 29)),
        (date(2026, 12, 31), date(2027, 1, 1)),
    ],
)
def test_overdue_since_is_the_first_day_after_the_due_day(
    due_on: date, first_overdue_day: date
) -> None:
    assert overdue_since(due_on) == first_overdue_day
    assert not is_past_due(due_on, due_on)
    assert is_past_due(due_on, first_overdue_day)


@pytest.mark.parametrize(
    ("done_on", "late", "words"),
    [
        (date(2026, 5, 16), 1, "one day after"),
        (date(2026, 5, 17), 2, "2 days after"),
        (date(2026, 6, 15), 31, "31 days after"),
    ],
)
def test_how_late_in_days_and_words(done_on: date, late: int, words: str) -> None:
    assert days_late(date(2026, 5, 15), done_on) == late
    assert days_after(late) == words


def test_done_on_or_before_the_due_day_is_not_late() -> None:
    assert days_late(date(2026, 5, 15), date(2026, 5, 15)) == 0
    assert days_late(date(2026, 5, 15), date(2026, 5, 1)) == 0
