from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supplyesg.domain.audits import (
    AuditDetails,
    AuditType,
    Finding,
    Outcome,
    RiskLevel,
    Verdict,
    audit_expires_on,
    audit_result,
    correction_problems,
    details_problems,
    findings_problems,
    is_expired,
    level_of_score,
    on_site_audit_due_on,
    reference_problems,
)
from supplyesg.domain.conduct import CodeOfConduct, Pillar, Requirement
from supplyesg.domain.policy import Policy

CODE = CodeOfConduct(
    "2026",
    "Supplier code of conduct",
    date(2026, 1, 1),
    (
        Requirement("ENV-01", Pillar.ENVIRONMENT, "Holds its permits", Decimal(2)),
        Requirement("ENV-02", Pillar.ENVIRONMENT, "Measures its energy use", Decimal(1)),
        Requirement("LAB-01", Pillar.LABOUR, "Employs no child", Decimal(3), zero_tolerance=True),
        Requirement("LAB-02", Pillar.LABOUR, "Pays overtime", Decimal(2)),
        Requirement("HS-01", Pillar.HEALTH_AND_SAFETY, "Assesses hazards", Decimal(1)),
        Requirement("ETH-01", Pillar.ETHICS, "Offers no bribe", Decimal(3), zero_tolerance=True),
    ),
)
POLICY = Policy()
C, MI, MA, CR, NA = (
    Verdict.CONFORMING,
    Verdict.MINOR,
    Verdict.MAJOR,
    Verdict.CRITICAL,
    Verdict.NOT_APPLICABLE,
)


def judged(**verdicts: Verdict) -> list[Finding]:
    """A verdict on every requirement: conforming unless named (ENV_01=MI ...)."""
    named = {key.replace("_", "-"): value for key, value in verdicts.items()}
    return [
        Finding(r.id, named.get(r.id, C), "seen on site" if r.id in named else "")
        for r in CODE.requirements
    ]


@pytest.mark.parametrize(
    ("findings", "score", "pillars", "level", "outcome"),
    [
        (judged(), "100.00", ("100.00", "100.00", "100.00", "100.00"), "low", "accepted"),
        (
            judged(ENV_02=MI, LAB_02=MA, HS_01=NA),
            "77.27",
            ("83.33", "60.00", None, "100.00"),
            "medium",
            "conditionally_accepted",
        ),
        (
            judged(ENV_01=MI),
            "91.67",
            ("66.67", "100.00", "100.00", "100.00"),
            "low",
            "accepted",
        ),
        (
            judged(ENV_01=MA, LAB_02=MA, HS_01=MA),
            "58.33",
            ("33.33", "60.00", "0.00", "100.00"),
            "high",
            "not_accepted",
        ),
        (
            judged(LAB_01=CR),
            "75.00",
            ("100.00", "40.00", "100.00", "100.00"),
            "high",
            "not_accepted",
        ),
    ],
)
def test_an_audit_is_scored_by_weight_per_pillar_and_overall(
    findings: list[Finding],
    score: str,
    pillars: tuple[str | None, ...],
    level: str,
    outcome: str,
) -> None:
    result = audit_result(findings, CODE, POLICY)
    assert result.score == Decimal(score)
    shown = tuple(None if s is None else str(s) for s in result.pillar_scores.values())
    assert shown == pillars
    assert (result.risk_level, result.outcome) == (level, outcome)
    assert result.policy_version == "2026-01"


@pytest.mark.parametrize(
    ("score", "level"),
    [
        ("100", RiskLevel.LOW),
        ("85.00", RiskLevel.LOW),
        ("84.99", RiskLevel.MEDIUM),
        ("65.00", RiskLevel.MEDIUM),
        ("64.99", RiskLevel.HIGH),
        ("0", RiskLevel.HIGH),
    ],
)
def test_the_policy_thresholds_set_the_risk_level(score: str, level: RiskLevel) -> None:
    assert level_of_score(Decimal(score), POLICY) == level


