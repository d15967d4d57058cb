from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supplyesg.domain.audits import RiskLevel
from supplyesg.domain.periods import Quarter
from supplyesg.domain.plans import PlanProgress, PlanRejection
from supplyesg.domain.policy import Policy
from supplyesg.domain.rating import (
    AuditStanding,
    RatingState,
    SupplierStanding,
    rate_supplier,
)

POLICY = Policy()
Q2 = Quarter(2026, 2)  # ends 2026-06-30
LOW, MEDIUM, HIGH = RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH
SCORES = {LOW: Decimal("92.00"), MEDIUM: Decimal("74.50"), HIGH: Decimal("51.00")}


def audited(
    ended_on: date, risk: RiskLevel, progress: PlanProgress | None = None
) -> SupplierStanding:
    audit = AuditStanding(7, "AUD-7", ended_on, risk, SCORES[risk], progress or PlanProgress(2))
    return SupplierStanding(supplier_id=1, terminated=False, latest_audit=audit)


NEVER = SupplierStanding(supplier_id=1, terminated=False, latest_audit=None)


@pytest.mark.parametrize(
    ("standing", "quarter", "state", "score"),
    [
        (NEVER, Q2, RatingState.NOT_RATED, None),
        (
            replace(audited(date(2026, 4, 1), LOW), terminated=True),
            Q2,
            RatingState.TERMINATED,
            None,
        ),
        (audited(date(2026, 4, 1), LOW), Q2, RatingState.RATED, 1),
        (audited(date(2025, 6, 30), LOW), Q2, RatingState.RATED, 1),
        (audited(date(2025, 6, 29), LOW), Q2, RatingState.AUDIT_OVERDUE, None),
        (audited(date(2025, 6, 29), HIGH), Q2, RatingState.AUDIT_OVERDUE, None),
        (audited(date(2026, 1, 15), MEDIUM), Q2, RatingState.RATED, 0),
        # deadline 2026-06-30: the quarter's last day is still in time
        (audited(date(2025, 12, 31), MEDIUM), Q2, RatingState.RATED, 0),
        # deadline 2026-06-29: missed by the quarter's end
        (audited(date(2025, 12, 29), MEDIUM), Q2, RatingState.RATED, -1),
        (
            audited(
                date(2025, 12, 29), MEDIUM, PlanProgress(2, first_accepted_on=date(2026, 6, 29))
            ),
            Q2,
            RatingState.RATED,
            0,
        ),
        (
            audited(
                date(2025, 12, 29), MEDIUM, PlanProgress(2, first_accepted_on=date(2026, 6, 30))
            ),
            Q2,
            RatingState.RATED,
            -1,
        ),
        (
            audited(
                date(2025, 12, 29), MEDIUM, PlanProgress(2, first_accepted_on=date(2026, 2, 1))
            ),
            Quarter(2026, 1),
            RatingState.RATED,
            0,
        ),
        # a plan accepted after the quarter ended does not count for it
        (
            audited(
                date(2025, 8, 31), MEDIUM, PlanProgress(2, first_accepted_on=date(2026, 2, 28))
            ),
            Quarter(2025, 4),
            RatingState.RATED,
            0,
        ),
        (
            audited(
                date(2027, 8, 31), MEDIUM, PlanProgress(2, first_accepted_on=date(2028, 2, 29))
            ),
            Quarter(2028, 1),
            RatingState.RATED,
            0,
        ),
        (audited(date(2027, 8, 31), MEDIUM), Quarter(2028, 1), RatingState.RATED, -1),
        (audited(date(2026, 5, 1), HIGH), Q2, RatingState.RATED, -1),
        (
            audited(date(2026, 1, 5), HIGH, PlanProgress(2, all_covered_on=date(2026, 4, 5))),
            Q2,
            RatingState.RATED,
            -1,
        ),
    ],
)
def test_the_quarterly_score_follows_the_manual(
    standing: SupplierStanding, quarter: Quarter, state: RatingState, score: int | None
) -> None:
    rating = rate_supplier(standing, quarter, POLICY)
    assert (rating.state, rating.score) == (state, score)
    assert rating.policy_version == "2026-01"
    assert rating.quarter == quarter


def test_an_unaudited_supplier_is_not_rated_and_says_why() -> None:
    rating = rate_supplier(NEVER, Q2, POLICY)
    assert [(r.rule, r.text) for r in rating.reasons] == [
        ("rating.never_audited", "no completed audit ended on or before 2026-06-30")
    ]
    assert (rating.audit_id, rating.risk_level) == (None, None)


def test_an_expired_audit_shows_audit_overdue_with_its_dates() -> None:
    rating = rate_supplier(audited(date(2025, 3, 31), LOW), Q2, POLICY)
    assert rating.reasons[0].text == (
        "latest audit AUD-7 ended on 2025-03-31 and counted until 2026-03-31 "
        "(12-month audit cycle, manual section 3)"
    )
    assert (rating.audit_id, rating.risk_level) == (7, LOW)


