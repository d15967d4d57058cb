"""Supplier ESG risk: inherent risk from where and what a supplier is, refined by its audits.

Manual section 7 asks for regular supply-chain risk assessments and treats high-risk
suppliers apart (on-site audits at least every three years, training). The assessment here
has two steps:

1. Inherent risk, before any audit: the higher of the supplier's country risk and its
   category risk, read from editable tables (`RiskTable`); a country or category the table
   does not list takes the table's default.
2. Resulting risk, once audits exist: an audit sees the supplier itself, so a *current*
   on-site audit (not expired: within the policy's audit cycle) replaces the inherent
   estimate with what the auditors found. Any other audit (a remote one, or an expired one)
   can only raise the risk: the result is the higher of the inherent risk and the audit's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from supplyesg.domain.audits import OUTCOME_OF, Outcome, RiskLevel, is_expired
from supplyesg.domain.errors import Problem
from supplyesg.domain.iso_codes import COUNTRY_NAMES
from supplyesg.domain.policy import Policy, Reason

MAX_RATIONALE_LENGTH = 2000
DEFAULT_KEY = "*"
"""The key of a table's default entry: the level of any country or category not listed."""
FACTOR_KEY_PATTERN = re.compile(r"^\S(.{0,198}\S)?$")


_RANKS = {RiskLevel.LOW: 0, RiskLevel.MEDIUM: 1, RiskLevel.HIGH: 2}


def higher(first: RiskLevel, second: RiskLevel) -> RiskLevel:
    """The higher of two risk levels."""
    return first if _RANKS[first] >= _RANKS[second] else second


class FactorKind(StrEnum):
    """What an inherent-risk table is keyed by."""

    COUNTRY = "country"
    CATEGORY = "category"


@dataclass(frozen=True, slots=True)
class RiskFactor:
    """The inherent risk of one country or category, and why."""

    key: str
    level: RiskLevel
    rationale: str


@dataclass(frozen=True, slots=True)
class RiskTable:
    """Inherent risk by country or by category, with the level of anything not listed."""

    kind: FactorKind
    default: RiskFactor
    entries: Mapping[str, RiskFactor]

    def factor_of(self, key: str) -> RiskFactor:
        """The listed factor for a key (categories match without regard to case)."""
        return self.entries.get(normalized_key(self.kind, key), self.default)


@dataclass(frozen=True, slots=True)
class InherentRiskTables:
    """The two tables inherent risk is read from."""

    countries: RiskTable
    categories: RiskTable


def normalized_key(kind: FactorKind, key: str) -> str:
    """How a key is stored: country codes in capitals, categories in lowercase, spaces single."""
    key = " ".join(key.split())
    return key.upper() if kind is FactorKind.COUNTRY else key.lower()


def factor_problems(kind: FactorKind, key: str, rationale: str) -> list[Problem]:
    """Why a table entry is refused; empty when it may be saved."""
    problems = _key_problems(kind, key)
    if not rationale.strip():
        problems.append(Problem("rationale", "say why this level was chosen", rationale))
    elif len(rationale) > MAX_RATIONALE_LENGTH:
        problems.append(
            Problem("rationale", f"is longer than {MAX_RATIONALE_LENGTH} characters", "...")
        )
    return problems


def _key_problems(kind: FactorKind, key: str) -> list[Problem]:
    if key == DEFAULT_KEY:
        return []
    if kind is FactorKind.COUNTRY and key not in COUNTRY_NAMES:
        return [Problem("key", "a country is an ISO 3166-1 alpha-2 code, e.g. CN", key)]
    if kind is FactorKind.CATEGORY and not FACTOR_KEY_PATTERN.fullmatch(key):
        return [Problem("key", "a category is 1 to 200 characters", key)]
    return []


@dataclass(frozen=True, slots=True)
class Assessment:
    """A risk level and the reasons that led to it."""

    level: RiskLevel
    reasons: tuple[Reason, ...]


def inherent_risk(
    country: str, category: str, countries: RiskTable, categories: RiskTable
) -> Assessment:
    """The higher of the country risk and the category risk."""
    by_country = countries.factor_of(country)
    by_category = categories.factor_of(category)
    return Assessment(
        higher(by_country.level, by_category.level),
        (
            _factor_reason(country, by_country, countries),
            _factor_reason(category, by_category, categories),
        ),
    )


def _factor_reason(key: str, factor: RiskFactor, table: RiskTable) -> Reason:
    listed = " (not listed: the default)" if factor is table.default else ""
    return Reason(
        f"risk.inherent.{table.kind}",
        f"{table.kind} {key}: {factor.level}{listed}: {factor.rationale}",
    )


@dataclass(frozen=True, slots=True)
class LatestAudit:
    """What the audit that sets a supplier's audit risk found (its date is the day it ended)."""

    ended_on: date
    risk: RiskLevel
    is_on_site: bool
    reference: str = ""
    last_audited_on: date | None = None
    """When the latest audit that counts ended: this one, or a later one that kept its level."""

    @property
    def audited_on(self) -> date:
        """The day the audit cycle counts from."""
        return max(self.ended_on, self.last_audited_on or self.ended_on)

    @property
    def outcome(self) -> Outcome:
        """The manual's verdict for the risk the audit found (section 9)."""
        return OUTCOME_OF[self.risk]


def resulting_risk(
    inherent: Assessment, latest: LatestAudit | None, as_of: date, policy: Policy
) -> Assessment:
    """The supplier's risk once its latest audit is taken into account."""
    if latest is None:
        return Assessment(
            inherent.level,
            (
                Reason(
                    "risk.resulting", f"no audit on record: the inherent {inherent.level} stands"
                ),
            ),
        )
    kind = "on-site audit" if latest.is_on_site else "remote audit"
    found = f"the {kind} ended {latest.ended_on.isoformat()} found {latest.risk}"
    if latest.is_on_site and not is_expired(latest.ended_on, as_of, policy):
        return Assessment(
            latest.risk,
            (Reason("risk.resulting", f"{found}; a current on-site audit replaces the estimate"),),
        )
    why = "on-site but older than the audit cycle" if latest.is_on_site else "not on-site"
    level = higher(inherent.level, latest.risk)
    return Assessment(
        level,
        (
            Reason(
                "risk.resulting",
                f"{found}; that audit is {why}, so the higher of it and the inherent "
                f"{inherent.level}: {level}",
            ),
        ),
    )


@dataclass(frozen=True, slots=True)
class RegisterRow:
    """One supplier in the risk register."""

    supplier_code: str
    inherent: Assessment
    latest_audit: LatestAudit | None
    resulting: Assessment

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """Every reason, inherent first."""
        return self.inherent.reasons + self.resulting.reasons


@dataclass(frozen=True, slots=True)
class SupplierRiskFacts:
    """What the register needs to know about a supplier."""

    supplier_code: str
    country: str
    category: str
    latest_audit: LatestAudit | None


def assess(
    facts: SupplierRiskFacts, tables: InherentRiskTables, as_of: date, policy: Policy
) -> RegisterRow:
    """The register row of a supplier: inherent, latest audit and resulting risk."""
    inherent = inherent_risk(facts.country, facts.category, tables.countries, tables.categories)
    return register_row(facts.supplier_code, inherent, facts.latest_audit, as_of, policy)


def register_row(
    supplier_code: str,
    inherent: Assessment,
    latest: LatestAudit | None,
    as_of: date,
    policy: Policy,
) -> RegisterRow:
    """The register row of a supplier whose inherent risk is already assessed."""
    return RegisterRow(
        supplier_code, inherent, latest, resulting_risk(inherent, latest, as_of, policy)
    )
