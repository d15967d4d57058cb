"""The programme's policy: every number the manual fixes, as one versioned value.

The defaults are the manual's (supply-chain ESG manual, sections 3, 7 and 9); an edition of the
policy is a file under data/policy/ (shipped, read-only) or one added later by an ESG manager, and
each audit result and rating records the edition used. The manual gives no score thresholds for
the risk levels, so the first edition sets them (85 and 65 out of 100) together with the credit a
minor or major non-conformity keeps.

An edition added today usually starts today or later, after every other edition. Customers
import years of history, so an administrator may add a historical edition too (a past start,
or before another edition): `domain.edition_history` decides which stored judgements depend on
the days it covers, and those are judged again, or the edition refused. Only an edition that
has not taken effect may be withdrawn, so the edition of a past day changes only with that
recorded confirmation, and every stored rating stays reproducible.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from supplyesg.domain.errors import Problem
from supplyesg.domain.scheme_results import (
    CERTIFICATE_STATES,
    SCHEME_RULES,
    SEVERITIES,
    band_table_problems,
    key_table_problems,
)

VERSION_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
QUARTERLY_SCORES = frozenset({-1, 0, 1})


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a score or status is what it is: the rule applied and the facts it was applied to."""

    rule: str
    text: str


@dataclass(frozen=True, slots=True)
class Policy:
    """One edition of the programme's rules, with the manual's values as defaults."""

    version: str = "2026-01"
    effective_from: date = date(2000, 1, 1)
    # Manual section 3: first-tier suppliers and key sub-suppliers are audited every year.
    audit_cycle_months: int = 12
    # Manual section 7: high-risk suppliers get an on-site audit at least every three years.
    high_risk_on_site_months: int = 36
    # The manual names no period for a first audit, so the programme sets one: a supplier in
    # the annual scope never audited is due this many days after it came into scope, and a
    # high-risk supplier with no on-site audit on record this many days after it became high risk.
    first_audit_grace_days: int = 90
    high_risk_on_site_grace_days: int = 90
    # Audit score (0-100) from which an audit is low or medium risk; below medium it is high.
    low_risk_min_score: Decimal = Decimal("85")
    medium_risk_min_score: Decimal = Decimal("65")
    # Share of a requirement's weight that a finding keeps (conforming keeps all of it).
    minor_credit: Decimal = Decimal("0.5")
    major_credit: Decimal = Decimal("0")
    # Manual section 9: improvement plans are due 6 months (medium) or 3 months (high) after.
    medium_risk_plan_months: int = 6
    high_risk_plan_months: int = 3
    # Manual section 9: the ESG score of the quarterly rating for each risk level.
    low_risk_score: int = 1
    medium_risk_score: int = 0
    high_risk_score: int = -1
    missed_plan_score: int = -1
    # Manual section 3: the ESG audit weighs at least 1% in the operational scorecard.
    min_esg_weight: Decimal = Decimal("0.01")
    # What each audit type may do to the audit risk the audits before it set: "set" (raise or
    # lower), "raise", "lower" or "none" (domain.audit_authority). A supplier's own answers are
    # evidence, not a verdict: a self-assessment may only raise the level a staff audit set.
    self_assessment_authority: str = "raise"
    desktop_review_authority: str = "set"
    on_site_authority: str = "set"
    # An external audit by a recognised scheme (SMETA, amfori BSCI, RBA, EcoVadis, a
    # certification body) is a verdict the programme's staff accept: it may set the level.
    external_audit_authority: str = "set"
    # External audits (domain.external_audits): the risk level each scheme's published result
    # maps to, as "key=level" entries separated by ";" (scheme_results). Score bands name the
    # lowest score of each band. The level is raised to the worst finding's.
    amfori_bsci_rating_risk: str = "A=low; B=low; C=medium; D=high; E=high"
    rba_vap_score_risk: str = "160=low; 100=medium; 0=high"
    ecovadis_score_risk: str = "45=low; 25=medium; 0=high"
    certificate_risk: str = "valid=low; not_valid=high"
    external_finding_risk: str = "critical=high; major=medium; minor=low; observation=low"


AUTHORITIES = ("set", "raise", "lower", "none")
AUTHORITY_FIELDS = (
    "self_assessment_authority",
    "desktop_review_authority",
    "on_site_authority",
    "external_audit_authority",
)
EXTERNAL_RESULT_FIELDS = (
    "amfori_bsci_rating_risk",
    "rba_vap_score_risk",
    "ecovadis_score_risk",
    "certificate_risk",
    "external_finding_risk",
)
GRACE_FIELDS = ("first_audit_grace_days", "high_risk_on_site_grace_days")
MAX_GRACE_DAYS = 366
LATER_FIELDS = (*AUTHORITY_FIELDS, *EXTERNAL_RESULT_FIELDS, *GRACE_FIELDS)
"""Settings added after the first edition: an edition that omits them takes the default."""


