from datetime import date

import pytest

from planning_builders import DESKTOP, HIGH, LOW, MEDIUM, audit, supplier
from supplyesg.db.session import Database
from supplyesg.domain.audits import RiskLevel
from supplyesg.domain.errors import InvalidInputError, NotFoundError
from supplyesg.domain.risk import DEFAULT_KEY, FactorKind
from supplyesg.services import risk

AS_OF = date(2026, 9, 30)


def levels(db: Database, as_of: date = AS_OF) -> dict[str, tuple[str, str | None, str]]:
    return {
        e.supplier.code: (
            e.row.inherent.level,
            e.latest_audit.risk if e.latest_audit else None,
            e.row.resulting.level,
        )
        for e in risk.risk_register(db, as_of)
    }


def test_the_shipped_tables_give_the_inherent_risk(db: Database) -> None:
    supplier(db, "DE-SOFT")
    supplier(db, "CN-CAST", country="CN", category="Castings")
    supplier(db, "FR-GLASS", country="FR", category="glass")
    supplier(db, "BO-NEW", country="BO", category="quantum widgets")  # listed in neither table
    assert levels(db) == {
        "BO-NEW": ("medium", None, "medium"),
        "CN-CAST": ("high", None, "high"),
        "DE-SOFT": ("low", None, "low"),
        "FR-GLASS": ("medium", None, "medium"),
    }


def test_audits_refine_the_inherent_risk(db: Database) -> None:
    for code in ("ON-SITE", "DESK", "RAISED", "LATER"):
        supplier(db, code, country="CN", category="castings")
    audit(db, "ON-SITE", date(2026, 3, 10), LOW)
    audit(db, "DESK", date(2026, 3, 10), LOW, DESKTOP)
    supplier(db, "LOW-BUT-FOUND", category="software")
    audit(db, "LOW-BUT-FOUND", date(2026, 2, 1), MEDIUM, DESKTOP)
    audit(db, "LATER", date(2026, 10, 1), LOW)  # after the day of the register: not read
    found = levels(db)
    assert found["ON-SITE"] == ("high", "low", "low")  # a current on-site audit replaces
    assert found["DESK"] == ("high", "low", "high")  # a desktop review cannot lower
    assert found["LOW-BUT-FOUND"] == ("low", "medium", "medium")  # but it can raise
    assert found["LATER"] == ("high", None, "high")


def test_an_on_site_audit_stops_replacing_the_estimate_once_expired(db: Database) -> None:
    supplier(db, "S1", country="CN", category="castings")
    audit(db, "S1", date(2025, 9, 30), LOW)
    assert levels(db, date(2026, 9, 30))["S1"] == ("high", "low", "low")  # last day
    assert levels(db, date(2026, 10, 1))["S1"] == ("high", "low", "high")  # the day after


def test_the_register_row_explains_itself(db: Database) -> None:
    supplier(db, "S1", country="CN", category="castings")
    audit(db, "S1", date(2026, 3, 10), HIGH)
    entry = risk.supplier_risk(db, "S1", AS_OF)
    assert entry.latest_audit is not None
    assert (entry.latest_audit.is_on_site, entry.latest_audit.outcome) == (True, "not_accepted")
    assert entry.last_on_site_on == date(2026, 3, 10)
    assert [r.rule for r in entry.row.reasons] == [
        "risk.inherent.country",
        "risk.inherent.category",
        "risk.resulting",
    ]
    assert entry.row.reasons[2].text == (
        "the on-site audit ended 2026-03-10 found high; a current on-site audit replaces the "
        "estimate"
    )


def test_one_supplier_reads_the_same_as_in_the_whole_register(db: Database) -> None:
    supplier(db, "S1", country="CN", category="castings")
    supplier(db, "S2")
    audit(db, "S1", date(2026, 1, 5), MEDIUM, DESKTOP)
    audit(db, "S1", date(2025, 6, 5), LOW)
    whole = {e.supplier.code: e for e in risk.risk_register(db, AS_OF)}
    one = risk.supplier_risk(db, "S1", AS_OF)
    assert one.row == whole["S1"].row
    assert (one.latest_audit, one.last_on_site_on) == (
        whole["S1"].latest_audit,
        whole["S1"].last_on_site_on,
    )
    assert one.last_on_site_on == date(2025, 6, 5)


def test_the_register_can_be_narrowed_to_one_level(db: Database) -> None:
    supplier(db, "HIGH-1", country="CD")
    supplier(db, "LOW-1")
    high = risk.risk_register(db, AS_OF, RiskLevel.HIGH)
    assert [e.supplier.code for e in high] == ["HIGH-1"]
    assert risk.high_risk_codes(risk.risk_register(db, AS_OF)) == ["HIGH-1"]


def test_an_unknown_supplier_has_no_register_row(db: Database) -> None:
    with pytest.raises(NotFoundError):
        risk.supplier_risk(db, "NOPE", AS_OF)


def test_a_saved_entry_overrides_the_shipped_one_until_removed(db: Database) -> None:
    supplier(db, "S1", country="DE", category="software")
    risk.set_factor(db, FactorKind.COUNTRY, "de", RiskLevel.HIGH, " new findings ", "owner")
    entry = risk.supplier_risk(db, "S1", AS_OF)
    assert entry.row.inherent.level is RiskLevel.HIGH
    assert entry.row.inherent.reasons[0].text == "country DE: high: new findings"
    countries = {e.factor.key: e for e in risk.list_factors(db, FactorKind.COUNTRY)}
    assert (countries["DE"].is_shipped, countries["DE"].is_saved) == (True, True)
    assert countries["DE"].changed_by == "owner"
    assert (countries["CN"].is_shipped, countries["CN"].is_saved) == (True, False)
    risk.remove_factor(db, FactorKind.COUNTRY, "DE")
    assert risk.supplier_risk(db, "S1", AS_OF).row.inherent.level is RiskLevel.LOW
    with pytest.raises(NotFoundError):
        risk.remove_factor(db, FactorKind.COUNTRY, "DE")


def test_the_default_level_and_new_categories_can_be_saved(db: Database) -> None:
    supplier(db, "S1", country="DE", category="Quantum Widgets")
    risk.set_factor(db, FactorKind.CATEGORY, "quantum  widgets", RiskLevel.HIGH, "new", "owner")
    assert risk.supplier_risk(db, "S1", AS_OF).row.inherent.level is RiskLevel.HIGH
    risk.set_factor(db, FactorKind.COUNTRY, DEFAULT_KEY, RiskLevel.LOW, "assessed", "owner")
    entries = risk.list_factors(db, FactorKind.COUNTRY)
    assert (entries[0].factor.key, entries[0].factor.level) == (DEFAULT_KEY, RiskLevel.LOW)
    categories = {e.factor.key: e for e in risk.list_factors(db, FactorKind.CATEGORY)}
    assert (categories["quantum widgets"].is_shipped, categories["quantum widgets"].is_saved) == (
        False,
        True,
    )


def test_a_bad_entry_is_refused_with_its_fields(db: Database) -> None:
    with pytest.raises(InvalidInputError) as refused:
        risk.set_factor(db, FactorKind.COUNTRY, "XX", RiskLevel.HIGH, " ", "owner")
    assert [p.field for p in refused.value.problems] == ["key", "rationale"]


def test_every_shipped_entry_has_a_rationale() -> None:
    for kind in FactorKind:
        table = risk.shipped_table(kind)
        assert table.default.rationale
        assert len(table.entries) >= 20
        assert all(f.rationale and f.key == k for k, f in table.entries.items())
