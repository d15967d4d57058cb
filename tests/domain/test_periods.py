from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supplyesg.domain.errors import InvalidInputError
from supplyesg.domain.periods import Quarter, add_months


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 15), 6, date(2026, 7, 15)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 31), 3, date(2027, 3, 31)),
        (date(2026, 3, 31), 3, date(2026, 6, 30)),
        (date(2026, 5, 31), 36, date(2029, 5, 31)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_months_are_calendar_months_clamped_to_the_month_end(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("text", "quarter", "first", "last"),
    [
        ("2026Q1", Quarter(2026, 1), date(2026, 1, 1), date(2026, 3, 31)),
        ("2026q2", Quarter(2026, 2), date(2026, 4, 1), date(2026, 6, 30)),
        ("2026-Q3", Quarter(2026, 3), date(2026, 7, 1), date(2026, 9, 30)),
        (" 2024Q4 ", Quarter(2024, 4), date(2024, 10, 1), date(2024, 12, 31)),
    ],
)
def test_a_quarter_is_parsed_and_knows_its_first_and_last_day(
    text: str, quarter: Quarter, first: date, last: date
) -> None:
    parsed = Quarter.parse(text)
    assert parsed == quarter
    assert (parsed.first_day, parsed.last_day) == (first, last)
    assert Quarter.containing(first) == Quarter.containing(last) == quarter


@pytest.mark.parametrize("text", ["2026Q5", "2026Q0", "26Q1", "2026", "Q2 2026", ""])
def test_a_malformed_quarter_is_refused_on_the_quarter_field(text: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        Quarter.parse(text)
    assert refused.value.problems[0].field == "quarter"


def test_quarters_follow_each_other_across_years() -> None:
    assert str(Quarter(2026, 1).previous()) == "2025Q4"
    assert str(Quarter(2025, 4).following()) == "2026Q1"
    assert Quarter(2025, 4) < Quarter(2026, 1)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2200, 12, 31)))
def test_every_day_lies_inside_its_quarter(day: date) -> None:
    quarter = Quarter.containing(day)
    assert quarter.first_day <= day <= quarter.last_day
    assert quarter.following().first_day == add_months(quarter.first_day, 3)


@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2200, 12, 31)),
    st.integers(min_value=0, max_value=120),
)
def test_adding_months_never_goes_past_the_target_month(day: date, months: int) -> None:
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day <= day.day
