"""Rules of data collection requests: periods, due dates, what covers a period, states, checks."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supplyesg.domain.access import Role
from supplyesg.domain.organisation import FinancialYear, Granularity, PeriodSlice
from supplyesg.domain.reminders import Deadline, DeadlineKind, named_users
from supplyesg.domain.submissions import ReviewStatus
from supplyesg.domain.submissions_due import (
    MAX_DAYS_AFTER,
    Assignee,
    MetricProgress,
    RequestState,
    StoredStatus,
    assignee_problems,
    calendar,
    days_after_problems,
    due_date,
    expected_metrics,
    is_complete,
    metric_progress,
    period_bounds,
    period_label,
    progress,
    request_problems,
    request_state,
)

CALENDAR_2026 = FinancialYear(date(2026, 1, 1))
APRIL_2025 = FinancialYear(date(2025, 4, 1))  # FY2026, April 2025 to March 2026
S = PeriodSlice.from_key
SUBMITTED, APPROVED, RETURNED = ReviewStatus.SUBMITTED, ReviewStatus.APPROVED, ReviewStatus.RETURNED


@pytest.mark.parametrize(
    ("fy", "key", "start", "end"),
    [
        (CALENDAR_2026, "M02", date(2026, 2, 1), date(2026, 2, 28)),
        (CALENDAR_2026, "Q2", date(2026, 4, 1), date(2026, 6, 30)),
        (CALENDAR_2026, "FY", date(2026, 1, 1), date(2026, 12, 31)),
        (APRIL_2025, "M01", date(2025, 4, 1), date(2025, 4, 30)),
        (APRIL_2025, "M11", date(2026, 2, 1), date(2026, 2, 28)),
        (APRIL_2025, "Q4", date(2026, 1, 1), date(2026, 3, 31)),
    ],
)
def test_a_period_runs_from_its_first_to_its_last_day(
    fy: FinancialYear, key: str, start: date, end: date
) -> None:
    assert period_bounds(fy, S(key)) == (start, end)


@pytest.mark.parametrize(
    ("key", "days", "due"),
    [
        ("M01", 20, date(2026, 2, 20)),
        ("M02", 30, date(2026, 3, 30)),
        ("Q4", 30, date(2027, 1, 30)),
        ("FY", 0, date(2026, 12, 31)),
        ("M12", -5, date(2026, 12, 31)),  # never before the period ends
        ("M01", 999, date(2026, 7, 30)),  # at most half a year after it
    ],
)
def test_the_due_date_is_the_period_end_plus_the_delay_clamped(
    key: str, days: int, due: date
) -> None:
    assert due_date(CALENDAR_2026, S(key), days) == due


@pytest.mark.parametrize(
    ("fy", "key", "label"),
    [
        (CALENDAR_2026, "M03", "FY2026 M03 (March 2026)"),
        (APRIL_2025, "M01", "FY2026 M01 (April 2025)"),
        (CALENDAR_2026, "Q3", "FY2026 Q3"),
        (CALENDAR_2026, "FY", "FY2026"),
    ],
)
def test_a_period_reads_with_its_calendar_month(fy: FinancialYear, key: str, label: str) -> None:
    assert period_label(fy, S(key)) == label


@pytest.mark.parametrize(
    ("in_scope", "reported", "expected"),
    [
        (("a", "b", "c"), {"b", "z"}, ("b",)),
        (("a", "b"), set(), ("a", "b")),  # nothing reported yet: all of the scope
        (("a", "b"), {"z"}, ("a", "b")),
        (("a", "a", "b"), {"a", "b"}, ("a", "b")),
    ],
)
def test_the_expected_metrics_are_the_reporting_profile_within_the_scope(
    in_scope: tuple[str, ...], reported: set[str], expected: tuple[str, ...]
) -> None:
    assert expected_metrics(in_scope, reported) == expected


MONTHS_OF_Q1 = {S("M01"): {SUBMITTED}, S("M02"): {APPROVED}, S("M03"): {SUBMITTED}}


@pytest.mark.parametrize(
    ("asked", "stored", "outcome"),
    [
        ("M03", {}, MetricProgress.MISSING),
        ("M03", {S("M03"): {SUBMITTED}}, MetricProgress.IN),
        ("M03", {S("M03"): {APPROVED}}, MetricProgress.IN),
        ("M03", {S("M02"): {APPROVED}}, MetricProgress.MISSING),
        ("M03", {S("Q1"): {SUBMITTED}}, MetricProgress.IN),  # the quarter covers its months
        ("M03", {S("FY"): {APPROVED}}, MetricProgress.IN),
        ("M03", {S("M03"): {RETURNED}}, MetricProgress.RETURNED),
        ("M03", {S("M03"): {APPROVED, RETURNED}}, MetricProgress.RETURNED),  # one breakdown
        ("Q1", MONTHS_OF_Q1, MetricProgress.IN),
        ("Q1", {S("M01"): {SUBMITTED}, S("M03"): {SUBMITTED}}, MetricProgress.MISSING),
        ("Q1", {**MONTHS_OF_Q1, S("M02"): {RETURNED}}, MetricProgress.RETURNED),
        ("FY", {**{S(f"Q{q}"): {APPROVED} for q in (2, 3, 4)}, **MONTHS_OF_Q1}, MetricProgress.IN),
        ("FY", {S(f"Q{q}"): {APPROVED} for q in (1, 2, 3)}, MetricProgress.MISSING),
        ("FY", {S(f"M{m:02d}"): {SUBMITTED} for m in range(1, 13)}, MetricProgress.IN),
        ("Q2", {S("FY"): {RETURNED}, S("Q2"): {SUBMITTED}}, MetricProgress.RETURNED),
    ],
)
def test_a_period_is_covered_by_its_slice_an_enclosing_one_or_all_its_parts(
    asked: str, stored: dict[PeriodSlice, set[ReviewStatus]], outcome: MetricProgress
) -> None:
    assert metric_progress(S(asked), stored) is outcome


def test_progress_reads_each_expected_metric_from_the_stored_values() -> None:
    stored = [
        StoredStatus("electricity", S("M03"), SUBMITTED),
        StoredStatus("water", S("M03"), RETURNED),
        StoredStatus("unasked", S("M03"), APPROVED),
    ]
    found = progress(S("M03"), ("electricity", "water", "diesel"), stored)
    assert found == {
        "electricity": MetricProgress.IN,
        "water": MetricProgress.RETURNED,
        "diesel": MetricProgress.MISSING,
    }
    assert not is_complete(found)
    assert is_complete({"electricity": MetricProgress.IN})


@pytest.mark.parametrize(
    ("complete", "closed", "today", "state"),
    [
        (False, False, date(2026, 4, 20), RequestState.OPEN),  # due today: not yet missed
        (False, False, date(2026, 4, 21), RequestState.OVERDUE),
        (True, False, date(2026, 4, 21), RequestState.COMPLETE),
        (False, True, date(2026, 4, 21), RequestState.CLOSED),
        (True, True, date(2026, 1, 1), RequestState.CLOSED),
    ],
)
def test_a_request_is_open_until_due_then_overdue_unless_complete_or_closed(
    complete: bool, closed: bool, today: date, state: RequestState
) -> None:
    assert request_state(complete, closed, date(2026, 4, 20), today) is state


@pytest.mark.parametrize(
    ("assignee", "reason"),
    [
        (None, "is not a user"),
        (Assignee(7, Role.ESG_MANAGER, False), "is not an active user"),
        (Assignee(7, Role.VIEWER, True), "may not enter ESG data (their role cannot)"),
        (Assignee(7, Role.SUPPLIER_USER, True), "may not enter ESG data (their role cannot)"),
        (Assignee(7, Role.ESG_MANAGER, True), None),
        (Assignee(7, Role.ADMIN, True), None),
    ],
)
def test_only_an_active_person_who_may_enter_esg_data_is_named(
    assignee: Assignee | None, reason: str | None
) -> None:
    found = assignee_problems(assignee, 7)
    assert [p.reason for p in found] == ([reason] if reason else [])


@pytest.mark.parametrize(
    ("due_on", "note", "fields"),
    [
        (date(2026, 4, 20), "", []),
        (date(2026, 3, 2), "", []),
        (date(2026, 3, 1), "", ["due_on"]),  # the day the period starts
        (date(2025, 12, 31), "x" * 2001, ["due_on", "note"]),
    ],
)
def test_a_request_is_due_after_its_period_starts(
    due_on: date, note: str, fields: list[str]
) -> None:
    found = request_problems(
        CALENDAR_2026, S("M03"), due_on, True, "", ["energy"], None, None, note
    )
    assert [p.field for p in found] == fields


def test_a_request_lists_every_unknown_it_names() -> None:
    found = request_problems(None, S("M03"), date(2026, 4, 1), False, "x", ["energy"], None, 9, "")
    assert [p.field for p in found] == ["entity", "year", "section", "assignee"]


@pytest.mark.parametrize(("days", "ok"), [(-1, False), (0, True), (180, True), (181, False)])
def test_a_calendar_delay_is_zero_to_half_a_year(days: int, ok: bool) -> None:
    assert (days_after_problems(days) == []) is ok


def test_a_monthly_calendar_asks_each_entity_for_twelve_months() -> None:
    entries = calendar(CALENDAR_2026, ["CQ1", "HK1"], Granularity.MONTH, 20)
    assert len(entries) == 24
    assert (entries[1].entity, entries[1].slice.key, entries[1].due_on) == (
        "CQ1",
        "M02",
        date(2026, 3, 20),
    )
    assert calendar(CALENDAR_2026, ["CQ1"], Granularity.YEAR, 30)[0].due_on == date(2027, 1, 30)


@given(
    start_month=st.integers(1, 12),
    key=st.sampled_from(["FY", "Q1", "Q2", "Q3", "Q4", *(f"M{m:02d}" for m in range(1, 13))]),
    days=st.integers(-50, 500),
)
def test_a_due_date_never_falls_inside_or_far_after_its_period(
    start_month: int, key: str, days: int
) -> None:
    fy = FinancialYear(date(2025, start_month, 1))
    start, end = period_bounds(fy, S(key))
    due = due_date(fy, S(key), days)
    assert fy.start <= start <= end <= fy.end
    assert end <= due
    assert (due - end).days <= MAX_DAYS_AFTER
    assert request_problems(fy, S(key), due, True, "", [], None, None, "") == []


@given(
    stored=st.dictionaries(
        st.sampled_from([S("FY"), S("Q1"), S("Q2"), S("M01"), S("M02"), S("M03")]),
        st.sets(st.sampled_from(list(ReviewStatus)), min_size=1),
    )
)
def test_returning_any_value_of_the_period_never_makes_it_in(
    stored: dict[PeriodSlice, set[ReviewStatus]],
) -> None:
    returned = {part: {*statuses, RETURNED} for part, statuses in stored.items()}
    assert metric_progress(S("M02"), returned) is not MetricProgress.IN


def test_a_deadline_names_the_people_it_concerns() -> None:
    deadline = Deadline("esg:1", DeadlineKind.DATA_SUBMISSION, "CQ1", date(2026, 4, 20))
    assert named_users(deadline) == frozenset()
    named = Deadline("esg:1", DeadlineKind.DATA_SUBMISSION, "CQ1", date(2026, 4, 20), user_ids=(4,))
    assert named_users(named) == {4}
