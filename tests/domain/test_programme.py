from dataclasses import replace
from datetime import date

import pytest

from supplyesg.domain.audits import RiskLevel
from supplyesg.domain.errors import InvalidInputError
from supplyesg.domain.policy import Policy, Reason
from supplyesg.domain.programme import (
    AuditKind,
    DueAudit,
    SupplierAuditState,
    annual_audit_due,
    audit_calendar,
    audit_programme,
    next_audits,
    on_site_audit_due,
    overdue,
    programme_problems,
    supplier_is_told,
)
from supplyesg.domain.programme_scope import Since
from supplyesg.domain.suppliers import SupplierStatus

POLICY = Policy()
JOINED = Since(date(2025, 10, 1), Reason("programme.since.status", "active since 2025-10-01"))


def state(
    code: str = "SUP-1",
    *,
    tier: int = 1,
    key: bool = False,
    status: SupplierStatus = SupplierStatus.ACTIVE,
    risk: RiskLevel = RiskLevel.LOW,
    last: date | None = None,
    on_site: date | None = None,
    since: Since | None = JOINED,
    high_since: Since | None = JOINED,
) -> SupplierAuditState:
    return SupplierAuditState(code, tier, key, status, risk, last, on_site, since, high_since)


@pytest.mark.parametrize(
    ("last", "as_of", "due_on", "late"),
    [
        (date(2025, 3, 10), date(2026, 3, 9), date(2026, 3, 10), False),  # day before
        (date(2025, 3, 10), date(2026, 3, 10), date(2026, 3, 10), False),  # due day
        (date(2025, 3, 10), date(2026, 3, 11), date(2026, 3, 10), True),  # day after
        (date(2024, 2, 29), date(2025, 2, 28), date(2025, 2, 28), False),  # leap day
        (date(2024, 2, 29), date(2025, 3, 1), date(2025, 2, 28), True),
        (date(2023, 2, 28), date(2024, 2, 29), date(2024, 2, 28), True),  # into a leap year
        (date(2025, 12, 31), date(2026, 12, 31), date(2026, 12, 31), False),  # year end
        (date(2025, 1, 31), date(2026, 1, 31), date(2026, 1, 31), False),  # month end
    ],
)
def test_the_annual_audit_falls_due_a_cycle_after_the_last_audit(
    last: date, as_of: date, due_on: date, late: bool
) -> None:
    item = annual_audit_due(state(last=last), POLICY, as_of)
    assert item is not None
    assert (item.kind, item.due_on, item.is_overdue, item.last_done_on) == (
        AuditKind.ANNUAL,
        due_on,
        late,
        last,
    )


@pytest.mark.parametrize(
    ("as_of", "late"),
    [
        (date(2025, 12, 1), False),
        (date(2025, 12, 30), False),  # the due day: 90 days after 2025-10-01
        (date(2025, 12, 31), True),  # the day after
        (date(2026, 5, 4), True),
    ],
)
def test_a_supplier_never_audited_is_due_a_grace_period_after_it_came_into_scope(
    as_of: date, late: bool
) -> None:
    item = annual_audit_due(state(), POLICY, as_of)
    assert item is not None
    assert (item.due_on, item.is_overdue) == (date(2025, 12, 30), late)
    when = "overdue since 2025-12-30" if late else "due by 2025-12-30"
    assert [r.text for r in item.reasons] == [
        "tier 1: audited every 12 months (manual section 3)",
        "no audit on record; in audit scope since 2025-10-01 (active since 2025-10-01), "
        f"first audit within 90 days: {when}",
    ]


def test_the_first_audit_grace_period_is_a_policy_setting() -> None:
    strict = replace(POLICY, first_audit_grace_days=30, high_risk_on_site_grace_days=10)
    supplier = state(risk=RiskLevel.HIGH)
    annual = annual_audit_due(supplier, strict, date(2025, 10, 5))
    on_site = on_site_audit_due(supplier, strict, date(2025, 10, 5))
    assert annual is not None
    assert on_site is not None
    assert (annual.due_on, on_site.due_on) == (date(2025, 10, 31), date(2025, 10, 11))


@pytest.mark.parametrize(
    ("tier", "key", "status", "in_programme"),
    [
        (1, False, SupplierStatus.ACTIVE, True),
        (2, True, SupplierStatus.ACTIVE, True),  # key sub-supplier
        (2, False, SupplierStatus.ACTIVE, False),
        (3, False, SupplierStatus.CONDITIONALLY_ACCEPTED, False),
        (1, False, SupplierStatus.PROSPECTIVE, True),
        (1, False, SupplierStatus.SUSPENDED, True),
        (1, False, SupplierStatus.TERMINATED, False),
    ],
)
def test_only_suppliers_in_audit_scope_and_not_terminated_get_an_annual_audit(
    tier: int, key: bool, status: SupplierStatus, in_programme: bool
) -> None:
    found = annual_audit_due(state(tier=tier, key=key, status=status), POLICY, date(2026, 1, 1))
    assert (found is not None) is in_programme