def test_a_missed_medium_risk_plan_explains_the_minus_one() -> None:
    rating = rate_supplier(audited(date(2025, 12, 29), MEDIUM), Q2, POLICY)
    assert [(r.rule, r.text) for r in rating.reasons] == [
        (
            "rating.score",
            "ESG score -1: medium-risk audit AUD-7 of 2025-12-29; an improvement plan was not "
            "accepted by the deadline of 2026-06-29",
        ),
        (
            "rating.medium_risk",
            "audit AUD-7 of 2025-12-29: score 74.50, medium risk, which scores 0, or -1 once "
            "the 6-month plan deadline is missed (manual section 9)",
        ),
        (
            "plan.deadline_missed",
            "an improvement plan was not accepted by the deadline of 2026-06-29",
        ),
        (
            "rating.plan_missed",
            "plan deadline missed: ESG score 0 lowered to -1 (manual section 9)",
        ),
    ]


def test_a_missed_high_risk_plan_says_the_orders_are_terminated() -> None:
    rating = rate_supplier(audited(date(2026, 3, 15), HIGH), Q2, POLICY)
    assert rating.score == -1
    assert [r.rule for r in rating.reasons] == [
        "rating.score",
        "rating.high_risk",
        "plan.deadline_missed",
        "plan.termination",
    ]
    assert rating.reasons[0].text == (
        "ESG score -1: high-risk audit AUD-7 of 2026-03-15; orders terminated for a missed plan "
        "deadline"
    )


risks = st.sampled_from(list(RiskLevel))
days = st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 12, 31))
progress = st.builds(
    PlanProgress,
    nc_count=st.integers(0, 5),
    first_accepted_on=st.one_of(st.none(), days),
    all_covered_on=st.one_of(st.none(), days),
    all_closed_on=st.one_of(st.none(), days),
)
quarters = st.builds(Quarter, st.integers(2023, 2027), st.integers(1, 4))


@given(days, risks, progress, quarters, st.booleans())
def test_a_rated_supplier_always_scores_one_zero_or_minus_one(
    ended_on: date, risk: RiskLevel, made: PlanProgress, quarter: Quarter, terminated: bool
) -> None:
    standing = replace(audited(ended_on, risk, made), terminated=terminated)
    if ended_on > quarter.last_day:
        standing = replace(standing, latest_audit=None)
    rating = rate_supplier(standing, quarter, POLICY)
    assert rating.score in ({1, 0, -1} if rating.state == RatingState.RATED else {None})
    assert rating.reasons
    assert rate_supplier(standing, quarter, POLICY) == rating


def rejected(submitted: date, on: date, reason: str) -> PlanRejection:
    return PlanRejection(submitted, on, reason)


MEDIUM_ON = date(2025, 11, 15)  # plan deadline 2026-05-15, first overdue day 2026-05-16
REJECTED_ON_MAY_2 = rejected(date(2026, 4, 20), date(2026, 5, 2), "no root cause analysis")


