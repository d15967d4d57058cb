"""External audits: the scheme's published result and findings give the risk level."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from supplyesg.domain.audit_authority import (
    CandidateAudit,
    Party,
    audit_that_sets_risk,
    authority_of,
)
from supplyesg.domain.audits import AuditType, Outcome, RiskLevel
from supplyesg.domain.conduct import CodeOfConduct, Pillar, Requirement
from supplyesg.domain.external_audits import (
    ExternalAuditDetails,
    ExternalFinding,
    PublishedResult,
    Severity,
    details_problems,
    external_audit_risk,
    findings_problems,
    opens_nonconformity,
    result_problems,
)
from supplyesg.domain.policy import Policy, policy_problems
from supplyesg.domain.scheme_results import Scheme

POLICY = Policy()
LOW, MEDIUM, HIGH = RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH
BSCI, RBA, ECOVADIS, SMETA, SA8000 = (
    Scheme.AMFORI_BSCI,
    Scheme.RBA_VAP,
    Scheme.ECOVADIS,
    Scheme.SMETA,
    Scheme.SA8000,
)
NONE: tuple[Severity, ...] = ()


def findings(*severities: Severity) -> tuple[ExternalFinding, ...]:
    return tuple(ExternalFinding(s, f"finding {i}") for i, s in enumerate(severities, 1))


def score(value: str, recognition: str = "") -> PublishedResult:
    return PublishedResult(score=Decimal(value), recognition=recognition)


CRIT, MAJOR, MINOR, OBS = Severity.CRITICAL, Severity.MAJOR, Severity.MINOR, Severity.OBSERVATION


@pytest.mark.parametrize(
    ("scheme", "result", "severities", "expected"),
    [
        # amfori BSCI rating A to E (policy amfori_bsci_rating_risk)
        (BSCI, PublishedResult(rating="A"), NONE, LOW),
        (BSCI, PublishedResult(rating="B"), (MINOR, OBS), LOW),
        (BSCI, PublishedResult(rating="C"), NONE, MEDIUM),
        (BSCI, PublishedResult(rating="D"), NONE, HIGH),
        (BSCI, PublishedResult(rating="E"), NONE, HIGH),
        # a finding only raises the level: a major one to medium, a critical one to high
        (BSCI, PublishedResult(rating="A"), (MAJOR,), MEDIUM),
        (BSCI, PublishedResult(rating="B"), (MINOR, CRIT), HIGH),
        (BSCI, PublishedResult(rating="E"), (MINOR,), HIGH),
        # RBA VAP 0-200: from 160 low, from 100 medium, below high
        (RBA, score("200", "platinum"), NONE, LOW),
        (RBA, score("160", "silver"), NONE, LOW),
        (RBA, score("159.9"), NONE, MEDIUM),
        (RBA, score("100"), NONE, MEDIUM),
        (RBA, score("99"), NONE, HIGH),
        (RBA, score("0"), NONE, HIGH),
        (RBA, score("185", "gold"), (CRIT,), HIGH),
        # EcoVadis 0-100: from 45 low, from 25 medium
        (ECOVADIS, score("92", "platinum"), NONE, LOW),
        (ECOVADIS, score("45"), NONE, LOW),
        (ECOVADIS, score("44"), NONE, MEDIUM),
        (ECOVADIS, score("24"), NONE, HIGH),
        # SMETA publishes no score: the findings give the level
        (SMETA, PublishedResult(), NONE, LOW),
        (SMETA, PublishedResult(), (OBS, OBS), LOW),
        (SMETA, PublishedResult(), (MINOR,), LOW),
        (SMETA, PublishedResult(), (MINOR, MAJOR), MEDIUM),
        (SMETA, PublishedResult(), (CRIT,), HIGH),
        # a certificate valid or not
        (SA8000, PublishedResult(certificate_valid=True), NONE, LOW),
        (SA8000, PublishedResult(certificate_valid=False), NONE, HIGH),
        (Scheme.ISO_45001, PublishedResult(certificate_valid=True), (MAJOR,), MEDIUM),
    ],
)
def test_the_risk_level_of_an_external_audit(
    scheme: Scheme, result: PublishedResult, severities: tuple[Severity, ...], expected: RiskLevel
) -> None:
    assert result_problems(scheme, result) == []
    risk = external_audit_risk(scheme, result, findings(*severities), POLICY)
    assert risk.risk_level is expected
    assert risk.outcome is {LOW: Outcome.ACCEPTED, MEDIUM: Outcome.CONDITIONALLY_ACCEPTED}.get(
        expected, Outcome.NOT_ACCEPTED
    )
    assert risk.policy_version == POLICY.version


def test_the_policy_edition_maps_the_results() -> None:
    strict = replace(
        POLICY,
        amfori_bsci_rating_risk="A=low; B=medium; C=high; D=high; E=high",
        rba_vap_score_risk="180=low; 160=medium; 0=high",
        external_finding_risk="critical=high; major=high; minor=medium; observation=low",
    )
    assert policy_problems(strict) == []
    bsci_b = external_audit_risk(BSCI, PublishedResult(rating="B"), (), strict)
    rba_silver = external_audit_risk(RBA, score("170", "silver"), (), strict)
    smeta_major = external_audit_risk(SMETA, PublishedResult(), findings(MAJOR), strict)
    assert (bsci_b.risk_level, rba_silver.risk_level, smeta_major.risk_level) == (
        MEDIUM,
        MEDIUM,
        HIGH,
    )


def test_the_reasons_cite_the_result_the_findings_and_the_policy() -> None:
    risk = external_audit_risk(RBA, score("170", "silver"), findings(MINOR, MAJOR, OBS), POLICY)
    assert [r.text for r in risk.reasons] == [
        "RBA VAP score 170 (silver) is at least 160: low (policy 2026-01 rba_vap_score_risk)",
        "findings: 1 major, 1 minor, 1 observation; the worst (major) gives at least medium "
        "(policy 2026-01 external_finding_risk)",
        "medium risk: conditionally accepted",
    ]


@pytest.mark.parametrize(
    ("scheme", "result", "field"),
    [
        (BSCI, PublishedResult(), "rating"),
        (BSCI, PublishedResult(rating="F"), "rating"),
        (BSCI, PublishedResult(rating="a"), "rating"),
        (BSCI, PublishedResult(rating="A", score=Decimal(90)), "score"),
        (RBA, PublishedResult(), "score"),
        (RBA, score("201"), "score"),
        (RBA, score("-1"), "score"),
        (RBA, score("175", "gold"), "recognition"),
        (RBA, score("199", "platinum"), "recognition"),
        (RBA, score("170", "bronze"), "recognition"),
        (ECOVADIS, score("101"), "score"),
        (ECOVADIS, score("60", "diamond"), "recognition"),
        (ECOVADIS, PublishedResult(score=Decimal(60), rating="A"), "rating"),
        (SMETA, PublishedResult(score=Decimal(92)), "score"),
        (SMETA, PublishedResult(certificate_valid=True), "certificate_valid"),
        (SA8000, PublishedResult(), "certificate_valid"),
        (SA8000, PublishedResult(certificate_valid=True, recognition="gold"), "recognition"),
    ],
)
def test_a_result_must_be_what_the_scheme_publishes(
    scheme: Scheme, result: PublishedResult, field: str
) -> None:
    assert [p.field for p in result_problems(scheme, result)] == [field]


CODE = CodeOfConduct(
    "2026",
    "Code",
    date(2024, 1, 1),
    (
        Requirement("HS-1", Pillar.HEALTH_AND_SAFETY, "Safe workplace", Decimal(1)),
        Requirement("LAB-1", Pillar.LABOUR, "No forced labour", Decimal(1), zero_tolerance=True),
    ),
)


def test_findings_need_a_description_and_a_known_requirement() -> None:
    given = (
        ExternalFinding(MAJOR, "Fire exit blocked", "HS-1"),
        ExternalFinding(MINOR, "  "),
        ExternalFinding(CRIT, "Passports withheld", "LAB-9"),
        ExternalFinding(OBS, "x" * 4001),
    )
    assert [(p.row, p.field) for p in findings_problems(given, CODE)] == [
        (2, "description"),
        (3, "requirement"),
        (4, "description"),
    ]


def test_observations_open_no_nonconformity() -> None:
    assert [opens_nonconformity(f) for f in findings(CRIT, MAJOR, MINOR, OBS)] == [
        True,
        True,
        True,
        False,
    ]


def test_an_external_audit_cannot_end_in_the_future_or_before_it_started() -> None:
    details = ExternalAuditDetails(BSCI, "BSCI-1", " ", date(2026, 12, 9), date(2026, 12, 8))
    assert [p.field for p in details_problems(details, date(2026, 12, 7))] == [
        "audit_firm",
        "ended_on",
        "ended_on",
    ]


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("amfori_bsci_rating_risk", "A=low; B=low; C=medium; D=high"),
        ("amfori_bsci_rating_risk", "A=low; A=low; B=low; C=medium; D=high; E=high"),
        ("amfori_bsci_rating_risk", "A=fine; B=low; C=medium; D=high; E=high"),
        ("amfori_bsci_rating_risk", "A low"),
        ("rba_vap_score_risk", "160=low; 100=medium"),
        ("rba_vap_score_risk", "250=low; 0=high"),
        ("rba_vap_score_risk", "much=low; 0=high"),
        ("ecovadis_score_risk", "45=low; 45=medium; 0=high"),
        ("certificate_risk", "valid=low"),
        ("external_finding_risk", "critical=high; major=medium; minor=low"),
        ("external_audit_authority", "always"),
    ],
)
def test_a_broken_external_result_table_is_reported_on_its_setting(
    setting: str, value: str
) -> None:
    problems = policy_problems(replace(POLICY, **{setting: value}))
    assert problems
    assert {p.field for p in problems} == {setting}


EXTERNAL = AuditType.EXTERNAL


def candidate(
    audit_id: int, ended_on: date, audit_type: AuditType, risk: RiskLevel
) -> CandidateAudit:
    return CandidateAudit(audit_id, f"A-{audit_id}", audit_type, Party.STAFF, ended_on, risk)


@pytest.mark.parametrize(
    ("authority", "expected_id"),
    [("set", 2), ("raise", 1), ("lower", 2), ("none", 1)],
)
def test_the_policy_says_what_an_external_audit_may_do_to_the_risk(
    authority: str, expected_id: int
) -> None:
    policy = replace(POLICY, external_audit_authority=authority)
    assert authority_of(EXTERNAL, policy).value == authority
    high = candidate(1, date(2026, 3, 1), AuditType.ON_SITE_ANNOUNCED, HIGH)
    low = candidate(2, date(2026, 9, 1), EXTERNAL, LOW)
    choice = audit_that_sets_risk([high, low], date(2026, 12, 7), policy)
    assert choice.audit is not None
    assert choice.audit.audit_id == expected_id


def test_the_shipped_default_lets_an_external_audit_set_the_risk() -> None:
    assert authority_of(EXTERNAL, POLICY).value == "set"