def test_a_zero_tolerance_breach_is_high_risk_whatever_the_score() -> None:
    lenient = replace(POLICY, low_risk_min_score=Decimal(70), medium_risk_min_score=Decimal(50))
    result = audit_result(judged(LAB_01=CR), CODE, lenient)
    assert result.score == Decimal("75.00")
    assert result.risk_level == RiskLevel.HIGH
    assert result.outcome == Outcome.NOT_ACCEPTED
    assert [r.rule for r in result.reasons] == [
        "audit.score",
        "audit.zero_tolerance",
        "audit.outcome",
    ]
    assert "LAB-01" in result.reasons[1].text


def test_the_reasons_name_the_findings_and_the_threshold() -> None:
    result = audit_result(judged(ENV_02=MI, LAB_02=MA, HS_01=NA), CODE, POLICY)
    assert [r.text for r in result.reasons] == [
        "score 77.27 out of 100 over 5 applicable requirements; "
        "non-conformities: ENV-02 (minor), LAB-02 (major)",
        "score 77.27 is below 85 and at least 65 (policy 2026-01): medium",
        "medium risk: conditionally accepted",
    ]


def test_the_credits_of_minor_and_major_findings_come_from_the_policy() -> None:
    strict = replace(POLICY, minor_credit=Decimal("0.25"), major_credit=Decimal(0))
    assert audit_result(judged(ENV_01=MI), CODE, strict).score == Decimal("87.50")


def test_an_audit_with_nothing_applicable_has_no_score() -> None:
    with pytest.raises(ValueError, match="no applicable"):
        audit_result([Finding(r.id, NA) for r in CODE.requirements], CODE, POLICY)


@pytest.mark.parametrize(
    ("finding", "field"),
    [
        (Finding("ENV-99", C), "requirement"),
        (Finding("ENV-01", CR, "burnt waste"), "verdict"),
        (Finding("ENV-01", MI), "notes"),
        (Finding("ENV-01", C, "x" * 4001), "notes"),
        (Finding("ENV-01", C, "", ("",)), "evidence"),
    ],
)
def test_a_broken_finding_is_reported_on_its_row(finding: Finding, field: str) -> None:
    findings = [finding if f.requirement_id == "ENV-01" else f for f in judged()]
    if finding.requirement_id == "ENV-99":
        findings[0] = finding
    problems = findings_problems(findings, CODE, complete=True)
    assert [(p.field, p.row) for p in problems if p.field == field] == [(field, 1)]


def test_a_draft_may_be_partial_but_completion_needs_every_verdict() -> None:
    partial = judged()[:4]
    assert findings_problems(partial, CODE, complete=False) == []
    problems = findings_problems(partial, CODE, complete=True)
    assert [(p.field, p.value) for p in problems] == [("findings", "HS-01, ETH-01")]


def test_a_requirement_judged_twice_is_refused() -> None:
    problems = findings_problems([*judged(), Finding("HS-01", C)], CODE, complete=True)
    assert [(p.field, p.row) for p in problems] == [("requirement", 5), ("requirement", 7)]


def test_an_audit_where_nothing_applies_cannot_be_completed() -> None:
    findings = [Finding(r.id, NA) for r in CODE.requirements]
    problems = findings_problems(findings, CODE, complete=True)
    assert [p.reason for p in problems] == ["at least one requirement must be applicable"]


TODAY = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("details", "fields"),
    [
        (AuditDetails(AuditType.DESKTOP_REVIEW, "A. Auditor", TODAY, TODAY), []),
        (AuditDetails(AuditType.DESKTOP_REVIEW, " ", TODAY, TODAY), ["auditor"]),
        (
            AuditDetails(AuditType.ON_SITE_ANNOUNCED, "A", date(2026, 5, 2), date(2026, 5, 1)),
            ["ended_on"],
        ),
        (
            AuditDetails(AuditType.ON_SITE_UNANNOUNCED, "A", TODAY, date(2026, 11, 22)),
            ["ended_on"],
        ),
        (AuditDetails(AuditType.SELF_ASSESSMENT, "A", TODAY, TODAY, ("Plant 1", "")), ["sites[2]"]),
    ],
)
def test_audit_details_are_checked(details: AuditDetails, fields: list[str]) -> None:
    assert [p.field for p in details_problems(details, TODAY)] == fields