@pytest.mark.parametrize(
    ("progress", "expected"),
    [
        pytest.param(
            PlanProgress(2, first_accepted_on=date(2026, 5, 15)),
            [
                "ESG score 0: medium-risk audit AUD-7 of 2025-11-15",
                "audit AUD-7 of 2025-11-15: score 74.50, medium risk, which scores 0, or -1 once "
                "the 6-month plan deadline is missed (manual section 9)",
                "an improvement plan was accepted on 2026-05-15, within the deadline of 2026-05-15",
            ],
            id="on time",
        ),
        pytest.param(
            PlanProgress(2, first_accepted_on=date(2026, 5, 16)),
            [
                "ESG score -1: medium-risk audit AUD-7 of 2025-11-15; an improvement plan was "
                "accepted on 2026-05-16, one day after the deadline of 2026-05-15",
                "audit AUD-7 of 2025-11-15: score 74.50, medium risk, which scores 0, or -1 once "
                "the 6-month plan deadline is missed (manual section 9)",
                "an improvement plan was accepted on 2026-05-16, one day after the deadline of "
                "2026-05-15",
                "plan deadline missed: ESG score 0 lowered to -1 (manual section 9)",
            ],
            id="late by one day",
        ),
        pytest.param(
            PlanProgress(2, first_accepted_on=date(2026, 6, 3)),
            [
                "ESG score -1: medium-risk audit AUD-7 of 2025-11-15; an improvement plan was "
                "accepted on 2026-06-03, 19 days after the deadline of 2026-05-15",
                "audit AUD-7 of 2025-11-15: score 74.50, medium risk, which scores 0, or -1 once "
                "the 6-month plan deadline is missed (manual section 9)",
                "an improvement plan was accepted on 2026-06-03, 19 days after the deadline of "
                "2026-05-15",
                "plan deadline missed: ESG score 0 lowered to -1 (manual section 9)",
            ],
            id="late by N days",
        ),
        pytest.param(
            PlanProgress(2, first_accepted_on=date(2026, 5, 10), rejections=(REJECTED_ON_MAY_2,)),
            [
                "ESG score 0: medium-risk audit AUD-7 of 2025-11-15",
                "audit AUD-7 of 2025-11-15: score 74.50, medium risk, which scores 0, or -1 once "
                "the 6-month plan deadline is missed (manual section 9)",
                "the plan sent on 2026-04-20 was rejected on 2026-05-02: no root cause analysis",
                "an improvement plan was accepted on 2026-05-10, within the deadline of 2026-05-15",
            ],
            id="rejected then accepted",
        ),
        pytest.param(
            PlanProgress(2, rejections=(REJECTED_ON_MAY_2,)),
            [
                "ESG score -1: medium-risk audit AUD-7 of 2025-11-15; an improvement plan was "
                "not accepted by the deadline of 2026-05-15",
                "audit AUD-7 of 2025-11-15: score 74.50, medium risk, which scores 0, or -1 once "
                "the 6-month plan deadline is missed (manual section 9)",
                "the plan sent on 2026-04-20 was rejected on 2026-05-02: no root cause analysis",
                "an improvement plan was not accepted by the deadline of 2026-05-15",
                "plan deadline missed: ESG score 0 lowered to -1 (manual section 9)",
            ],
            id="rejected only",
        ),
        pytest.param(
            PlanProgress(2),
            [
                "ESG score -1: medium-risk audit AUD-7 of 2025-11-15; an improvement plan was "
                "not accepted by the deadline of 2026-05-15",
                "audit AUD-7 of 2025-11-15: score 74.50, medium risk, which scores 0, or -1 once "
                "the 6-month plan deadline is missed (manual section 9)",
                "an improvement plan was not accepted by the deadline of 2026-05-15",
                "plan deadline missed: ESG score 0 lowered to -1 (manual section 9)",
            ],
            id="no plan",
        ),
        pytest.param(
            PlanProgress(1, all_closed_on=date(2026, 5, 1)),
            [
                "ESG score 0: medium-risk audit AUD-7 of 2025-11-15",
                "audit AUD-7 of 2025-11-15: score 74.50, medium risk, which scores 0, or -1 once "
                "the 6-month plan deadline is missed (manual section 9)",
                "no plan was accepted, but the 1 non-conformity was closed on 2026-05-01, within "
                "the deadline of 2026-05-15",
            ],
            id="one non-conformity closed without a plan",
        ),
        pytest.param(
            PlanProgress(3, all_closed_on=date(2026, 5, 1)),
            [
                "ESG score 0: medium-risk audit AUD-7 of 2025-11-15",
                "audit AUD-7 of 2025-11-15: score 74.50, medium risk, which scores 0, or -1 once "
                "the 6-month plan deadline is missed (manual section 9)",
                "no plan was accepted, but all 3 non-conformities were closed on 2026-05-01, "
                "within the deadline of 2026-05-15",
            ],
            id="three non-conformities closed without a plan",
        ),
        pytest.param(
            PlanProgress(0),
            [
                "ESG score 0: medium-risk audit AUD-7 of 2025-11-15",
                "audit AUD-7 of 2025-11-15: score 74.50, medium risk, which scores 0, or -1 once "
                "the 6-month plan deadline is missed (manual section 9)",
                "the audit left no non-conformity open: no plan is needed",
            ],
            id="nothing to plan",
        ),
    ],
)
def test_a_medium_risk_explanation_leads_with_the_score_then_each_step(
    progress: PlanProgress, expected: list[str]
) -> None:
    rating = rate_supplier(audited(MEDIUM_ON, MEDIUM, progress), Q2, POLICY)
    assert [r.text for r in rating.reasons] == expected
    assert rating.score == int(expected[0].split(":")[0].removeprefix("ESG score "))


@pytest.mark.parametrize(
    ("progress", "deadline_text"),
    [
        pytest.param(
            PlanProgress(1),
            "a plan covering the 1 non-conformity was not accepted by the deadline of 2026-06-15",
            id="one non-conformity",
        ),
        pytest.param(
            PlanProgress(2),
            "a plan covering all 2 non-conformities was not accepted by the deadline of 2026-06-15",
            id="two non-conformities",
        ),
        pytest.param(
            PlanProgress(2, all_covered_on=date(2026, 6, 25)),
            "a plan covering all 2 non-conformities was in place on 2026-06-25, 10 days after "
            "the deadline of 2026-06-15",
            id="covered late",
        ),
    ],
)
def test_a_high_risk_explanation_counts_the_non_conformities_in_good_english(
    progress: PlanProgress, deadline_text: str
) -> None:
    rating = rate_supplier(audited(date(2026, 3, 15), HIGH, progress), Q2, POLICY)
    assert rating.reasons[0].text.startswith("ESG score -1: high-risk audit AUD-7 of 2026-03-15")
    assert rating.reasons[2].text == deadline_text
    assert rating.reasons[3].text == (
        f"high-risk audit AUD-7 of 2026-03-15: {deadline_text}; orders terminated "
        "(manual section 9)"
    )


def test_a_rejection_decided_after_the_quarter_is_not_yet_told() -> None:
    later = rejected(date(2026, 6, 20), date(2026, 7, 3), "too vague")
    rating = rate_supplier(
        audited(MEDIUM_ON, MEDIUM, PlanProgress(2, rejections=(later,))), Q2, POLICY
    )
    assert not any(r.rule == "plan.rejected" for r in rating.reasons)
