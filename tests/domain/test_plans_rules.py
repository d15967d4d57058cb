from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supplyesg.domain.audits import RiskLevel, Verdict
from supplyesg.domain.plans import (
    DeadlineState,
    ImprovementPlan,
    NcStatus,
    NonConformity,
    PlanAction,
    PlanProgress,
    PlanRejection,
    PlanStatus,
    closing_date_problems,
    decision_problems,
    is_overdue,
    nc_move_problems,
    nc_overdue_since,
    plan_deadline,
    plan_deadline_status,
    plan_problems,
    plan_progress,
    termination_reason,
)
from supplyesg.domain.policy import Policy

POLICY = Policy()
S = NcStatus
LOW, MEDIUM, HIGH = RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH


def nc(id_: int, status: NcStatus = S.OPEN, **fields: object) -> NonConformity:
    return NonConformity(id_, f"LAB-0{id_}", Verdict.MAJOR, status, **fields)  # type: ignore[arg-type]


def plan(
    id_: int, nc_ids: list[int], submitted: date, status: PlanStatus, decided: date | None = None
) -> ImprovementPlan:
    actions = tuple(PlanAction(n, "fix it", "Plant manager", submitted) for n in nc_ids)
    return ImprovementPlan(id_, submitted, actions, status, decided)


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (S.OPEN, S.PLAN_SUBMITTED, True),
        (S.OPEN, S.IN_PROGRESS, True),
        (S.OPEN, S.AWAITING_VERIFICATION, True),
        (S.OPEN, S.CLOSED, False),
        (S.PLAN_SUBMITTED, S.PLAN_ACCEPTED, True),
        (S.PLAN_SUBMITTED, S.OPEN, True),
        (S.PLAN_SUBMITTED, S.IN_PROGRESS, False),
        (S.PLAN_ACCEPTED, S.IN_PROGRESS, True),
        (S.IN_PROGRESS, S.AWAITING_VERIFICATION, True),
        (S.IN_PROGRESS, S.CLOSED, False),
        (S.AWAITING_VERIFICATION, S.CLOSED, True),
        (S.AWAITING_VERIFICATION, S.IN_PROGRESS, True),
        (S.CLOSED, S.OPEN, False),
        (S.WITHDRAWN, S.OPEN, False),
    ],
)
def test_a_non_conformity_moves_only_along_the_follow_up(
    current: NcStatus, target: NcStatus, allowed: bool
) -> None:
    assert (nc_move_problems(current, target) == []) is allowed


def test_a_closed_non_conformity_is_final() -> None:
    assert nc_move_problems(S.CLOSED, S.IN_PROGRESS)[0].reason.endswith("none (it is final)")


DUE = date(2026, 3, 31)


@pytest.mark.parametrize(
    ("item", "on", "overdue"),
    [
        (nc(1, due_on=DUE), date(2026, 3, 30), False),
        (nc(1, due_on=DUE), DUE, False),
        (nc(1, due_on=DUE), date(2026, 4, 1), True),
        (nc(1), date(2030, 1, 1), False),
        (nc(1, S.CLOSED, due_on=DUE, closed_on=date(2026, 4, 5)), date(2026, 4, 10), False),
        (nc(1, S.CLOSED, due_on=DUE, closed_on=date(2026, 4, 5)), date(2026, 4, 3), True),
        (nc(1, S.CLOSED, due_on=DUE, closed_on=date(2026, 3, 1)), date(2026, 4, 3), False),
    ],
)
def test_overdue_is_computed_from_the_closing_date(
    item: NonConformity, on: date, overdue: bool
) -> None:
    assert is_overdue(item, on) is overdue
    # overdue since the first day past the closing date, whichever day it is judged on
    assert nc_overdue_since(item, on) == (date(2026, 4, 1) if overdue else None)


