from datetime import date

import pytest

from supplyesg.domain.edition_history import (
    EditionPeriod,
    StoredAuditResult,
    StoredRating,
    StoredTermination,
    covered_period,
    depending_judgements,
    is_historical,
    rating_changes,
    terminations_to_review,
)
from supplyesg.domain.periods import Quarter
from supplyesg.domain.policy import Policy

SHIPPED = Policy(version="2026-01", effective_from=date(2000, 1, 1))
LATER = Policy(version="2026-07", effective_from=date(2026, 7, 1))
TODAY = date(2026, 12, 8)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2022, 1, 1), EditionPeriod(date(2022, 1, 1), date(2026, 7, 1))),
        (date(1995, 1, 1), EditionPeriod(date(1995, 1, 1), date(2000, 1, 1))),
        (date(2027, 1, 1), EditionPeriod(date(2027, 1, 1), None)),
        (date(2026, 7, 2), EditionPeriod(date(2026, 7, 2), None)),
    ],
)
def test_an_edition_covers_the_days_up_to_the_next_edition(
    start: date, expected: EditionPeriod
) -> None:
    edition = Policy(version="new", effective_from=start)
    assert covered_period(edition, [SHIPPED, LATER]) == expected


@pytest.mark.parametrize(
    ("start", "historical"),
    [
        (date(2027, 1, 1), False),  # after every edition, in the future
        (TODAY, False),  # today, after every edition
        (date(2026, 12, 7), True),  # yesterday
        (date(2022, 1, 1), True),  # between two editions
        (date(1995, 1, 1), True),  # before the first
    ],
)
def test_a_past_start_or_one_before_another_edition_is_historical(
    start: date, historical: bool
) -> None:
    edition = Policy(version="new", effective_from=start)
    assert is_historical(edition, [SHIPPED, LATER], TODAY) is historical


def test_a_future_edition_before_a_scheduled_one_is_historical_for_that_one() -> None:
    scheduled = Policy(version="2027-06", effective_from=date(2027, 6, 1))
    edition = Policy(version="new", effective_from=date(2027, 1, 1))
    assert is_historical(edition, [SHIPPED, scheduled], TODAY) is True


PERIOD = EditionPeriod(date(2022, 1, 1), date(2023, 1, 1))  # covers 2022


def rated(quarter: str, score: int | None = 1, code: str = "S1") -> StoredRating:
    return StoredRating(code, Quarter.parse(quarter), "2026-01", "rated", score)


@pytest.mark.parametrize(
    ("quarter", "depends"),
    [
        ("2021Q4", False),  # ends 2021-12-31, before the period
        ("2022Q1", True),
        ("2022Q4", True),  # ends 2022-12-31, the period's last day
        ("2023Q1", False),  # read by the edition in force on 2023-03-31
    ],
)
def test_a_rating_depends_on_the_edition_of_its_quarters_last_day(
    quarter: str, depends: bool
) -> None:
    found = depending_judgements(PERIOD, [rated(quarter)], [], [], [])
    assert (found.ratings == (rated(quarter),)) is depends
    assert found.is_empty is not depends


@pytest.mark.parametrize(
    ("ended_on", "depends"),
    [(date(2021, 12, 31), False), (date(2022, 1, 1), True), (date(2023, 1, 1), False)],
)
def test_an_audit_result_depends_on_the_edition_of_its_last_day(
    ended_on: date, depends: bool
) -> None:
    audit = StoredAuditResult("AUD-1", "S1", ended_on, "2026-01")
    found = depending_judgements(PERIOD, [], [audit], [], [])
    assert bool(found.audit_results) is depends


@pytest.mark.parametrize(
    ("ended_on", "effective_on", "depends"),
    [
        (date(2021, 6, 1), date(2021, 9, 2), False),  # all before the period
        (date(2021, 11, 1), date(2022, 2, 2), True),  # missed in the period: audit in force?
        (date(2022, 11, 1), date(2023, 2, 2), True),  # deadline set by the period's edition
        (date(2023, 1, 1), date(2023, 4, 2), False),  # after the period
    ],
)
def test_a_termination_depends_on_its_audits_last_day_and_its_first_missed_day(
    ended_on: date, effective_on: date, depends: bool
) -> None:
    termination = StoredTermination("S1", "AUD-1", ended_on, effective_on)
    found = depending_judgements(PERIOD, [], [], [termination], [])
    assert bool(found.terminations) is depends


