"""ESG audits: what an audit records, how it is scored and which risk level it implies.

An audit judges each requirement of one version of the code of conduct. The score is the
weighted share of the applicable requirements met (minor and major non-conformities keep the
policy's credit, critical ones nothing), per pillar and overall, out of 100. The policy's
thresholds turn the score into a risk level; a critical finding (a zero-tolerance breach) makes
the audit high risk whatever the score. The outcome is the manual's word for the level
(section 9): accepted, conditionally accepted or not accepted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from supplyesg.domain.conduct import CodeOfConduct, Pillar, Requirement
from supplyesg.domain.errors import Problem
from supplyesg.domain.periods import add_months
from supplyesg.domain.policy import Policy, Reason

REFERENCE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
MAX_NOTES = 4000
MAX_EVIDENCE_REF = 500
MAX_SITES = 50
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class AuditType(StrEnum):
    """How the audit was carried out."""

    SELF_ASSESSMENT = "self_assessment"
    DESKTOP_REVIEW = "desktop_review"
    ON_SITE_ANNOUNCED = "on_site_announced"
    ON_SITE_UNANNOUNCED = "on_site_unannounced"
    # A third-party audit or rating (domain.external_audits): recorded with its scheme's
    # published result and findings, not with a verdict on each requirement.
    EXTERNAL = "external"

    @property
    def is_on_site(self) -> bool:
        """Whether the auditor visited the supplier's sites."""
        return self in (AuditType.ON_SITE_ANNOUNCED, AuditType.ON_SITE_UNANNOUNCED)


VERDICT_AUDIT_TYPES = tuple(t for t in AuditType if t is not AuditType.EXTERNAL)
"""The audit types recorded with a verdict on each requirement of the code of conduct."""


class Verdict(StrEnum):
    """The auditor's judgement on one requirement."""

    CONFORMING = "conforming"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"
    NOT_APPLICABLE = "not_applicable"

    @property
    def is_non_conformity(self) -> bool:
        """Whether the finding calls for corrective action."""
        return self in (Verdict.MINOR, Verdict.MAJOR, Verdict.CRITICAL)


class RiskLevel(StrEnum):
    """The ESG risk an audit shows (manual section 9)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Outcome(StrEnum):
    """The manual's verdict on the supplier for each risk level (section 9)."""

    ACCEPTED = "accepted"
    CONDITIONALLY_ACCEPTED = "conditionally_accepted"
    NOT_ACCEPTED = "not_accepted"


OUTCOME_OF = {
    RiskLevel.LOW: Outcome.ACCEPTED,
    RiskLevel.MEDIUM: Outcome.CONDITIONALLY_ACCEPTED,
    RiskLevel.HIGH: Outcome.NOT_ACCEPTED,
}


@dataclass(frozen=True, slots=True)
class Finding:
    """The verdict on one requirement, with the auditor's notes and evidence file references."""

    requirement_id: str
    verdict: Verdict
    notes: str = ""
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AuditDetails:
    """Who audited, how, when and what (the whole supplier when no site is named)."""

    audit_type: AuditType
    auditor: str
    started_on: date
    ended_on: date
    sites: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AuditResult:
    """An audit's scores, risk level and outcome, with the reasons for each."""

    score: Decimal
    pillar_scores: dict[Pillar, Decimal | None]
    risk_level: RiskLevel
    outcome: Outcome
    policy_version: str
    reasons: tuple[Reason, ...] = field(default_factory=tuple)


def reference_problems(reference: str) -> list[Problem]:
    """Why an audit reference is refused; empty when it can be used."""
    if REFERENCE_PATTERN.fullmatch(reference):
        return []
    reason = "must be 1 to 40 letters, digits, '.', '_' or '-', starting with a letter or digit"
    return [Problem("reference", reason, reference)]


def details_problems(details: AuditDetails, today: date) -> list[Problem]:
    """Every rule the audit's details break; an audit cannot end in the future."""
    problems = []
    if details.audit_type is AuditType.EXTERNAL:
        reason = "an external audit is recorded with its scheme's result and findings"
        problems.append(Problem("audit_type", reason, details.audit_type.value))
    if not details.auditor.strip() or len(details.auditor) > 200:
        problems.append(Problem("auditor", "is required, up to 200 characters", details.auditor))
    if details.ended_on < details.started_on:
        problems.append(Problem("ended_on", "is before started_on", details.ended_on.isoformat()))
    if details.ended_on > today:
        problems.append(
            Problem("ended_on", f"is in the future (today is {today})", details.ended_on)
        )
    if len(details.sites) > MAX_SITES:
        problems.append(Problem("sites", f"at most {MAX_SITES} sites", len(details.sites)))
    for index, site in enumerate(details.sites, start=1):
        if not site.strip() or len(site) > 200:
            problems.append(Problem(f"sites[{index}]", "is empty or longer than 200", site))
    return problems


def findings_problems(
    findings: Sequence[Finding], code: CodeOfConduct, *, complete: bool
) -> list[Problem]:
    """Every rule the findings break; `complete` also asks for a verdict on every requirement."""
    problems = []
    counts = Counter(f.requirement_id for f in findings)
    for row, finding in enumerate(findings, start=1):
        requirement = code.requirement(finding.requirement_id)
        if requirement is None:
            reason = f"is not a requirement of code of conduct {code.version}"
            problems.append(Problem("requirement", reason, finding.requirement_id, row))
            continue
        if counts[finding.requirement_id] > 1:
            problems.append(Problem("requirement", "is judged twice", finding.requirement_id, row))
        problems += [p.at_row(row) for p in _finding_problems(finding, requirement, complete)]
    if complete:
        problems += _completeness_problems(findings, code)
    return problems