TODAY = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("item", "due_on", "owner", "fields"),
    [
        (nc(1), TODAY, "Quality lead", []),
        (nc(1), TODAY - timedelta(days=1), "Quality lead", ["due_on"]),
        (nc(1), TODAY, " ", ["owner"]),
        (nc(1, due_on=DUE), TODAY, "Quality lead", ["due_on"]),
        (nc(1, S.IN_PROGRESS), TODAY, "Quality lead", ["status"]),
    ],
)
def test_a_closing_date_is_agreed_once_for_an_open_non_conformity(
    item: NonConformity, due_on: date, owner: str, fields: list[str]
) -> None:
    assert [p.field for p in closing_date_problems(item, due_on, owner, TODAY)] == fields


AUDIT_ON = date(2026, 5, 15)
NCS = {1: nc(1), 2: nc(2), 3: nc(3, S.PLAN_SUBMITTED)}


@pytest.mark.parametrize(
    ("actions", "submitted", "expected"),
    [
        ([PlanAction(1, "Train", "HR", TODAY)], TODAY, []),
        ([], TODAY, [("actions", None)]),
        ([PlanAction(1, "Train", "HR", TODAY)], date(2026, 5, 14), [("submitted_on", None)]),
        (
            [PlanAction(1, "Train", "HR", date(2026, 12, 1))],
            date(2026, 11, 22),
            [("submitted_on", None)],
        ),
        ([PlanAction(9, "Train", "HR", TODAY)], TODAY, [("nc_id", 1)]),
        ([PlanAction(3, "Train", "HR", TODAY)], TODAY, [("nc_id", 1)]),
        ([PlanAction(2, "", "HR", TODAY)], TODAY, [("action", 1)]),
        ([PlanAction(2, "Train", "", TODAY)], TODAY, [("owner", 1)]),
        ([PlanAction(2, "Train", "HR", date(2026, 6, 1))], TODAY, [("due_on", 1)]),
        (
            [PlanAction(1, "Train", "HR", TODAY), PlanAction(1, "Audit", "HR", TODAY)],
            TODAY,
            [("nc_id", 1), ("nc_id", 2)],
        ),
    ],
)
def test_a_plan_covers_open_non_conformities_of_its_audit(
    actions: list[PlanAction], submitted: date, expected: list[tuple[str, int | None]]
) -> None:
    problems = plan_problems(actions, submitted, NCS, AUDIT_ON, TODAY)
    assert [(p.field, p.row) for p in problems] == expected


SUBMITTED = plan(1, [1], date(2026, 6, 1), PlanStatus.SUBMITTED)


@pytest.mark.parametrize(
    ("item", "decided", "accept", "reason", "fields"),
    [
        (SUBMITTED, date(2026, 6, 1), True, "", []),
        (SUBMITTED, date(2026, 6, 2), False, "no root cause analysis", []),
        (SUBMITTED, date(2026, 6, 2), False, " ", ["reason"]),
        (SUBMITTED, date(2026, 5, 31), True, "", ["decided_on"]),
        (SUBMITTED, date(2026, 11, 22), True, "", ["decided_on"]),
        (
            plan(1, [1], date(2026, 6, 1), PlanStatus.REJECTED, date(2026, 6, 2)),
            date(2026, 6, 3),
            True,
            "",
            ["status"],
        ),
    ],
)
def test_a_submitted_plan_is_decided_once_and_a_rejection_says_why(
    item: ImprovementPlan, decided: date, accept: bool, reason: str, fields: list[str]
) -> None:
    assert [p.field for p in decision_problems(item, decided, accept, reason, TODAY)] == fields


def test_plan_progress_dates_coverage_by_accepted_plans_and_closure() -> None:
    ncs = [
        nc(1, S.PLAN_ACCEPTED),
        nc(2, S.CLOSED, closed_on=date(2026, 6, 20)),
        nc(3, S.PLAN_ACCEPTED),
        nc(4, S.WITHDRAWN),
    ]
    plans = [
        plan(1, [1, 3], date(2026, 6, 1), PlanStatus.REJECTED, date(2026, 6, 5)),
        plan(2, [1], date(2026, 6, 10), PlanStatus.ACCEPTED, date(2026, 6, 15)),
        plan(3, [3], date(2026, 6, 16), PlanStatus.ACCEPTED, date(2026, 7, 2)),
    ]
    assert plan_progress(ncs, plans) == PlanProgress(
        nc_count=3,
        first_accepted_on=date(2026, 6, 15),
        all_covered_on=date(2026, 7, 2),
        all_closed_on=None,
        rejections=(PlanRejection(date(2026, 6, 1), date(2026, 6, 5), ""),),
    )


