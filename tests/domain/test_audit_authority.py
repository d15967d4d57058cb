"""Which audit sets a supplier's audit risk: by type, by who completed it, reviewed or not."""

from dataclasses import replace
from datetime import date

import pytest

from supplyesg.domain.audit_authority import (
    Authority,
    CandidateAudit,
    Party,
    audit_that_sets_risk,
    may_replace,
    review_problems,
    reviewed_findings,
)
from supplyesg.domain.audits import AuditType, Finding, RiskLevel, Verdict
from supplyesg.domain.policy import Policy, policy_problems

POLICY = Policy()
AS_OF = date(2026, 12, 7)
SELF, DESK, ON_SITE = (
    AuditType.SELF_ASSESSMENT,
    AuditType.DESKTOP_REVIEW,
    AuditType.ON_SITE_ANNOUNCED,
)
LOW, MEDIUM, HIGH = RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH


def audit(
    audit_id: int,
    ended_on: date,
    audit_type: AuditType,
    risk: RiskLevel,
    by: Party = Party.STAFF,
    reviews: int | None = None,
) -> CandidateAudit:
    return CandidateAudit(audit_id, f"A-{audit_id}", audit_type, by, ended_on, risk, reviews)


STAFF_HIGH = audit(1, date(2026, 8, 1), ON_SITE, HIGH)
OWN_LOW = audit(2, date(2026, 11, 20), SELF, LOW, Party.SUPPLIER)


@pytest.mark.parametrize(
    ("candidates", "expected_id", "expected_risk"),
    [
        ([], None, None),
        ([STAFF_HIGH], 1, HIGH),
        # the loophole: a perfect self-assessment the supplier submitted, not reviewed
        ([STAFF_HIGH, OWN_LOW], 1, HIGH),
        # reviewed, the supplier's own self-assessment still may not lower a staff level ...
        (
            [STAFF_HIGH, OWN_LOW, audit(3, date(2026, 11, 25), DESK, HIGH, reviews=2)],
            3,
            HIGH,
        ),
        # ... but the staff desktop review that reviewed it sets the level, whatever it found
        ([STAFF_HIGH, OWN_LOW, audit(3, date(2026, 11, 25), DESK, LOW, reviews=2)], 3, LOW),
        # a review by the supplier itself is no staff review
        (
            [
                STAFF_HIGH,
                OWN_LOW,
                audit(3, date(2026, 11, 25), DESK, LOW, Party.SUPPLIER, reviews=2),
            ],
            1,
            HIGH,
        ),
        # staff-entered self-assessments count, but only raise
        (
            [audit(1, date(2026, 1, 5), DESK, MEDIUM), audit(2, date(2026, 6, 1), SELF, LOW)],
            1,
            MEDIUM,
        ),
        (
            [audit(1, date(2026, 1, 5), DESK, MEDIUM), audit(2, date(2026, 6, 1), SELF, HIGH)],
            2,
            HIGH,
        ),
        # the same level does not restart the clock of the audit that set it
        ([audit(1, date(2026, 1, 5), DESK, HIGH), audit(2, date(2026, 6, 1), SELF, HIGH)], 1, HIGH),
        # with nothing before it, a self-assessment that counts sets the level
        ([audit(1, date(2026, 6, 1), SELF, LOW)], 1, LOW),
        # an unreviewed one of the supplier's does not
        ([audit(1, date(2026, 6, 1), SELF, LOW, Party.SUPPLIER)], None, None),
        # a later staff audit replaces a high level, up or down
        ([STAFF_HIGH, audit(2, date(2026, 11, 1), DESK, LOW)], 2, LOW),
        (
            [audit(1, date(2026, 1, 5), ON_SITE, LOW), audit(2, date(2026, 6, 1), ON_SITE, HIGH)],
            2,
            HIGH,
        ),
        # audits that end after the day do not count yet; the order given does not matter
        ([audit(2, date(2026, 12, 8), DESK, LOW), STAFF_HIGH], 1, HIGH),
        # the same day: the one recorded last
        ([audit(2, date(2026, 8, 1), ON_SITE, LOW), STAFF_HIGH], 2, LOW),
    ],
)
def test_the_audit_that_sets_the_risk(
    candidates: list[CandidateAudit], expected_id: int | None, expected_risk: RiskLevel | None
) -> None:
    choice = audit_that_sets_risk(candidates, AS_OF, POLICY)
    assert (choice.audit.audit_id if choice.audit else None, choice.risk) == (
        expected_id,
        expected_risk,
    )