def test_a_key_sub_supplier_is_named_as_such() -> None:
    item = annual_audit_due(
        state(tier=3, key=True, last=date(2025, 8, 31)), POLICY, date(2026, 1, 1)
    )
    assert item is not None
    assert [r.text for r in item.reasons] == [
        "key sub-supplier (tier 3): audited every 12 months (manual section 3)",
        "last audit ended 2025-08-31: due by 2026-08-31",
    ]


@pytest.mark.parametrize(
    ("as_of", "text", "since"),
    [
        (date(2026, 8, 31), "last audit ended 2025-08-31: due by 2026-08-31", None),
        (
            date(2026, 9, 1),
            "last audit ended 2025-08-31: due by 2026-08-31, overdue since 2026-09-01",
            date(2026, 9, 1),
        ),
        (
            date(2026, 12, 1),
            "last audit ended 2025-08-31: due by 2026-08-31, overdue since 2026-09-01",
            date(2026, 9, 1),
        ),
    ],
)
def test_an_overdue_audit_is_overdue_since_the_day_after_it_was_due(
    as_of: date, text: str, since: date | None
) -> None:
    item = annual_audit_due(state(tier=1, last=date(2025, 8, 31)), POLICY, as_of)
    assert item is not None
    assert (item.reasons[-1].text, item.overdue_since) == (text, since)


@pytest.mark.parametrize(
    ("risk", "on_site", "as_of", "due_on", "late"),
    [
        (RiskLevel.HIGH, date(2023, 4, 30), date(2026, 4, 30), date(2026, 4, 30), False),
        (RiskLevel.HIGH, date(2023, 4, 30), date(2026, 5, 1), date(2026, 4, 30), True),
        (RiskLevel.HIGH, date(2024, 2, 29), date(2027, 2, 28), date(2027, 2, 28), False),
        (RiskLevel.HIGH, date(2024, 2, 29), date(2027, 3, 1), date(2027, 2, 28), True),
        (RiskLevel.HIGH, None, date(2025, 12, 30), date(2025, 12, 30), False),  # never on site
        (RiskLevel.HIGH, None, date(2026, 7, 1), date(2025, 12, 30), True),  # 90 days after
    ],
)
def test_a_high_risk_supplier_needs_an_on_site_audit_every_36_months(
    risk: RiskLevel, on_site: date | None, as_of: date, due_on: date, late: bool
) -> None:
    item = on_site_audit_due(state(risk=risk, on_site=on_site), POLICY, as_of)
    assert item is not None
    assert (item.kind, item.due_on, item.is_overdue) == (AuditKind.ON_SITE, due_on, late)


@pytest.mark.parametrize(
    ("risk", "status"),
    [
        (RiskLevel.LOW, SupplierStatus.ACTIVE),
        (RiskLevel.MEDIUM, SupplierStatus.ACTIVE),
        (RiskLevel.HIGH, SupplierStatus.TERMINATED),
    ],
)
def test_no_on_site_audit_is_called_for_below_high_risk_or_after_termination(
    risk: RiskLevel, status: SupplierStatus
) -> None:
    assert on_site_audit_due(state(risk=risk, status=status), POLICY, date(2026, 1, 1)) is None


def test_a_high_risk_sub_supplier_out_of_scope_still_needs_its_on_site_audit() -> None:
    sub = state(tier=2, risk=RiskLevel.HIGH, on_site=date(2022, 1, 1))
    found = audit_programme([sub], POLICY, 2026, date(2026, 1, 1))
    assert [(i.kind, i.due_on, i.is_overdue) for i in found] == [
        (AuditKind.ON_SITE, date(2025, 1, 1), True)
    ]


def test_a_longer_policy_cycle_moves_the_due_dates() -> None:
    relaxed = replace(POLICY, audit_cycle_months=18, high_risk_on_site_months=24)
    supplier = state(risk=RiskLevel.HIGH, last=date(2025, 1, 31), on_site=date(2024, 8, 31))
    annual = annual_audit_due(supplier, relaxed, date(2026, 1, 1))
    on_site = on_site_audit_due(supplier, relaxed, date(2026, 1, 1))
    assert annual is not None
    assert on_site is not None
    assert (annual.due_on, on_site.due_on) == (date(2026, 7, 31), date(2026, 8, 31))


