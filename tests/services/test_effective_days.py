"""Judgements "as of a day" read the day a change took effect, never the day it was recorded:
entering a history all at once, later (a backfill), stores what living through it stores."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programme_builders import ACTOR, HIGH, LOW, MEDIUM, SUPPLIER_CONTACT, audited, supplier
from supplyesg.clock import FixedClock
from supplyesg.db.repositories.audits import NcFilter
from supplyesg.db.repositories.ratings import RatingFilter
from supplyesg.db.session import Database
from supplyesg.domain.errors import DomainError
from supplyesg.domain.periods import Quarter
from supplyesg.domain.plans import PlanAction
from supplyesg.domain.suppliers import SupplierStatus
from supplyesg.services import audits, nonconformities, plans, programme_views, rating, suppliers

LATER = FixedClock.on(date(2026, 12, 7))


def test_a_late_enforcement_terminates_from_the_first_missed_day(db: Database) -> None:
    supplier(db, "HIGH")
    audited(db, date(2026, 1, 5), "HIGH", reference="H-1", **HIGH)  # plan due 2026-04-05
    [done] = rating.enforce_plan_deadlines(db, date(2026, 4, 6), ACTOR, clock=LATER)
    assert done.effective_on == date(2026, 4, 6)
    [change, _] = suppliers.status_history(db, "HIGH")
    assert (change.to_status, change.effective_on) == ("terminated", date(2026, 4, 6))
    assert change.changed_at == LATER.now()
    assert audits.get_audit(db, "H-1").termination_effective_on == date(2026, 4, 6)
    rating.rate_quarter(db, Quarter(2026, 1), clock=LATER)
    rating.rate_quarter(db, Quarter(2026, 2), clock=LATER)
    assert _states(db, Quarter(2026, 1))["HIGH"] == ("rated", -1)
    assert _states(db, Quarter(2026, 2))["HIGH"] == ("terminated", None)


def test_enforcing_as_of_a_later_day_finds_a_termination_a_later_audit_did_not_undo(
    db: Database,
) -> None:
    supplier(db, "HIGH")
    audited(db, date(2026, 1, 5), "HIGH", reference="H-1", **HIGH)
    audited(db, date(2026, 5, 1), "HIGH", reference="L-2", **LOW)  # after the deadline
    [done] = rating.enforce_plan_deadlines(db, date(2026, 11, 30), ACTOR, clock=LATER)
    assert (done.audit_reference, done.effective_on) == ("H-1", date(2026, 4, 6))
    assert rating.enforce_plan_deadlines(db, date(2026, 11, 30), ACTOR, clock=LATER) == []


def test_a_status_change_takes_effect_on_the_day_given_and_not_before_the_last(
    db: Database,
) -> None:
    supplier(db, "S")
    suppliers.change_status(
        db, "S", SupplierStatus.SUSPENDED, "audit refused", ACTOR, date(2025, 3, 1), clock=LATER
    )
    [change, registered] = suppliers.status_history(db, "S")
    assert (change.effective_on, registered.effective_on) == (date(2025, 3, 1), date(2024, 1, 1))
    with pytest.raises(DomainError) as refused:
        suppliers.change_status(
            db, "S", SupplierStatus.ACTIVE, "back", ACTOR, date(2025, 2, 1), clock=LATER
        )
    assert refused.value.problems[0].field == "effective_on"


def _states(db: Database, quarter: Quarter) -> dict[str, tuple[str, int | None]]:
    page = rating.list_ratings(db, quarter, RatingFilter(), limit=500)
    return {e.supplier_code: (e.rating.state, e.rating.score) for e in page.items}


# -- the property: a backfill stores what living day by day stores ---------------------------

START, END = date(2025, 1, 1), date(2025, 12, 31)
QUARTERS = [Quarter(2025, n) for n in (1, 2, 3, 4)]
RISKS = {"low": LOW, "medium": MEDIUM, "high": HIGH}
runs = itertools.count()


@dataclass(frozen=True)
class Visit:
    """An audit of one supplier and, perhaps, a plan accepted for all of it some days later."""

    supplier: int
    ended_after: int
    risk: str
    plan_after: int | None


visits = st.builds(
    Visit,
    st.integers(0, 2),
    st.integers(0, 330),
    st.sampled_from(sorted(RISKS)),
    st.none() | st.integers(0, 120),
)


def _events(history: list[Visit]) -> list[tuple[date, str, Visit]]:
    events = []
    for visit in history:
        ended = START + timedelta(visit.ended_after)
        events.append((ended, "audit", visit))
        if visit.plan_after is not None and ended + timedelta(visit.plan_after) <= END:
            events.append((ended + timedelta(visit.plan_after), "plan", visit))
    return sorted(events, key=lambda e: (e[0], e[1] != "audit"))


def _play(db: Database, prefix: str, history: list[Visit], live: bool) -> dict[str, Any]:
    code: Callable[[int], str] = lambda n: f"{prefix}-{n}"  # noqa: E731
    for n in range(3):
        supplier(db, code(n))
    refs = {id(v): f"{prefix}-A{i}" for i, v in enumerate(history)}
    events = _events(history)
    if live:
        day = START
        while day <= END + timedelta(1):
            clock = FixedClock.on(day)
            for _ in _apply(db, [e for e in events if e[0] == day], code, refs):
                pass
            if day.day == 1 and day.month in (1, 4, 7, 10) and day > START:
                rating.rate_quarter(db, Quarter.containing(day - timedelta(1)), clock=clock)
            rating.enforce_plan_deadlines(db, day, ACTOR, clock=clock)
            day += timedelta(1)
    else:
        list(_apply(db, events, code, refs))
        rating.enforce_plan_deadlines(db, END + timedelta(1), ACTOR, clock=LATER)
        for quarter in QUARTERS:
            rating.rate_quarter(db, quarter, clock=LATER)
    return _snapshot(db, prefix, code)


def _apply(db: Database, events: list[tuple[date, str, Visit]], code: Any, refs: Any) -> Any:
    for day, kind, visit in events:
        reference = refs[id(visit)]
        if kind == "audit":
            audited(db, day, code(visit.supplier), reference=reference, **RISKS[visit.risk])
        else:
            _accept_plan(db, reference, day)
        yield day


def _accept_plan(db: Database, reference: str, on: date) -> None:
    audit = audits.get_audit(db, reference)
    items = nonconformities.list_nonconformities(db, NcFilter(audit_id=audit.id), on).items
    actions = [PlanAction(r.row.id, "Fix", "Plant manager", on + timedelta(30)) for r in items]
    try:
        plan = plans.submit_plan(db, reference, actions, SUPPLIER_CONTACT, on)
    except DomainError:  # nothing left open to plan for
        return
    plans.decide_plan(db, plan.id, True, "", ACTOR, on)


def _snapshot(db: Database, prefix: str, code: Callable[[int], str]) -> dict[str, Any]:
    def bare(text: str) -> str:
        return text.replace(f"{prefix}-", "")

    ratings = {
        (str(q), bare(e.supplier_code)): (
            e.rating.state,
            e.rating.score,
            e.rating.risk_level,
            bare(e.audit_reference or ""),
            [bare(r["text"]) for r in e.rating.reasons],
        )
        for q in QUARTERS
        for e in rating.list_ratings(db, q, RatingFilter(), limit=500).items
        if e.supplier_code.startswith(f"{prefix}-")
    }
    history = {
        n: [
            (h.to_status, h.effective_on, bare(h.reason))
            for h in suppliers.status_history(db, code(n))
        ]
        for n in range(3)
    }
    deadlines = sorted(
        (bare(line.supplier_code), line.deadline.state, line.deadline.due_on)
        for line in programme_views.plan_deadlines(db, END)
        if line.supplier_code.startswith(f"{prefix}-")
    )
    return {"ratings": ratings, "status_history": history, "plan_deadlines": deadlines}


@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(history=st.lists(visits, max_size=4))
def test_a_backfill_stores_what_living_through_the_history_day_by_day_stores(
    db: Database, history: list[Visit]
) -> None:
    run = next(runs)
    lived = _play(db, f"L{run}", history, live=True)
    backfilled = _play(db, f"B{run}", history, live=False)
    assert backfilled == lived
