"""External audits: a third-party audit's published result and findings, and its risk level.

An external audit (SMETA, amfori BSCI, RBA VAP, an EcoVadis scorecard, a certification body's
audit) is not rebuilt from a verdict on each requirement of the code of conduct: it is recorded
as its scheme published it, an overall result and a list of findings by severity, each finding
optionally mapped to a requirement of the code. The policy edition in force on the audit's last
day maps the result to a risk level (its tables, domain.scheme_results), and the worst finding
can only raise that level (a critical finding makes it high, as a zero-tolerance breach does in
the programme's own audits). Findings that call for corrective action (critical, major, minor)
become non-conformities with the plan deadlines of the manual (section 9); observations do not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from supplyesg.domain.audits import OUTCOME_OF, Outcome, RiskLevel, Verdict
from supplyesg.domain.conduct import CodeOfConduct
from supplyesg.domain.errors import Problem
from supplyesg.domain.policy import Policy, Reason
from supplyesg.domain.scheme_results import (
    LEVEL_RANKS,
    ResultKind,
    Scheme,
    level_of_key,
    level_of_score,
)

MAX_DESCRIPTION = 4000
MAX_FINDINGS = 500
MAX_NAME = 200
MAX_SCHEME_REFERENCE = 100


class Severity(StrEnum):
    """How serious an external audit's finding is, in the words the schemes share."""

    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"
    OBSERVATION = "observation"

    @property
    def verdict(self) -> Verdict | None:
        """The non-conformity severity the finding opens; an observation opens none."""
        return {
            Severity.CRITICAL: Verdict.CRITICAL,
            Severity.MAJOR: Verdict.MAJOR,
            Severity.MINOR: Verdict.MINOR,
        }.get(self)


@dataclass(frozen=True, slots=True)
class ExternalFinding:
    """A finding of the external audit, optionally mapped to a code of conduct requirement."""

    severity: Severity
    description: str
    requirement_id: str = ""


@dataclass(frozen=True, slots=True)
class PublishedResult:
    """The overall result the scheme published: which parts apply depends on the scheme."""

    rating: str = ""
    """amfori BSCI: the overall rating A to E."""
    score: Decimal | None = None
    """RBA VAP: 0 to 200; EcoVadis: 0 to 100."""
    recognition: str = ""
    """RBA VAP: platinum, gold or silver; EcoVadis: its medal. Optional."""
    certificate_valid: bool | None = None
    """A certification body's audit: whether the certificate is valid."""


@dataclass(frozen=True, slots=True)
class ExternalAuditDetails:
    """Which scheme, the scheme's own reference of the audit or report, who audited, when."""

    scheme: Scheme
    scheme_reference: str
    audit_firm: str
    started_on: date
    ended_on: date


@dataclass(frozen=True, slots=True)
class ExternalRisk:
    """The risk level and outcome an external audit gives, with the reasons."""

    risk_level: RiskLevel
    outcome: Outcome
    policy_version: str
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class MappingEntry:
    """The entry of a policy table that mapped a published result to a risk level."""

    policy_version: str
    setting: str
    key: str
    """The rating, certificate state, or lowest score of the band (``160``)."""
    level: str

    @property
    def entry(self) -> str:
        """The entry as the policy writes it: ``C=medium``."""
        return f"{self.key}={self.level}"


# -- checks ------------------------------------------------------------------------------------


def details_problems(details: ExternalAuditDetails, today: date) -> list[Problem]:
    """Every rule the audit's details break; an audit cannot end in the future."""
    problems = []
    firm = details.audit_firm
    if not firm.strip() or len(firm) > MAX_NAME:
        problems.append(Problem("audit_firm", f"is required, up to {MAX_NAME} characters", firm))
    if len(details.scheme_reference) > MAX_SCHEME_REFERENCE:
        reason = f"longer than {MAX_SCHEME_REFERENCE} characters"
        problems.append(Problem("scheme_reference", reason, details.scheme_reference))
    if details.ended_on < details.started_on:
        problems.append(Problem("ended_on", "is before started_on", details.ended_on.isoformat()))
    if details.ended_on > today:
        reason = f"is in the future (today is {today})"
        problems.append(Problem("ended_on", reason, details.ended_on.isoformat()))
    return problems


def result_problems(scheme: Scheme, result: PublishedResult) -> list[Problem]:
    """Why a published result does not fit its scheme: each scheme publishes one kind."""
    rules = scheme.rules
    kind = rules.kind
    problems = _unexpected(scheme, result)
    if kind is ResultKind.RATING and result.rating not in rules.grades:
        reason = f"{rules.title} rates {', '.join(rules.grades)}"
        problems.append(Problem("rating", reason, result.rating))
    if kind is ResultKind.SCORE:
        problems += _score_problems(scheme, result)
    if kind is ResultKind.CERTIFICATE and result.certificate_valid is None:
        problems.append(
            Problem("certificate_valid", f"{rules.title}: say whether the certificate is valid")
        )
    return problems


def _unexpected(scheme: Scheme, result: PublishedResult) -> list[Problem]:
    rules, kind = scheme.rules, scheme.rules.kind
    given = {
        "rating": (result.rating, kind is ResultKind.RATING),
        "score": (result.score, kind is ResultKind.SCORE),
        "recognition": (result.recognition, kind is ResultKind.SCORE),
        "certificate_valid": (result.certificate_valid, kind is ResultKind.CERTIFICATE),
    }
    return [
        Problem(name, f"{rules.title} publishes no {name.replace('_', ' ')}", value)
        for name, (value, expected) in given.items()
        if not expected and value not in ("", None)
    ]


