from datetime import date

import pytest

from supplyesg.domain.audits import RiskLevel
from supplyesg.domain.policy import Policy
from supplyesg.domain.risk import (
    FactorKind,
    InherentRiskTables,
    LatestAudit,
    RiskFactor,
    RiskTable,
    SupplierRiskFacts,
    assess,
    factor_problems,
    higher,
    inherent_risk,
    normalized_key,
)

LOW, MEDIUM, HIGH = RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH
POLICY = Policy()

COUNTRIES = RiskTable(
    FactorKind.COUNTRY,
    RiskFactor("*", MEDIUM, "unknown country"),
    {
        "DE": RiskFactor("DE", LOW, "strong enforcement"),
        "CN": RiskFactor("CN", MEDIUM, "uneven enforcement"),
        "CD": RiskFactor("CD", HIGH, "artisanal mining"),
    },
)
CATEGORIES = RiskTable(
    FactorKind.CATEGORY,
    RiskFactor("*", LOW, "unknown category"),
    {
        "castings": RiskFactor("castings", HIGH, "foundry emissions"),
        "software": RiskFactor("software", LOW, "office work"),
    },
)
TABLES = InherentRiskTables(COUNTRIES, CATEGORIES)


@pytest.mark.parametrize(
    ("first", "second", "result"),
    [(LOW, LOW, LOW), (LOW, MEDIUM, MEDIUM), (HIGH, MEDIUM, HIGH), (MEDIUM, HIGH, HIGH)],
)
def test_higher_takes_the_worse_level(
    first: RiskLevel, second: RiskLevel, result: RiskLevel
) -> None:
    assert higher(first, second) is result


@pytest.mark.parametrize(
    ("country", "category", "level"),
    [
        ("DE", "software", LOW),
        ("DE", "castings", HIGH),  # the category decides
        ("CD", "software", HIGH),  # the country decides
        ("CN", "software", MEDIUM),
        ("FR", "software", MEDIUM),  # unlisted country: the default
        ("DE", "plastics", LOW),  # unlisted category: the default
        ("DE", "  CASTINGS ", HIGH),  # categories match without regard to case or spacing
    ],
)
def test_inherent_risk_is_the_worse_of_country_and_category(
    country: str, category: str, level: RiskLevel
) -> None:
    assert inherent_risk(country, category, COUNTRIES, CATEGORIES).level is level


def test_inherent_risk_explains_each_table_it_read() -> None:
    found = inherent_risk("FR", "castings", COUNTRIES, CATEGORIES)
    assert [(r.rule, r.text) for r in found.reasons] == [
        ("risk.inherent.country", "country FR: medium (not listed: the default): unknown country"),
        ("risk.inherent.category", "category castings: high: foundry emissions"),
    ]


def facts(country: str, category: str, audit: LatestAudit | None) -> SupplierRiskFacts:
    return SupplierRiskFacts("SUP-1", country, category, audit)


AS_OF = date(2026, 6, 30)


@pytest.mark.parametrize(
    ("country", "category", "audit", "resulting"),
    [
        # no audit: the inherent risk stands
        ("DE", "software", None, LOW),
        ("CD", "software", None, HIGH),
        # a current on-site audit replaces the estimate, both ways
        ("CD", "software", LatestAudit(date(2025, 7, 1), LOW, True), LOW),
        ("DE", "software", LatestAudit(date(2025, 7, 1), HIGH, True), HIGH),
        # the last day of the cycle (ended 2025-06-30 + 12 months) it is still current
        ("CD", "software", LatestAudit(date(2025, 6, 30), LOW, True), LOW),
        # the day after, it has expired and can only raise the risk
        ("CD", "software", LatestAudit(date(2025, 6, 29), LOW, True), HIGH),
        ("DE", "software", LatestAudit(date(2024, 1, 1), MEDIUM, True), MEDIUM),
        # a remote audit never lowers the inherent risk, but can raise it
        ("CD", "software", LatestAudit(date(2026, 6, 1), LOW, False), HIGH),
        ("DE", "software", LatestAudit(date(2026, 6, 1), MEDIUM, False), MEDIUM),
        ("CN", "software", LatestAudit(date(2026, 6, 1), LOW, False), MEDIUM),
    ],
)
def test_resulting_risk_combines_inherent_risk_and_the_latest_audit(
    country: str, category: str, audit: LatestAudit | None, resulting: RiskLevel
) -> None:
    row = assess(facts(country, category, audit), TABLES, AS_OF, POLICY)
    assert row.resulting.level is resulting


def test_a_leap_day_audit_stays_current_until_the_end_of_february() -> None:
    audit = LatestAudit(date(2024, 2, 29), LOW, True)
    on_last_day = assess(facts("CD", "software", audit), TABLES, date(2025, 2, 28), POLICY)
    day_after = assess(facts("CD", "software", audit), TABLES, date(2025, 3, 1), POLICY)
    assert (on_last_day.resulting.level, day_after.resulting.level) == (LOW, HIGH)


def test_the_register_row_says_why() -> None:
    audit = LatestAudit(date(2026, 1, 15), LOW, False)
    row = assess(facts("CD", "castings", audit), TABLES, AS_OF, POLICY)
    assert row.inherent.level is HIGH
    assert row.latest_audit == audit
    assert [r.text for r in row.reasons] == [
        "country CD: high: artisanal mining",
        "category castings: high: foundry emissions",
        "the remote audit ended 2026-01-15 found low; that audit is not on-site, "
        "so the higher of it and the inherent high: high",
    ]


def test_a_current_on_site_audit_says_it_replaced_the_estimate() -> None:
    audit = LatestAudit(date(2026, 1, 15), LOW, True)
    row = assess(facts("CD", "castings", audit), TABLES, AS_OF, POLICY)
    assert row.resulting.reasons[0].text == (
        "the on-site audit ended 2026-01-15 found low; "
        "a current on-site audit replaces the estimate"
    )


@pytest.mark.parametrize(
    ("kind", "key", "rationale", "fields"),
    [
        (FactorKind.COUNTRY, "CN", "uneven enforcement", []),
        (FactorKind.COUNTRY, "XX", "not a country", ["key"]),
        (FactorKind.COUNTRY, "*", "anything not listed", []),
        (FactorKind.CATEGORY, "*", "anything not listed", []),
        (FactorKind.COUNTRY, "CHN", "uneven enforcement", ["key"]),
        (FactorKind.CATEGORY, "castings", "foundries", []),
        (FactorKind.CATEGORY, "", "foundries", ["key"]),
        (FactorKind.CATEGORY, "x" * 201, "foundries", ["key"]),
        (FactorKind.CATEGORY, "castings", "   ", ["rationale"]),
        (FactorKind.CATEGORY, "castings", "x" * 2001, ["rationale"]),
    ],
)
def test_a_table_entry_needs_a_key_and_a_rationale(
    kind: FactorKind, key: str, rationale: str, fields: list[str]
) -> None:
    assert [p.field for p in factor_problems(kind, key, rationale)] == fields


@pytest.mark.parametrize(
    ("kind", "key", "stored"),
    [
        (FactorKind.COUNTRY, "cn", "CN"),
        (FactorKind.CATEGORY, " Raw  Materials ", "raw materials"),
    ],
)
def test_keys_are_normalised(kind: FactorKind, key: str, stored: str) -> None:
    assert normalized_key(kind, key) == stored
