from datetime import date

import pytest

from planning_builders import ACTOR, DESKTOP, LOW, MEDIUM, audit, supplier
from supplyesg.db.session import Database
from supplyesg.domain.audits import RiskLevel
from supplyesg.domain.errors import InvalidInputError
from supplyesg.domain.programme import AuditKind
from supplyesg.domain.suppliers import SupplierStatus
from supplyesg.services import audit_programme, suppliers


def lines(programme: audit_programme.AuditProgramme) -> list[tuple[str, str, date, bool]]:
    return [
        (line.supplier_code, line.due.kind, line.due.due_on, line.due.is_overdue)
        for line in programme.lines
    ]


def test_the_programme_lists_annual_and_on_site_audits_due_by_the_year_end(db: Database) -> None:
    supplier(db, "T1-NEVER", since=date(2025, 12, 20))  # first audit due 90 days later
    supplier(db, "T1-DUE", country="CN", category="plastics")
    audit(db, "T1-DUE", date(2025, 11, 30), LOW, DESKTOP)
    supplier(db, "T1-LATE")
    audit(db, "T1-LATE", date(2025, 1, 31), LOW)
    supplier(db, "T1-DONE")
    audit(db, "T1-DONE", date(2026, 1, 15), LOW)  # next due 2027-01-15
    supplier(db, "T2-KEY", tier=2, key=True)
    audit(db, "T2-KEY", date(2025, 6, 30), MEDIUM, DESKTOP)
    supplier(db, "T2-PLAIN", tier=2)  # out of scope, low risk: nothing due
    supplier(db, "T3-HIGH", tier=3, country="CD", since=date(2025, 11, 1))  # on-site: high risk
    supplier(db, "T1-GONE", status=SupplierStatus.TERMINATED)

    programme = audit_programme.programme_of_year(db, 2026, date(2026, 3, 1))

    assert lines(programme) == [
        ("T3-HIGH", "on_site", date(2026, 1, 30), True),
        ("T1-LATE", "annual", date(2026, 1, 31), True),
        ("T1-NEVER", "annual", date(2026, 3, 20), False),
        ("T2-KEY", "annual", date(2026, 6, 30), False),
        ("T1-DUE", "annual", date(2026, 11, 30), False),
    ]
    assert [line.supplier_code for line in programme.overdue] == ["T3-HIGH", "T1-LATE"]
    assert (programme.count(AuditKind.ANNUAL), programme.count(AuditKind.ON_SITE)) == (4, 1)
    assert programme.policy_version == "2026-01"
    high = next(line for line in programme.lines if line.supplier_code == "T3-HIGH")
    assert (high.risk, high.tier, high.country, high.legal_name) == (
        RiskLevel.HIGH,
        3,
        "CD",
        "T3-HIGH Ltd.",
    )
    assert [r.text for r in high.due.reasons] == [
        "high risk: on-site audit at least every 36 months (manual section 7)",
        "no on-site audit on record; high risk since 2025-11-01 (active since 2025-11-01), "
        "first on-site audit within 90 days: overdue since 2026-01-30",
    ]


def due_days(programme: audit_programme.AuditProgramme) -> list[tuple[str, str, date]]:
    return [(line.supplier_code, line.due.kind, line.due.due_on) for line in programme.lines]


def test_a_first_audit_is_due_on_the_same_day_whatever_the_day_one_looks(db: Database) -> None:
    supplier(db, "NEW", since=date(2025, 10, 15))  # never audited
    supplier(db, "RISKY", tier=3, country="CD", since=date(2025, 9, 1))  # high risk, never on site
    early = audit_programme.programme_of_year(db, 2026, date(2025, 11, 1))
    late = audit_programme.programme_of_year(db, 2026, date(2026, 6, 1))
    expected = [("RISKY", "on_site", date(2025, 11, 30)), ("NEW", "annual", date(2026, 1, 13))]
    assert due_days(early) == due_days(late) == expected
    assert [line.supplier_code for line in early.overdue] == []
    assert [line.supplier_code for line in late.overdue] == ["RISKY", "NEW"]
    assert audit_programme.audits_due_of(db, "NEW", date(2025, 11, 1))[0].due_on == date(
        2026, 1, 13
    )


def test_a_supplier_terminated_and_onboarded_again_is_due_from_its_new_start(
    db: Database,
) -> None:
    supplier(db, "BACK", since=date(2024, 1, 10))
    suppliers.change_status(
        db, "BACK", SupplierStatus.TERMINATED, "orders ended", ACTOR, date(2024, 6, 1)
    )
    suppliers.change_status(
        db, "BACK", SupplierStatus.PROSPECTIVE, "onboarding again", ACTOR, date(2025, 11, 3)
    )
    found = audit_programme.programme_of_year(db, 2026, date(2026, 1, 5))
    assert due_days(found) == [("BACK", "annual", date(2026, 2, 1))]


def test_the_calendar_puts_each_due_audit_in_its_month(db: Database) -> None:
    supplier(db, "A")
    audit(db, "A", date(2025, 2, 28), LOW)
    supplier(db, "B")
    audit(db, "B", date(2025, 12, 31), LOW)
    supplier(db, "C")
    audit(db, "C", date(2024, 12, 31), LOW)
    programme = audit_programme.programme_of_year(db, 2026, date(2026, 1, 10))
    assert [line.supplier_code for line in programme.carried_over] == ["C"]
    by_month = {m.month: [line.supplier_code for line in m.lines] for m in programme.months}
    assert by_month[2] == ["A"]
    assert by_month[12] == ["B"]
    assert sum(len(m.lines) for m in programme.months) == 2


def test_a_high_risk_supplier_is_due_on_site_36_months_after_its_last_visit(
    db: Database,
) -> None:
    supplier(db, "S1", tier=2, country="CN", category="castings")
    audit(db, "S1", date(2024, 2, 29), MEDIUM)  # the last visit, on a leap day
    audit(db, "S1", date(2026, 1, 20), MEDIUM, DESKTOP)  # since then, desktop only
    on_the_day = audit_programme.programme_of_year(db, 2027, date(2027, 2, 28))
    day_after = audit_programme.programme_of_year(db, 2027, date(2027, 3, 1))
    assert lines(on_the_day) == [("S1", "on_site", date(2027, 2, 28), False)]
    assert lines(day_after) == [("S1", "on_site", date(2027, 2, 28), True)]


def test_a_current_on_site_audit_that_found_low_risk_takes_the_supplier_off_on_site_duty(
    db: Database,
) -> None:
    supplier(db, "S1", tier=2, country="CN", category="castings")
    audit(db, "S1", date(2026, 2, 1), LOW)
    assert lines(audit_programme.programme_of_year(db, 2026, date(2026, 6, 1))) == []


def test_a_programme_for_a_year_already_over_is_refused(db: Database) -> None:
    with pytest.raises(InvalidInputError) as refused:
        audit_programme.programme_of_year(db, 2025, date(2026, 1, 1))
    assert refused.value.problems[0].field == "as_of"