def test_an_audit_without_non_conformities_has_empty_progress() -> None:
    assert plan_progress([], []) == PlanProgress(0)


@pytest.mark.parametrize(
    ("risk", "audit_on", "due"),
    [
        (LOW, date(2026, 1, 15), None),
        (MEDIUM, date(2026, 1, 15), date(2026, 7, 15)),
        (MEDIUM, date(2025, 8, 31), date(2026, 2, 28)),
        (MEDIUM, date(2027, 8, 31), date(2028, 2, 29)),
        (HIGH, date(2025, 11, 30), date(2026, 2, 28)),
        (HIGH, date(2023, 11, 29), date(2024, 2, 29)),
        (HIGH, date(2026, 3, 31), date(2026, 6, 30)),
        (HIGH, date(2026, 12, 31), date(2027, 3, 31)),
    ],
)
def test_the_plan_deadline_is_six_or_three_calendar_months_after_the_audit(
    risk: RiskLevel, audit_on: date, due: date | None
) -> None:
    assert plan_deadline(risk, audit_on, POLICY) == due


MEDIUM_ON = date(2025, 8, 31)  # plan due 2026-02-28
HIGH_ON = date(2025, 11, 30)  # plan due 2026-02-28
FEB_27, FEB_28, MAR_1 = date(2026, 2, 27), date(2026, 2, 28), date(2026, 3, 1)
NONE_YET = PlanProgress(nc_count=3)


@pytest.mark.parametrize(
    ("risk", "audit_on", "progress", "as_of", "state"),
    [
        (LOW, MEDIUM_ON, NONE_YET, MAR_1, DeadlineState.NOT_REQUIRED),
        (MEDIUM, MEDIUM_ON, NONE_YET, FEB_27, DeadlineState.PENDING),
        (MEDIUM, MEDIUM_ON, NONE_YET, FEB_28, DeadlineState.PENDING),
        (MEDIUM, MEDIUM_ON, NONE_YET, MAR_1, DeadlineState.MISSED),
        (MEDIUM, MEDIUM_ON, PlanProgress(3, first_accepted_on=FEB_28), FEB_28, DeadlineState.MET),
        (
            MEDIUM,
            MEDIUM_ON,
            PlanProgress(3, first_accepted_on=FEB_28),
            FEB_27,
            DeadlineState.PENDING,
        ),
        (
            MEDIUM,
            MEDIUM_ON,
            PlanProgress(3, first_accepted_on=MAR_1),
            FEB_28,
            DeadlineState.PENDING,
        ),
        (MEDIUM, MEDIUM_ON, PlanProgress(3, first_accepted_on=MAR_1), MAR_1, DeadlineState.MISSED),
        (MEDIUM, MEDIUM_ON, PlanProgress(3, all_closed_on=FEB_27), MAR_1, DeadlineState.MET),
        (MEDIUM, MEDIUM_ON, PlanProgress(0), MAR_1, DeadlineState.MET),
        (HIGH, HIGH_ON, PlanProgress(3, first_accepted_on=FEB_27), MAR_1, DeadlineState.MISSED),
        (HIGH, HIGH_ON, PlanProgress(3, all_covered_on=FEB_28), MAR_1, DeadlineState.MET),
        (HIGH, HIGH_ON, PlanProgress(3, all_covered_on=MAR_1), FEB_28, DeadlineState.PENDING),
        (HIGH, HIGH_ON, PlanProgress(3, all_covered_on=MAR_1), MAR_1, DeadlineState.MISSED),
    ],
)
def test_the_plan_deadline_is_judged_as_of_a_day(
    risk: RiskLevel, audit_on: date, progress: PlanProgress, as_of: date, state: DeadlineState
) -> None:
    assert plan_deadline_status(risk, audit_on, progress, as_of, POLICY).state == state