def _score_problems(scheme: Scheme, result: PublishedResult) -> list[Problem]:
    rules = scheme.rules
    top = rules.top_score or Decimal(100)
    score, recognition = result.score, result.recognition
    if score is None or not score.is_finite() or not Decimal(0) <= score <= top:
        return [Problem("score", f"{rules.title} scores from 0 to {top}", score)]
    least = (rules.recognitions or {}).get(recognition)
    if recognition and least is None:
        names = ", ".join(rules.recognitions or {})
        return [Problem("recognition", f"{rules.title} recognises {names}", recognition)]
    if least is not None and score < least:
        reason = f"{rules.title} {recognition} needs a score of at least {least}"
        return [Problem("recognition", reason, recognition)]
    return []


def findings_problems(findings: Sequence[ExternalFinding], code: CodeOfConduct) -> list[Problem]:
    """Every rule the findings break, by their position (row) in the list."""
    problems = []
    if len(findings) > MAX_FINDINGS:
        problems.append(Problem("findings", f"at most {MAX_FINDINGS} findings", len(findings)))
    for row, finding in enumerate(findings, start=1):
        text = finding.description
        if not text.strip() or len(text) > MAX_DESCRIPTION:
            reason = f"is required, up to {MAX_DESCRIPTION} characters: say what was found"
            problems.append(Problem("description", reason, text[:80], row))
        requirement = finding.requirement_id
        if requirement and code.requirement(requirement) is None:
            reason = f"is not a requirement of code of conduct {code.version}"
            problems.append(Problem("requirement", reason, requirement, row))
    return problems


# -- the risk level ----------------------------------------------------------------------------


def external_audit_risk(
    scheme: Scheme,
    result: PublishedResult,
    findings: Sequence[ExternalFinding],
    policy: Policy,
) -> ExternalRisk:
    """The risk level of a checked external audit: the policy's table for its scheme's result,
    raised to the level of its worst finding (policy external_finding_risk)."""
    level, reasons = _result_level(scheme, result, policy)
    worst, finding_reason = _findings_level(findings, policy)
    reasons.append(finding_reason)
    if worst is not None and (level is None or LEVEL_RANKS[worst] > LEVEL_RANKS[level]):
        level = worst
    risk = RiskLevel(level or RiskLevel.LOW)
    if level is None:
        reasons.append(Reason("external.no_findings", "no findings and no overall result: low"))
    outcome = OUTCOME_OF[risk]
    reasons.append(Reason("audit.outcome", f"{risk} risk: {outcome.replace('_', ' ')}"))
    return ExternalRisk(risk, outcome, policy.version, tuple(reasons))


def result_mapping(scheme: Scheme, result: PublishedResult, policy: Policy) -> MappingEntry | None:
    """The entry of the policy's table that maps a checked published result to a risk level;
    None for a scheme that publishes no overall result (SMETA)."""
    rules = scheme.rules
    kind, setting = rules.kind, rules.setting
    if kind is ResultKind.FINDINGS or setting is None:
        return None
    table = getattr(policy, setting)
    if kind is ResultKind.RATING:
        return MappingEntry(
            policy.version, setting, result.rating, level_of_key(table, result.rating)
        )
    if kind is ResultKind.SCORE:
        assert result.score is not None  # checked by result_problems
        low, level = level_of_score(table, result.score)
        return MappingEntry(policy.version, setting, str(low), level)
    state = "valid" if result.certificate_valid else "not_valid"
    return MappingEntry(policy.version, setting, state, level_of_key(table, state))


def _result_level(
    scheme: Scheme, result: PublishedResult, policy: Policy
) -> tuple[str | None, list[Reason]]:
    rules = scheme.rules
    entry = result_mapping(scheme, result, policy)
    if entry is None:
        text = f"{rules.title} publishes no overall result: the findings give the level"
        return None, [Reason("external.result", text)]
    level = entry.level
    cited = f"(policy {policy.version} {entry.setting})"
    if rules.kind is ResultKind.RATING:
        text = f"{rules.title} rating {result.rating}: {level} {cited}"
    elif rules.kind is ResultKind.SCORE:
        medal = f" ({result.recognition})" if result.recognition else ""
        text = f"{rules.title} score {result.score}{medal} is at least {entry.key}: {level} {cited}"
    else:
        words = "valid" if result.certificate_valid else "not valid"
        text = f"{rules.title} certificate {words}: {level} {cited}"
    return level, [Reason("external.result", text)]


def _findings_level(
    findings: Sequence[ExternalFinding], policy: Policy
) -> tuple[str | None, Reason]:
    if not findings:
        return None, Reason("external.findings", "no findings")
    counts = Counter(f.severity for f in findings)
    listed = ", ".join(f"{counts[s]} {s}" for s in Severity if counts[s])
    worst = min(counts, key=list(Severity).index)
    level = level_of_key(policy.external_finding_risk, worst.value)
    text = (
        f"findings: {listed}; the worst ({worst}) gives at least {level} "
        f"(policy {policy.version} external_finding_risk)"
    )
    return level, Reason("external.findings", text)


def counted_findings(counts: Mapping[Severity, int]) -> list[ExternalFinding]:
    """Findings a report only counts by severity, one per count, in the order of severity.

    When a report's summary gives only the number of findings of each severity, each becomes a
    finding that says so, so that critical, major and minor ones still open the
    non-conformities the manual (section 9) calls for."""
    return [
        ExternalFinding(
            severity, f"{severity} finding {n} of {total}: the report gives only the count"
        )
        for severity in Severity
        for total in [counts.get(severity, 0)]
        for n in range(1, total + 1)
    ]


def opens_nonconformity(finding: ExternalFinding) -> bool:
    """Whether the finding calls for corrective action (critical, major or minor)."""
    return finding.severity.verdict is not None