def test_the_programme_lists_what_is_due_by_the_end_of_the_year() -> None:
    states = [
        state("A", last=date(2025, 12, 31)),  # due 2026-12-31: in
        state("B", last=date(2026, 1, 1)),  # due 2027-01-01: next year
        state("C", last=date(2024, 11, 15)),  # overdue since 2025-11-15: carried over
        state("D", since=Since(date(2025, 12, 1), JOINED.reason)),  # never audited: 2026-03-01
        state("E", risk=RiskLevel.HIGH, last=date(2026, 2, 1), on_site=date(2023, 9, 30)),
        state("F", tier=2),  # out of scope
    ]
    found = audit_programme(states, POLICY, 2026, date(2026, 2, 15))
    assert [(i.supplier_code, i.kind, i.due_on, i.is_overdue) for i in found] == [
        ("C", AuditKind.ANNUAL, date(2025, 11, 15), True),
        ("D", AuditKind.ANNUAL, date(2026, 3, 1), False),
        ("E", AuditKind.ON_SITE, date(2026, 9, 30), False),
        ("A", AuditKind.ANNUAL, date(2026, 12, 31), False),
    ]
    assert [i.supplier_code for i in overdue(found)] == ["C"]


def test_planning_next_year_carries_over_what_is_due_this_year() -> None:
    found = audit_programme([state("D")], POLICY, 2027, date(2026, 11, 20))
    calendar = audit_calendar(found, 2027)
    assert [i.supplier_code for i in calendar.carried_over] == ["D"]
    assert all(not month.audits for month in calendar.months)


@pytest.mark.parametrize(
    ("year", "as_of", "field"),
    [
        (2026, date(2026, 12, 31), None),
        (2026, date(2027, 1, 1), "as_of"),  # the year is over
        (2026, date(2020, 1, 1), None),  # planning ahead
        (1899, date(1899, 1, 1), "year"),
    ],
)
def test_a_programme_is_for_a_year_not_yet_over(year: int, as_of: date, field: str | None) -> None:
    problems = programme_problems(year, as_of)
    assert [p.field for p in problems] == ([field] if field else [])


def test_a_programme_for_a_past_year_is_refused() -> None:
    with pytest.raises(InvalidInputError) as refused:
        audit_programme([], POLICY, 2025, date(2026, 1, 1))
    assert "ask for the programme of 2026" in refused.value.problems[0].reason


def due(code: str, on: date) -> DueAudit:
    return DueAudit(code, AuditKind.ANNUAL, on, False, None, ())


def test_the_calendar_places_each_audit_in_its_month() -> None:
    items = [
        due("OLD", date(2025, 12, 31)),
        due("JAN", date(2026, 1, 1)),
        due("FEB", date(2026, 2, 28)),
        due("FEB2", date(2026, 2, 1)),
        due("DEC", date(2026, 12, 31)),
        due("NEXT", date(2027, 1, 1)),  # not in this year's calendar
    ]
    calendar = audit_calendar(items, 2026)
    assert [i.supplier_code for i in calendar.carried_over] == ["OLD"]
    assert [m.month for m in calendar.months] == list(range(1, 13))
    assert {m.month: [i.supplier_code for i in m.audits] for m in calendar.months if m.audits} == {
        1: ["JAN"],
        2: ["FEB", "FEB2"],
        12: ["DEC"],
    }


def test_the_next_audits_are_found_whatever_the_year_they_fall_in() -> None:
    states = [
        state("B", last=date(2026, 1, 1)),  # due 2027-01-01, beyond this year's programme
        state("E", risk=RiskLevel.HIGH, last=date(2026, 2, 1), on_site=date(2023, 9, 30)),
        state("F", tier=2),  # out of scope
    ]
    found = next_audits(states, POLICY, date(2026, 2, 15))
    assert [(i.supplier_code, i.kind, i.due_on) for i in found] == [
        ("E", AuditKind.ON_SITE, date(2026, 9, 30)),
        ("B", AuditKind.ANNUAL, date(2027, 1, 1)),
        ("E", AuditKind.ANNUAL, date(2027, 2, 1)),
    ]


@pytest.mark.parametrize(("kind", "told"), [(AuditKind.ANNUAL, True), (AuditKind.ON_SITE, False)])
def test_the_supplier_is_told_of_the_annual_audit_not_of_an_on_site_one(
    kind: AuditKind, told: bool
) -> None:
    assert supplier_is_told(kind) is told
