"""Reader feedback: a valid answer, the hidden field, and the hourly limit per address."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from supplyesg.domain.errors import InvalidInputError
from supplyesg.domain.feedback import (
    FeedbackLimitError,
    FeedbackPolicy,
    ReaderGroup,
    feedback_answer,
    feedback_problems,
    is_from_a_robot,
    wait_before_next_answer,
)

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
REPORTS = ("hkex", "supply-chain")
YEARS = range(2000, 2101)
FORM = {
    "report": "hkex",
    "year": "2025",
    "clarity": "5",
    "completeness": "1",
    "usefulness": "3",
    "reader_group": "community",
    "comments": "  Thanks.  ",
    "contact": "",
}
POLICY = FeedbackPolicy(max_answers=2, window=timedelta(hours=1))


def minutes_ago(*minutes: int) -> list[datetime]:
    return [NOW - timedelta(minutes=m) for m in minutes]


def test_a_complete_form_is_an_answer_with_its_text_trimmed() -> None:
    answer = feedback_answer(FORM, REPORTS, YEARS)
    assert (answer.report, answer.year) == ("hkex", 2025)
    assert (answer.clarity, answer.completeness, answer.usefulness) == (5, 1, 3)
    assert answer.reader_group is ReaderGroup.COMMUNITY
    assert answer.comments == "Thanks."
    assert answer.contact == ""


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"report": "annual"}, "report", "must be one of hkex, supply-chain"),
        ({"year": "1999"}, "year", "must be a year from 2000 to 2100"),
        ({"year": "２０２５"}, "year", "must be a year from 2000 to 2100"),
        ({"year": ""}, "year", "must be a year from 2000 to 2100"),
        ({"clarity": "6"}, "clarity", "choose one of the five answers"),
        ({"completeness": ""}, "completeness", "choose one of the five answers"),
        ({"usefulness": "0"}, "usefulness", "choose one of the five answers"),
        ({"reader_group": "press"}, "reader_group", "choose the group you belong to"),
        ({"comments": "x" * 2001}, "comments", "at most 2000 characters (this has 2001)"),
        ({"contact": "y" * 201}, "contact", "at most 200 characters (this has 201)"),
    ],
)
def test_each_faulty_field_is_named(changes: dict[str, str], field: str, reason: str) -> None:
    problems = feedback_problems({**FORM, **changes}, REPORTS, YEARS)
    assert [(p.field, p.reason) for p in problems] == [(field, reason)]


def test_the_longest_allowed_texts_pass_and_spaces_around_do_not_count() -> None:
    form = {**FORM, "comments": f"  {'x' * 2000}  ", "contact": "y" * 200}
    assert feedback_problems(form, REPORTS, YEARS) == []


def test_a_faulty_form_is_refused_with_every_problem() -> None:
    with pytest.raises(InvalidInputError) as refused:
        feedback_answer({}, REPORTS, YEARS)
    assert {p.field for p in refused.value.problems} == {
        "report",
        "year",
        "clarity",
        "completeness",
        "usefulness",
        "reader_group",
    }


@pytest.mark.parametrize(("honeypot", "robot"), [("", False), ("  ", False), ("x", True)])
def test_only_a_filled_hidden_field_tells_of_a_robot(honeypot: str, robot: bool) -> None:
    assert is_from_a_robot(honeypot) is robot


@pytest.mark.parametrize(
    ("sent", "wait"),
    [
        ([], None),
        (minutes_ago(10), None),
        (minutes_ago(10, 50), timedelta(minutes=10)),
        (minutes_ago(5, 20, 30), timedelta(minutes=40)),
        (minutes_ago(60, 70), None),  # an hour ago has left the window
        (minutes_ago(0, 59), timedelta(minutes=1)),
    ],
)
def test_the_wait_ends_when_the_oldest_answer_in_the_quota_leaves_the_hour(
    sent: list[datetime], wait: timedelta | None
) -> None:
    assert wait_before_next_answer(sent, NOW, POLICY) == wait


@pytest.mark.parametrize(
    ("wait", "seconds", "minutes"),
    [(timedelta(minutes=10), 600, 10), (timedelta(seconds=61), 61, 2), (timedelta(0), 1, 1)],
)
def test_the_refusal_rounds_the_wait_up(wait: timedelta, seconds: int, minutes: int) -> None:
    error = FeedbackLimitError(wait)
    assert (error.retry_after_seconds, error.retry_after_minutes) == (seconds, minutes)
    assert f"try again in {minutes} minutes" in error.detail