@pytest.mark.parametrize(
    ("authority", "current", "found", "replaces"),
    [
        (Authority.SET, HIGH, LOW, True),
        (Authority.SET, LOW, LOW, True),
        (Authority.RAISE, LOW, MEDIUM, True),
        (Authority.RAISE, MEDIUM, MEDIUM, False),
        (Authority.RAISE, HIGH, LOW, False),
        (Authority.LOWER, HIGH, MEDIUM, True),
        (Authority.LOWER, LOW, HIGH, False),
        (Authority.NONE, LOW, HIGH, False),
    ],
)
def test_what_each_authority_may_do(
    authority: Authority, current: RiskLevel, found: RiskLevel, replaces: bool
) -> None:
    assert may_replace(authority, current, found) is replaces


def test_the_policy_names_each_types_authority() -> None:
    strict = replace(POLICY, desktop_review_authority="raise", on_site_authority="set")
    candidates = [STAFF_HIGH, audit(2, date(2026, 11, 1), DESK, LOW)]
    assert audit_that_sets_risk(candidates, AS_OF, strict).risk is HIGH
    lenient = replace(POLICY, self_assessment_authority="set")
    candidates = [STAFF_HIGH, audit(2, date(2026, 11, 1), SELF, LOW)]
    assert audit_that_sets_risk(candidates, AS_OF, lenient).risk is LOW
    ignored = replace(POLICY, self_assessment_authority="none")
    assert (
        audit_that_sets_risk([audit(1, date(2026, 6, 1), SELF, LOW)], AS_OF, ignored).audit is None
    )


@pytest.mark.parametrize("value", ["", "SET", "always", "sets"])
def test_an_authority_is_set_raise_lower_or_none(value: str) -> None:
    [problem] = policy_problems(replace(POLICY, self_assessment_authority=value))
    assert (problem.field, problem.reason) == (
        "self_assessment_authority",
        "must be one of set, raise, lower, none",
    )


def test_the_reasons_say_which_audit_stands_and_which_did_not_count() -> None:
    staff_self_low = audit(3, date(2026, 11, 30), SELF, LOW)
    choice = audit_that_sets_risk([STAFF_HIGH, OWN_LOW, staff_self_low], AS_OF, POLICY)
    assert [r.rule for r in choice.reasons] == [
        "audit.sets_risk",
        "audit.awaiting_review",
        "audit.left_standing",
    ]
    assert choice.reasons[0].text == "on site announced A-1 of 2026-08-01 sets the audit risk: high"
    assert "completed by the supplier and does not count until staff review it" in (
        choice.reasons[1].text
    )
    assert choice.reasons[2].text == (
        "self assessment A-3 of 2026-11-30 found low but may only raise the audit risk "
        "(policy self_assessment_authority: raise): A-1 (high) stands, with its "
        "non-conformities and plan deadline"
    )
    # the self-assessment that counted (staff-entered) keeps the supplier audited this cycle
    assert choice.last_audited_on == date(2026, 11, 30)


def test_the_audit_cycle_counts_from_the_latest_audit_that_counts() -> None:
    choice = audit_that_sets_risk([STAFF_HIGH, OWN_LOW], AS_OF, POLICY)
    assert choice.last_audited_on == date(2026, 8, 1)


@pytest.mark.parametrize(
    ("reviewed", "existing", "ended_on", "fields"),
    [
        (OWN_LOW, None, date(2026, 11, 20), []),
        (OWN_LOW, "A-9", date(2026, 11, 21), ["audit"]),
        (OWN_LOW, None, date(2026, 11, 19), ["ended_on"]),
        (STAFF_HIGH, None, date(2026, 11, 19), ["audit"]),
    ],
)
def test_a_self_assessment_is_reviewed_once_on_or_after_its_end(
    reviewed: CandidateAudit, existing: str | None, ended_on: date, fields: list[str]
) -> None:
    assert [p.field for p in review_problems(reviewed, existing, ended_on)] == fields


def test_a_review_keeps_the_answers_it_does_not_overrule() -> None:
    answers = [Finding("LAB-01", Verdict.CONFORMING), Finding("HS-02", Verdict.CONFORMING)]
    verdicts = [Finding("HS-02", Verdict.MAJOR, "no guards on the press")]
    assert reviewed_findings(answers, verdicts) == (
        Finding("LAB-01", Verdict.CONFORMING),
        Finding("HS-02", Verdict.MAJOR, "no guards on the press"),
    )