def policy_problems(policy: Policy) -> list[Problem]:
    """Every rule the policy edition breaks; empty when it can be used."""
    problems: list[Problem] = []
    if not VERSION_PATTERN.fullmatch(policy.version):
        problems.append(Problem("version", "must be 1 to 40 letters, digits, '.', '_' or '-'"))
    for name in (
        "audit_cycle_months",
        "high_risk_on_site_months",
        "medium_risk_plan_months",
        "high_risk_plan_months",
    ):
        months = getattr(policy, name)
        if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 120:
            problems.append(Problem(name, "must be a whole number of months from 1 to 120", months))
    for name in GRACE_FIELDS:
        days = getattr(policy, name)
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_GRACE_DAYS:
            problems.append(
                Problem(name, f"must be a whole number of days from 0 to {MAX_GRACE_DAYS}", days)
            )
    problems += _score_problems(policy)
    problems += _fraction_problems(policy)
    for name in AUTHORITY_FIELDS:
        value = getattr(policy, name)
        if value not in AUTHORITIES:
            problems.append(Problem(name, f"must be one of {', '.join(AUTHORITIES)}", value))
    return problems + external_result_problems(policy)


def external_result_problems(policy: Policy) -> list[Problem]:
    """Why the tables mapping external audit results to risk levels are refused."""
    problems = []
    for rules in SCHEME_RULES.values():
        if rules.setting is None or rules.setting == "certificate_risk":
            continue
        table = getattr(policy, rules.setting)
        if rules.top_score is not None:
            problems += band_table_problems(rules.setting, table, rules.top_score)
        else:
            problems += key_table_problems(rules.setting, table, rules.grades)
    problems += key_table_problems("certificate_risk", policy.certificate_risk, CERTIFICATE_STATES)
    problems += key_table_problems(
        "external_finding_risk", policy.external_finding_risk, SEVERITIES
    )
    return problems


def _score_problems(policy: Policy) -> list[Problem]:
    problems = []
    low, medium = policy.low_risk_min_score, policy.medium_risk_min_score
    for name, value in (("low_risk_min_score", low), ("medium_risk_min_score", medium)):
        if not _is_decimal(value) or not Decimal(0) <= value <= Decimal(100):
            problems.append(Problem(name, "must be a score from 0 to 100", value))
    if _is_decimal(low) and _is_decimal(medium) and medium > low:
        problems.append(
            Problem("medium_risk_min_score", "must not be above low_risk_min_score", medium)
        )
    for name in ("low_risk_score", "medium_risk_score", "high_risk_score", "missed_plan_score"):
        score = getattr(policy, name)
        if isinstance(score, bool) or score not in QUARTERLY_SCORES:
            problems.append(Problem(name, "a quarterly ESG score is 1, 0 or -1", score))
    return problems


def _fraction_problems(policy: Policy) -> list[Problem]:
    problems = []
    for name in ("minor_credit", "major_credit", "min_esg_weight"):
        value = getattr(policy, name)
        if not _is_decimal(value) or not Decimal(0) <= value <= Decimal(1):
            problems.append(Problem(name, "must be a fraction from 0 to 1", value))
    if (
        _is_decimal(policy.minor_credit)
        and _is_decimal(policy.major_credit)
        and policy.major_credit > policy.minor_credit
    ):
        problems.append(Problem("major_credit", "must not be above minor_credit"))
    return problems


def _is_decimal(value: object) -> bool:
    return isinstance(value, Decimal) and value.is_finite()


def policy_fields() -> tuple[str, ...]:
    """The names of every setting of a policy edition, in order."""
    return tuple(f.name for f in fields(Policy))


def policy_in_force(editions: Iterable[Policy], on: date) -> Policy | None:
    """The latest edition that took effect on or before the day, if any did."""
    started = [p for p in editions if p.effective_from <= on]
    return max(started, key=lambda p: (p.effective_from, p.version), default=None)


def edition_clashes(edition: Policy, existing: Iterable[Policy]) -> list[Problem]:
    """The version or start date of a new edition that another edition already uses."""
    problems = []
    for other in existing:
        if other.version == edition.version:
            problems.append(Problem("version", "is used by another edition", edition.version))
        if other.effective_from == edition.effective_from:
            problems.append(
                Problem(
                    "effective_from",
                    f"edition {other.version} already takes effect that day",
                    edition.effective_from.isoformat(),
                )
            )
    return problems


def withdrawal_problems(edition: Policy, today: date, *, shipped: bool) -> list[Problem]:
    """Why an edition cannot be withdrawn: it is shipped, or in force or past already."""
    if shipped:
        return [Problem("version", "is shipped with the application and stays", edition.version)]
    if edition.effective_from <= today:
        return [
            Problem(
                "version",
                f"took effect on {edition.effective_from.isoformat()}; audit results and "
                "ratings may use it, so it stays",
                edition.version,
            )
        ]
    return []


def is_scheduled(edition: Policy, today: date) -> bool:
    """Whether the edition has not taken effect yet."""
    return edition.effective_from > today


@dataclass(frozen=True, slots=True)
class SettingChange:
    """A setting whose value differs from the previous edition's."""

    name: str
    before: object
    after: object


def edition_changes(previous: Policy | None, edition: Policy) -> list[SettingChange]:
    """The settings (besides version and start) that differ from the previous edition."""
    if previous is None:
        return []
    return [
        SettingChange(name, getattr(previous, name), getattr(edition, name))
        for name in policy_fields()[2:]
        if getattr(previous, name) != getattr(edition, name)
    ]


def previous_edition(editions: Iterable[Policy], edition: Policy) -> Policy | None:
    """The edition that took effect last before this one, if any."""
    return policy_in_force(
        (p for p in editions if p.effective_from < edition.effective_from),
        edition.effective_from,
    )
