from datetime import UTC, date, datetime

import pytest

from supplyesg.domain.audits import RiskLevel
from supplyesg.domain.policy import Policy
from supplyesg.domain.programme import SupplierAuditState, annual_audit_due, on_site_audit_due
from supplyesg.domain.programme_scope import (
    SupplierHistory,
    high_risk_since,
    in_annual_scope_since,
    stay_started,
)
from supplyesg.domain.risk import LatestAudit
from supplyesg.domain.supplier_kpis import StatusChange
from supplyesg.domain.suppliers import SupplierStatus

ACTIVE = SupplierStatus.ACTIVE
PROSPECTIVE = SupplierStatus.PROSPECTIVE
SUSPENDED = SupplierStatus.SUSPENDED
TERMINATED = SupplierStatus.TERMINATED
HIGH, MEDIUM, LOW = RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW
RECORDED_ON = date(2026, 1, 5)


def change(day: date, status: SupplierStatus, recorded: date = RECORDED_ON) -> StatusChange:
    return StatusChange(
        day, status, datetime(recorded.year, recorded.month, recorded.day, tzinfo=UTC)
    )


def history(*changes: StatusChange, started: date | None = None) -> SupplierHistory:
    return SupplierHistory(changes, started, RECORDED_ON)


@pytest.mark.parametrize(
    ("facts", "since", "rule"),
    [
        # status changed to active on a day: in the programme from that day
        (history(change(date(2025, 3, 1), ACTIVE)), date(2025, 3, 1), "programme.since.status"),
        # a prospective supplier is in the programme from its first day; becoming active
        # (or being suspended) later does not restart it
        (
            history(
                change(date(2025, 1, 10), PROSPECTIVE),
                change(date(2025, 3, 1), ACTIVE),
                change(date(2025, 9, 1), SUSPENDED),
            ),
            date(2025, 1, 10),
            "programme.since.status",
        ),
        # terminated, then onboarded again: the new stay counts
        (
            history(
                change(date(2019, 5, 1), ACTIVE),
                change(date(2023, 6, 30), TERMINATED),
                change(date(2025, 6, 1), PROSPECTIVE),
                change(date(2025, 7, 1), ACTIVE),
            ),
            date(2025, 6, 1),
            "programme.since.status",
        ),
        # backfilled history: recorded in 2026, in effect from 2021; the effective day counts
        (
            history(
                change(date(2021, 4, 1), ACTIVE, recorded=date(2026, 2, 1)),
                change(date(2026, 1, 5), ACTIVE, recorded=date(2026, 1, 5)),
            ),
            date(2021, 4, 1),
            "programme.since.status",
        ),
        # no status history: the relationship start, else the day it was recorded
        (history(started=date(2018, 2, 1)), date(2018, 2, 1), "programme.since.relationship"),
        (history(), RECORDED_ON, "programme.since.recorded"),
    ],
)
def test_a_supplier_is_in_the_programme_from_the_first_day_of_its_current_stay(
    facts: SupplierHistory, since: date, rule: str
) -> None:
    found = stay_started(facts)
    assert found is not None
    assert (found.day, found.reason.rule) == (since, rule)


def test_a_terminated_supplier_is_in_no_stay() -> None:
    facts = history(change(date(2024, 1, 1), ACTIVE), change(date(2025, 1, 1), TERMINATED))
    assert stay_started(facts) is None
    assert in_annual_scope_since(facts, 1, False) is None


def test_a_supplier_without_history_says_which_day_stands_in() -> None:
    found = stay_started(history())
    assert found is not None
    assert found.reason.text == (
        "no status history: recorded in the system on 2026-01-05, which stands in"
    )


@pytest.mark.parametrize(
    ("tier", "key", "in_scope"),
    [(1, False, True), (2, True, True), (3, True, True), (2, False, False), (4, False, False)],
)
def test_only_first_tier_and_key_sub_suppliers_are_in_the_annual_scope(
    tier: int, key: bool, in_scope: bool
) -> None:
    found = in_annual_scope_since(history(change(date(2025, 3, 1), ACTIVE)), tier, key)
    assert (found.day if found else None) == (date(2025, 3, 1) if in_scope else None)


def audit_found(level: RiskLevel, ended_on: date) -> LatestAudit:
    return LatestAudit(ended_on, level, False, "AUD-1")


@pytest.mark.parametrize(
    ("resulting", "inherent", "audit", "since"),
    [
        (LOW, LOW, None, None),
        (MEDIUM, MEDIUM, audit_found(MEDIUM, date(2025, 8, 1)), None),
        # high by country or category: high since the stay started
        (HIGH, HIGH, None, date(2025, 3, 1)),
        (HIGH, HIGH, audit_found(HIGH, date(2025, 8, 1)), date(2025, 3, 1)),
        # became high risk on the day a (remote) audit ended that found high risk
        (HIGH, LOW, audit_found(HIGH, date(2025, 8, 1)), date(2025, 8, 1)),
        # an audit from before the current stay: the stay's start
        (HIGH, MEDIUM, audit_found(HIGH, date(2024, 8, 1)), date(2025, 3, 1)),
    ],
)
def test_a_supplier_is_high_risk_since_the_day_the_fact_that_makes_it_so_took_effect(
    resulting: RiskLevel, inherent: RiskLevel, audit: LatestAudit | None, since: date | None
) -> None:
    facts = history(change(date(2025, 3, 1), ACTIVE))
    found = high_risk_since(facts, resulting, inherent, audit)
    assert (found.day if found else None) == since


POLICY = Policy()


def programme_state(facts: SupplierHistory, audit: LatestAudit | None) -> SupplierAuditState:
    inherent = LOW
    resulting = HIGH if audit is not None and audit.risk is HIGH else inherent
    return SupplierAuditState(
        "SUP-1",
        1,
        False,
        ACTIVE,
        resulting,
        audit.ended_on if audit else None,
        None,
        in_annual_scope_since(facts, 1, False),
        high_risk_since(facts, resulting, inherent, audit),
    )


@pytest.mark.parametrize(
    ("facts", "audit", "annual_due", "on_site_due"),
    [
        # never audited, active since 2025-03-01: first audit 90 days later
        (history(change(date(2025, 3, 1), ACTIVE)), None, date(2025, 5, 30), None),
        # audited (remote, high risk) on 2025-08-01: annual a cycle later, on-site 90 days later
        (
            history(change(date(2025, 3, 1), ACTIVE)),
            audit_found(HIGH, date(2025, 8, 1)),
            date(2026, 8, 1),
            date(2025, 10, 30),
        ),
        # imported without history: counted from the day it was recorded
        (history(), None, date(2026, 4, 5), None),
        # backfilled: the effective day decides, not the day it was entered
        (
            history(change(date(2021, 4, 1), ACTIVE, recorded=date(2026, 2, 1))),
            None,
            date(2021, 6, 30),
            None,
        ),
    ],
)
@pytest.mark.parametrize("as_of", [date(2026, 2, 1), date(2026, 11, 30)])
def test_due_days_follow_from_the_history_whatever_the_day_one_looks(
    facts: SupplierHistory,
    audit: LatestAudit | None,
    annual_due: date,
    on_site_due: date | None,
    as_of: date,
) -> None:
    state = programme_state(facts, audit)
    annual = annual_audit_due(state, POLICY, as_of)
    on_site = on_site_audit_due(state, POLICY, as_of)
    assert annual is not None
    assert (annual.due_on, annual.is_overdue) == (annual_due, as_of > annual_due)
    assert (on_site.due_on if on_site else None) == on_site_due
    assert annual.due_on != as_of
