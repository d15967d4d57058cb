from datetime import date

import pytest

from supplyesg.domain.access import Role
from supplyesg.domain.audits import RiskLevel
from supplyesg.domain.enforcement import (
    TERMINATION_AUDIENCE,
    AuditOnRecord,
    audit_in_force,
    days_to_enforce,
    due_terminations,
    earliest_missed_day,
    first_missed_day,
    termination_title,
)
from supplyesg.domain.plans import PlanProgress
from supplyesg.domain.policy import Policy

POLICY = Policy()
NO_PLAN = PlanProgress(2)
COVERED_0615 = PlanProgress(2, date(2026, 6, 15), date(2026, 6, 15))
COVERED_0616 = PlanProgress(2, date(2026, 6, 16), date(2026, 6, 16))


def audit(
    audit_id: int, ended_on: date, risk: RiskLevel, progress: PlanProgress = NO_PLAN
) -> AuditOnRecord:
    return AuditOnRecord(audit_id, f"A-{audit_id}", ended_on, risk, progress)


HIGH_0315 = audit(1, date(2026, 3, 15), RiskLevel.HIGH)  # plan due 2026-06-15


@pytest.mark.parametrize(
    ("record", "day"),
    [
        (HIGH_0315, date(2026, 6, 16)),
        (audit(2, date(2025, 11, 30), RiskLevel.HIGH), date(2026, 3, 1)),  # end of February
        (audit(3, date(2026, 3, 15), RiskLevel.MEDIUM), date(2026, 9, 16)),
        (audit(4, date(2026, 3, 15), RiskLevel.LOW), None),
    ],
)
def test_the_first_missed_day_is_the_day_after_the_deadline(
    record: AuditOnRecord, day: date | None
) -> None:
    assert first_missed_day(record, POLICY) == day


@pytest.mark.parametrize(
    ("day", "in_force"),
    [
        (date(2026, 3, 14), None),
        (date(2026, 3, 15), 1),
        (date(2026, 5, 1), 2),
        (date(2026, 12, 31), 2),
    ],
)
def test_the_audit_in_force_is_the_latest_ended_by_the_day(day: date, in_force: int | None) -> None:
    audits = [HIGH_0315, audit(2, date(2026, 5, 1), RiskLevel.LOW)]
    found = audit_in_force(audits, day, POLICY)
    assert (found.audit_id if found else None) == in_force


@pytest.mark.parametrize(
    ("audits", "as_of", "enforced", "expected"),
    [
        # missed on 2026-06-16, whatever day it is enforced on
        ([HIGH_0315], date(2026, 6, 15), set(), []),
        ([HIGH_0315], date(2026, 6, 16), set(), [(1, date(2026, 6, 16))]),
        ([HIGH_0315], date(2026, 12, 7), set(), [(1, date(2026, 6, 16))]),
        # a later audit before the deadline replaced its judgement; one after it did not
        ([HIGH_0315, audit(2, date(2026, 6, 1), RiskLevel.LOW)], date(2026, 12, 7), set(), []),
        (
            [HIGH_0315, audit(2, date(2026, 7, 1), RiskLevel.LOW)],
            date(2026, 12, 7),
            set(),
            [(1, date(2026, 6, 16))],
        ),
        # a plan covering everything by the deadline keeps the orders; a day late does not
        ([audit(1, date(2026, 3, 15), RiskLevel.HIGH, COVERED_0615)], date(2026, 12, 7), set(), []),
        (
            [audit(1, date(2026, 3, 15), RiskLevel.HIGH, COVERED_0616)],
            date(2026, 12, 7),
            set(),
            [(1, date(2026, 6, 16))],
        ),
        # an audit that terminated the orders once does not again
        ([HIGH_0315], date(2026, 12, 7), {1}, []),
        # two high-risk audits in turn, each missed while in force
        (
            [HIGH_0315, audit(2, date(2026, 7, 1), RiskLevel.HIGH)],
            date(2026, 12, 7),
            set(),
            [(1, date(2026, 6, 16)), (2, date(2026, 10, 2))],
        ),
        ([audit(1, date(2026, 3, 15), RiskLevel.MEDIUM)], date(2026, 12, 7), set(), []),
    ],
)
def test_terminations_take_effect_on_the_first_missed_day(
    audits: list[AuditOnRecord],
    as_of: date,
    enforced: set[int],
    expected: list[tuple[int, date]],
) -> None:
    due = due_terminations(audits, as_of, lambda day: POLICY, enforced)
    assert [(d.audit.audit_id, d.effective_on) for d in due] == expected
    assert all(d.reason.rule == "plan.termination" for d in due)


D = date(2026, 6, 20)


@pytest.mark.parametrize(
    ("last", "earliest", "through", "days"),
    [
        (None, None, D, [D]),  # first run, nothing missed: just today
        (None, date(2026, 6, 18), D, [date(2026, 6, 18), date(2026, 6, 19), D]),
        (None, date(2026, 7, 1), D, [D]),  # the earliest deadline is not missed yet
        (None, date(2020, 1, 1), D, [date(2026, 6, 18), date(2026, 6, 19), D]),  # bounded
        (date(2026, 6, 19), None, D, [D]),  # yesterday was enforced: today only
        (date(2026, 6, 17), date(2020, 1, 1), D, [date(2026, 6, 18), date(2026, 6, 19), D]),
        (D, None, D, []),  # today was enforced already: nothing changes
        (date(2026, 6, 25), None, D, []),  # a later day was enforced: nothing to do
        (date(2026, 1, 1), None, D, [date(2026, 6, 18), date(2026, 6, 19), D]),  # long downtime
    ],
)
def test_a_daily_run_enforces_every_day_since_the_last_one(
    last: date | None, earliest: date | None, through: date, days: list[date]
) -> None:
    assert days_to_enforce(last, earliest, through, most_days=3) == days


@pytest.mark.parametrize(
    ("audits", "enforced", "day"),
    [
        ([], set(), None),
        ([HIGH_0315], set(), date(2026, 6, 16)),
        ([HIGH_0315], {1}, None),  # already terminated the orders
        ([audit(3, date(2026, 3, 15), RiskLevel.MEDIUM)], set(), None),  # no termination
        ([audit(2, date(2026, 5, 1), RiskLevel.HIGH), HIGH_0315], set(), date(2026, 6, 16)),
        ([audit(2, date(2026, 5, 1), RiskLevel.HIGH), HIGH_0315], {1}, date(2026, 8, 2)),
    ],
)
def test_the_earliest_missed_day_is_of_the_first_high_risk_deadline_not_enforced(
    audits: list[AuditOnRecord], enforced: set[int], day: date | None
) -> None:
    assert earliest_missed_day(audits, lambda _: POLICY, enforced) == day


def test_a_termination_title_says_who_from_when_and_why() -> None:
    assert termination_title("S-1 Steel Co.", date(2026, 6, 16), "plan late") == (
        "Orders terminated: S-1 Steel Co., in effect from 2026-06-16 (plan late)"
    )


def test_procurement_and_the_esg_managers_hear_of_terminations() -> None:
    assert {Role.PROCUREMENT, Role.ESG_MANAGER} == TERMINATION_AUDIENCE