def test_enforced_days_in_the_period_depend_on_it() -> None:
    days = [date(2021, 12, 31), date(2022, 3, 1), date(2022, 12, 31), date(2023, 1, 1)]
    found = depending_judgements(PERIOD, [], [], [], days)
    assert found.enforced_days == (date(2022, 3, 1), date(2022, 12, 31))


def test_an_open_period_covers_every_later_day() -> None:
    period = EditionPeriod(date(2026, 7, 1))
    found = depending_judgements(period, [rated("2026Q2"), rated("2026Q3")], [], [], [])
    assert [str(r.quarter) for r in found.ratings] == ["2026Q3"]
    assert str(period) == "from 2026-07-01"
    assert str(PERIOD) == "2022-01-01 to 2022-12-31"


def test_the_refusal_lists_ratings_by_quarter_audits_terminations_and_days() -> None:
    found = depending_judgements(
        PERIOD,
        [rated("2022Q1"), rated("2022Q1", code="S2"), rated("2022Q2")],
        [StoredAuditResult("AUD-2022-00001", "S1", date(2022, 2, 1), "2026-01")],
        [StoredTermination("S3", "AUD-2021-00009", date(2021, 11, 1), date(2022, 2, 2))],
        [date(2022, 3, 1)],
    )
    assert [(p.field, p.reason) for p in found.problems()] == [
        ("ratings", "3 stored: 2 in 2022Q1, 1 in 2022Q2"),
        ("audit_results", "1 stored: AUD-2022-00001"),
        (
            "terminations",
            "S3 terminated from 2022-02-02 (plan deadline of AUD-2021-00009, ended 2021-11-01)",
        ),
        ("enforced_days", "plan deadlines enforced as of 1 day, 2022-03-01"),
    ]
    assert [str(q) for q in found.quarters] == ["2022Q1", "2022Q2"]


def test_a_refusal_names_at_most_ten_audits() -> None:
    audits = [
        StoredAuditResult(f"AUD-2022-{n:05d}", "S1", date(2022, 2, 1), "2026-01")
        for n in range(12, 0, -1)
    ]
    [problem] = depending_judgements(PERIOD, [], audits, [], []).problems()
    assert problem.reason == (
        "12 stored: AUD-2022-00001, AUD-2022-00002, AUD-2022-00003, AUD-2022-00004, "
        "AUD-2022-00005, AUD-2022-00006, AUD-2022-00007, AUD-2022-00008, AUD-2022-00009, "
        "AUD-2022-00010 and 2 more"
    )


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ([rated("2022Q1", 1)], [rated("2022Q1", 1)], []),
        ([rated("2022Q1", 1)], [rated("2022Q1", 0)], ["S1 2022Q1: +1 -> 0"]),
        ([rated("2022Q1", 0)], [rated("2022Q1", -1)], ["S1 2022Q1: 0 -> -1"]),
        ([rated("2022Q1", None)], [], ["S1 2022Q1: rated -> none"]),
        ([], [rated("2022Q2", 1)], ["S1 2022Q2: none -> +1"]),
    ],
)
def test_rating_changes_say_before_and_after_per_supplier_and_quarter(
    before: list[StoredRating], after: list[StoredRating], expected: list[str]
) -> None:
    assert [str(c) for c in rating_changes(before, after)] == expected


STORED = StoredTermination("HI", "AUD-1", date(2026, 1, 5), date(2026, 4, 6))


@pytest.mark.parametrize(
    ("due_now", "expected"),
    [
        ({"AUD-1": date(2026, 4, 6)}, []),  # the same day: nothing to review
        (
            {"AUD-1": date(2026, 2, 6)},
            ["HI: terminated from 2026-04-06 (AUD-1), now called for from 2026-02-06"],
        ),
        ({}, ["HI: terminated from 2026-04-06 (AUD-1), no longer called for"]),
        (
            {"AUD-2": date(2026, 4, 6)},
            ["HI: terminated from 2026-04-06 (AUD-1), no longer called for"],
        ),
    ],
)
def test_a_stored_termination_the_editions_now_make_otherwise_is_to_review(
    due_now: dict[str, date], expected: list[str]
) -> None:
    assert [str(r) for r in terminations_to_review([STORED], due_now)] == expected