@pytest.mark.parametrize(
    ("audit_type", "on_site"),
    [
        (AuditType.SELF_ASSESSMENT, False),
        (AuditType.DESKTOP_REVIEW, False),
        (AuditType.ON_SITE_ANNOUNCED, True),
        (AuditType.ON_SITE_UNANNOUNCED, True),
    ],
)
def test_only_visits_count_as_on_site(audit_type: AuditType, on_site: bool) -> None:
    assert audit_type.is_on_site is on_site


@pytest.mark.parametrize(
    ("ended_on", "on", "expired"),
    [
        (date(2025, 6, 30), date(2026, 6, 30), False),
        (date(2025, 6, 30), date(2026, 7, 1), True),
        (date(2024, 2, 29), date(2025, 2, 28), False),
        (date(2024, 2, 29), date(2025, 3, 1), True),
        (date(2025, 8, 31), date(2026, 8, 31), False),
        (date(2025, 12, 31), date(2026, 12, 31), False),
        (date(2025, 12, 31), date(2027, 1, 1), True),
    ],
)
def test_an_audit_counts_for_one_audit_cycle_up_to_the_same_day(
    ended_on: date, on: date, expired: bool
) -> None:
    assert is_expired(ended_on, on, POLICY) is expired


@pytest.mark.parametrize(
    ("ended_on", "expires_on"),
    [
        (date(2025, 6, 30), date(2026, 6, 30)),
        (date(2024, 2, 29), date(2025, 2, 28)),
        (date(2025, 2, 28), date(2026, 2, 28)),
        (date(2027, 2, 28), date(2028, 2, 28)),
    ],
)
def test_an_audit_expires_one_cycle_after_it_ended(ended_on: date, expires_on: date) -> None:
    assert audit_expires_on(ended_on, POLICY) == expires_on


@pytest.mark.parametrize(
    ("last_on_site", "due"),
    [
        (date(2023, 5, 10), date(2026, 5, 10)),
        (date(2024, 2, 29), date(2027, 2, 28)),
        (date(2025, 8, 31), date(2028, 8, 31)),
    ],
)
def test_a_high_risk_supplier_needs_an_on_site_audit_every_36_months(
    last_on_site: date, due: date
) -> None:
    assert on_site_audit_due_on(last_on_site, POLICY) == due


@pytest.mark.parametrize(("reason", "count"), [("", 1), ("  ", 1), ("typo in LAB-02", 0)])
def test_a_correction_needs_a_reason(reason: str, count: int) -> None:
    assert len(correction_problems(reason)) == count


verdicts = st.sampled_from([C, MI, MA, NA])


@given(st.lists(verdicts, min_size=6, max_size=6))
def test_a_score_always_lies_between_0_and_100(chosen: list[Verdict]) -> None:
    findings = [Finding(r.id, v, "x") for r, v in zip(CODE.requirements, chosen, strict=True)]
    if all(v == NA for v in chosen):
        return
    result = audit_result(findings, CODE, POLICY)
    assert Decimal(0) <= result.score <= Decimal(100)
    assert result.risk_level == level_of_score(result.score, POLICY)


@given(st.lists(verdicts, min_size=6, max_size=6), st.integers(min_value=0, max_value=5))
def test_a_not_applicable_requirement_never_moves_the_score(
    chosen: list[Verdict], dropped: int
) -> None:
    findings = [Finding(r.id, v, "x") for r, v in zip(CODE.requirements, chosen, strict=True)]
    kept = [f for i, f in enumerate(findings) if i != dropped]
    lighter = replace(
        CODE, requirements=tuple(r for i, r in enumerate(CODE.requirements) if i != dropped)
    )
    if all(f.verdict == NA for f in kept):
        return
    with_na = [*kept, Finding(CODE.requirements[dropped].id, NA)]
    assert audit_result(with_na, CODE, POLICY).score == audit_result(kept, lighter, POLICY).score


@pytest.mark.parametrize(
    ("reference", "valid"),
    [("AUD-2026-00001", True), ("a.1_b", True), ("", False), ("-AUD", False), ("A B", False)],
)
def test_an_audit_reference_is_a_short_code(reference: str, valid: bool) -> None:
    assert (reference_problems(reference) == []) is valid