def _finding_problems(finding: Finding, requirement: Requirement, complete: bool) -> list[Problem]:
    problems = []
    if finding.verdict == Verdict.CRITICAL and not requirement.zero_tolerance:
        problems.append(
            Problem("verdict", "critical is only for a zero-tolerance requirement", "critical")
        )
    if len(finding.notes) > MAX_NOTES:
        problems.append(Problem("notes", f"longer than {MAX_NOTES} characters", len(finding.notes)))
    if complete and finding.verdict.is_non_conformity and not finding.notes.strip():
        problems.append(Problem("notes", "a non-conformity needs notes saying what was found"))
    for ref in finding.evidence:
        if not ref.strip() or len(ref) > MAX_EVIDENCE_REF:
            problems.append(Problem("evidence", "a file reference is empty or too long", ref))
    return problems


def _completeness_problems(findings: Sequence[Finding], code: CodeOfConduct) -> list[Problem]:
    judged = {f.requirement_id for f in findings}
    missing = [r.id for r in code.requirements if r.id not in judged]
    problems = []
    if missing:
        problems.append(
            Problem("findings", "every requirement needs a verdict; missing", ", ".join(missing))
        )
    if findings and all(f.verdict == Verdict.NOT_APPLICABLE for f in findings):
        problems.append(Problem("findings", "at least one requirement must be applicable"))
    return problems


def audit_result(findings: Iterable[Finding], code: CodeOfConduct, policy: Policy) -> AuditResult:
    """Score complete, valid findings (see findings_problems) and derive risk and outcome."""
    judged = [(code.requirement(f.requirement_id), f) for f in findings]
    applicable = [
        (r, f) for r, f in judged if r is not None and f.verdict != Verdict.NOT_APPLICABLE
    ]
    score = _weighted_score(applicable, policy)
    if score is None:
        raise ValueError("an audit with no applicable finding has no score")
    pillar_scores = {
        pillar: _weighted_score([(r, f) for r, f in applicable if r.pillar == pillar], policy)
        for pillar in Pillar
    }
    level, reasons = risk_level(score, [(r, f) for r, f in applicable], policy)
    outcome = OUTCOME_OF[level]
    reasons.append(Reason("audit.outcome", f"{level} risk: {outcome.replace('_', ' ')}"))
    return AuditResult(score, pillar_scores, level, outcome, policy.version, tuple(reasons))


def _weighted_score(
    applicable: Sequence[tuple[Requirement, Finding]], policy: Policy
) -> Decimal | None:
    total = sum((r.weight for r, _ in applicable), Decimal(0))
    if not total:
        return None
    kept = sum((r.weight * credit(f.verdict, policy) for r, f in applicable), Decimal(0))
    return (kept / total * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def credit(verdict: Verdict, policy: Policy) -> Decimal:
    """The share of a requirement's weight a verdict keeps in the score."""
    return {
        Verdict.CONFORMING: Decimal(1),
        Verdict.MINOR: policy.minor_credit,
        Verdict.MAJOR: policy.major_credit,
    }.get(verdict, Decimal(0))


def risk_level(
    score: Decimal, applicable: Sequence[tuple[Requirement, Finding]], policy: Policy
) -> tuple[RiskLevel, list[Reason]]:
    """The risk level of a score, high whenever a zero-tolerance requirement is breached."""
    nonconforming = [f"{r.id} ({f.verdict})" for r, f in applicable if f.verdict.is_non_conformity]
    reasons = [
        Reason(
            "audit.score",
            f"score {score} out of 100 over {len(applicable)} applicable requirements; "
            f"non-conformities: {', '.join(nonconforming) or 'none'}",
        )
    ]
    critical = [r.id for r, f in applicable if f.verdict == Verdict.CRITICAL]
    if critical:
        reasons.append(
            Reason(
                "audit.zero_tolerance",
                f"zero-tolerance breach on {', '.join(critical)}: high risk whatever the score",
            )
        )
        return RiskLevel.HIGH, reasons
    level = level_of_score(score, policy)
    low, medium = policy.low_risk_min_score, policy.medium_risk_min_score
    band = {
        RiskLevel.LOW: f"at least {low}",
        RiskLevel.MEDIUM: f"below {low} and at least {medium}",
        RiskLevel.HIGH: f"below {medium}",
    }[level]
    reasons.append(
        Reason("audit.threshold", f"score {score} is {band} (policy {policy.version}): {level}")
    )
    return level, reasons


def level_of_score(score: Decimal, policy: Policy) -> RiskLevel:
    """The risk level the policy's thresholds give a score (zero-tolerance aside)."""
    if score >= policy.low_risk_min_score:
        return RiskLevel.LOW
    if score >= policy.medium_risk_min_score:
        return RiskLevel.MEDIUM
    return RiskLevel.HIGH


def audit_expires_on(ended_on: date, policy: Policy) -> date:
    """The last day an audit still counts: one audit cycle after it ended (manual section 3)."""
    return add_months(ended_on, policy.audit_cycle_months)


def is_expired(ended_on: date, on: date, policy: Policy) -> bool:
    """Whether an audit is older than the audit cycle on a day."""
    return on > audit_expires_on(ended_on, policy)


def on_site_audit_due_on(last_on_site_ended_on: date, policy: Policy) -> date:
    """The day by which a high-risk supplier needs its next on-site audit (manual section 7)."""
    return add_months(last_on_site_ended_on, policy.high_risk_on_site_months)


def correction_problems(reason: str) -> list[Problem]:
    """Why a correction of a completed audit is refused: it needs a reason."""
    if not reason.strip():
        return [Problem("reason", "a correction of a completed audit needs a reason", reason)]
    if len(reason) > 2000:
        return [Problem("reason", "longer than 2000 characters", len(reason))]
    return []
