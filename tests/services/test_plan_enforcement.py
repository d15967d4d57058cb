"""The daily enforcement of plan deadlines: every day since the last, once, on a fixed clock."""

from datetime import date

import pytest

from programme_builders import HIGH, audited, supplier
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.errors import DomainError
from supplyesg.services import accounts, plan_enforcement, portal, reminders, suppliers
from supplyesg.services.accounts import NewUser
from supplyesg.services.portal import PortalScope, TerminationNotice

JOB = "daily jobs"
FIRST_MISSED = date(2026, 6, 16)  # the plan after the audit of 2026-03-15 was due 2026-06-15


@pytest.fixture
def at_risk(db: Database) -> Database:
    """HIGH, audited high risk on 2026-03-15 with no plan; a procurement officer, an ESG
    manager and an auditor."""
    supplier(db, "HIGH")
    supplier(db, "FINE")
    audited(db, date(2026, 3, 15), "HIGH", reference="H-1", **HIGH)
    for email, role in (
        ("buyer@example.com", Role.PROCUREMENT),
        ("esg@example.com", Role.ESG_MANAGER),
        ("auditor@example.com", Role.AUDITOR),
    ):
        accounts.create_user(db, NewUser(email, email.split("@")[0], role))
    return db


def enforce(db: Database, day: date) -> plan_enforcement.CatchUp:
    return plan_enforcement.enforce_through(db, day, JOB, FixedClock.on(day))


def inbox_of(db: Database, email: str) -> list[tuple[str, str, date | None]]:
    user = accounts.user_by_email(db, email)
    return [(n.kind, n.title, n.due_on) for n in reminders.inbox(db, user.id)]


def test_the_first_run_starts_at_the_earliest_missed_deadline(at_risk: Database) -> None:
    done = enforce(at_risk, date(2026, 6, 20))
    assert done.days == [date(2026, 6, d) for d in range(16, 21)]
    [termination] = done.terminations
    assert (termination.supplier_code, termination.effective_on) == ("HIGH", FIRST_MISSED)
    [change] = [c for c in suppliers.status_history(at_risk, "HIGH") if c.to_status == "terminated"]
    assert change.effective_on == FIRST_MISSED  # the deadline-missed day, not the day it ran
    assert plan_enforcement.last_enforced_day(at_risk) == date(2026, 6, 20)


def test_a_run_after_downtime_catches_up_day_by_day(at_risk: Database) -> None:
    assert enforce(at_risk, date(2026, 6, 10)).days == [date(2026, 6, 10)]  # nothing missed yet
    done = enforce(at_risk, date(2026, 6, 25))  # the server was down from the 11th
    assert done.days == [date(2026, 6, d) for d in range(11, 26)]
    assert [(t.supplier_code, t.effective_on) for t in done.terminations] == [
        ("HIGH", FIRST_MISSED)
    ]
    assert suppliers.get_supplier(at_risk, "FINE").status == "active"


def test_enforcing_a_day_twice_changes_nothing(at_risk: Database) -> None:
    enforce(at_risk, date(2026, 6, 20))
    history = [(c.id, c.to_status) for c in suppliers.status_history(at_risk, "HIGH")]
    again = enforce(at_risk, date(2026, 6, 20))
    assert (again.days, again.terminations) == ([], [])
    earlier = enforce(at_risk, date(2026, 6, 18))
    assert (earlier.days, earlier.terminations) == ([], [])
    assert [(c.id, c.to_status) for c in suppliers.status_history(at_risk, "HIGH")] == history
    assert len(inbox_of(at_risk, "buyer@example.com")) == 1


def test_procurement_and_the_esg_managers_are_told_once_per_termination(
    at_risk: Database,
) -> None:
    enforce(at_risk, date(2026, 6, 20))
    enforce(at_risk, date(2026, 6, 21))
    told = (
        "termination",
        "Orders terminated: HIGH HIGH Co., Ltd., in effect from 2026-06-16 (high-risk audit H-1 "
        "of 2026-03-15: a plan covering all 2 non-conformities was not accepted by the deadline "
        "of 2026-06-15; orders terminated (manual section 9))",
        FIRST_MISSED,
    )
    assert inbox_of(at_risk, "buyer@example.com") == [told]
    assert inbox_of(at_risk, "esg@example.com") == [told]
    assert inbox_of(at_risk, "auditor@example.com") == []


def test_the_portal_says_from_which_day_and_why_the_orders_were_terminated(
    at_risk: Database,
) -> None:
    enforce(at_risk, date(2026, 6, 20))
    supplier_id = suppliers.get_supplier(at_risk, "HIGH").id
    scope = PortalScope(supplier_id, "HIGH", "HIGH Co., Ltd.")
    assert portal.termination_notice(at_risk, scope, date(2026, 6, 15)) is None
    notice = portal.termination_notice(at_risk, scope, date(2026, 6, 20))
    assert notice == TerminationNotice(
        FIRST_MISSED,
        "high-risk audit H-1 of 2026-03-15: a plan covering all 2 non-conformities was not "
        "accepted by the deadline of 2026-06-15; orders terminated (manual section 9)",
        "H-1",
        date(2026, 6, 15),
    )
    assert portal.deadlines(at_risk, scope, date(2026, 6, 20)).termination == notice


def test_deadlines_are_not_enforced_for_a_day_to_come(at_risk: Database) -> None:
    with pytest.raises(DomainError) as refused:
        plan_enforcement.enforce_through(
            at_risk, date(2026, 6, 21), JOB, FixedClock.on(date(2026, 6, 20))
        )
    assert refused.value.problems[0].field == "day"