def test_a_rejected_plan_does_not_stop_the_clock() -> None:
    rejected = plan(1, [1], date(2026, 1, 10), PlanStatus.REJECTED, date(2026, 1, 20))
    progress = plan_progress([nc(1, S.OPEN)], [rejected])
    status = plan_deadline_status(HIGH, HIGH_ON, progress, MAR_1, POLICY)
    assert status.state == DeadlineState.MISSED
    assert status.reason.text == (
        "a plan covering the 1 non-conformity was not accepted by the deadline of 2026-02-28"
    )


def test_a_high_risk_plan_must_cover_every_non_conformity_not_closed_in_time() -> None:
    accepted = plan(1, [1, 2], date(2026, 1, 10), PlanStatus.ACCEPTED, date(2026, 1, 20))
    closed_in_time = nc(3, S.CLOSED, closed_on=FEB_28)
    closed_late = nc(3, S.CLOSED, closed_on=MAR_1)
    met = plan_progress([nc(1), nc(2), closed_in_time], [accepted])
    late = plan_progress([nc(1), nc(2), closed_late], [accepted])
    assert plan_deadline_status(HIGH, HIGH_ON, met, MAR_1, POLICY).met_on == FEB_28
    assert plan_deadline_status(HIGH, HIGH_ON, late, MAR_1, POLICY).state == DeadlineState.MISSED


@pytest.mark.parametrize(
    ("risk", "progress", "as_of", "terminate"),
    [
        (HIGH, NONE_YET, FEB_28, False),
        (HIGH, NONE_YET, MAR_1, True),
        (HIGH, PlanProgress(3, all_covered_on=FEB_28), MAR_1, False),
        (MEDIUM, NONE_YET, date(2027, 1, 1), False),
        (LOW, NONE_YET, date(2027, 1, 1), False),
    ],
)
def test_orders_are_terminated_only_when_a_high_risk_plan_deadline_is_missed(
    risk: RiskLevel, progress: PlanProgress, as_of: date, terminate: bool
) -> None:
    reason = termination_reason(risk, "AUD-7", HIGH_ON, progress, as_of, POLICY)
    assert (reason is not None) is terminate
    if reason is not None:
        assert reason.rule == "plan.termination"
        assert reason.text.startswith("high-risk audit AUD-7 of 2025-11-30:")


days = st.dates(min_value=date(2025, 11, 30), max_value=date(2026, 6, 30))
statuses = st.sampled_from(list(PlanStatus))


@given(
    st.lists(st.tuples(st.sets(st.integers(1, 4), min_size=1), statuses, days), max_size=4),
    st.lists(st.one_of(st.none(), days), min_size=4, max_size=4),
    st.sampled_from([MEDIUM, HIGH]),
    days,
    days,
)
def test_a_non_conformity_closed_by_the_deadline_never_counts_against_a_plan(
    raw_plans: list[tuple[set[int], PlanStatus, date]],
    closings: list[date | None],
    risk: RiskLevel,
    closed_on: date,
    as_of: date,
) -> None:
    ncs = [nc(i, S.CLOSED if c else S.OPEN, closed_on=c) for i, c in enumerate(closings, start=1)]
    plans = [
        plan(i, sorted(ids), HIGH_ON, status, decided if status != PlanStatus.SUBMITTED else None)
        for i, (ids, status, decided) in enumerate(raw_plans, start=1)
    ]
    due = plan_deadline(risk, HIGH_ON, POLICY)
    assert due is not None
    extra = nc(99, S.CLOSED, closed_on=min(closed_on, due, as_of))
    without = plan_deadline_status(risk, HIGH_ON, plan_progress(ncs, plans), as_of, POLICY)
    with_closed = plan_deadline_status(
        risk, HIGH_ON, plan_progress([*ncs, extra], plans), as_of, POLICY
    )
    assert with_closed.state == without.state
