"""Non-conformities, improvement plans and the deadlines the manual sets for them (section 9).

Every non-conformity found by an audit is followed until the auditor verifies it closed. What
is asked of the supplier depends on the audit's risk level:

- low: each non-conformity gets a closing date agreed with the supplier; late ones are flagged;
- medium: an improvement plan must be accepted within 6 months of the audit, or the quarterly
  score drops from 0 to -1;
- high: a plan covering every non-conformity must be accepted within 3 months, or the
  supplier's orders are terminated.

A rejected plan does not stop the clock; a non-conformity closed by the deadline needs no plan.
All dates are facts recorded on the records, so each rule can be evaluated as of any day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from supplyesg.domain import deadlines
from supplyesg.domain.audits import RiskLevel, Verdict
from supplyesg.domain.errors import Problem
from supplyesg.domain.periods import add_months
from supplyesg.domain.policy import Policy, Reason

MAX_TEXT = 2000


class NcStatus(StrEnum):
    """Where a non-conformity stands on its way to closure."""

    OPEN = "open"
    PLAN_SUBMITTED = "plan_submitted"
    PLAN_ACCEPTED = "plan_accepted"
    IN_PROGRESS = "in_progress"
    AWAITING_VERIFICATION = "awaiting_verification"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"  # a correction of the audit removed the finding

    @property
    def is_resolved(self) -> bool:
        """Whether nothing more is expected of the supplier."""
        return self in (NcStatus.CLOSED, NcStatus.WITHDRAWN)


_NC_MOVES: dict[NcStatus, frozenset[NcStatus]] = {
    NcStatus.OPEN: frozenset(
        {NcStatus.PLAN_SUBMITTED, NcStatus.IN_PROGRESS, NcStatus.AWAITING_VERIFICATION}
    ),
    NcStatus.PLAN_SUBMITTED: frozenset({NcStatus.OPEN, NcStatus.PLAN_ACCEPTED}),
    NcStatus.PLAN_ACCEPTED: frozenset({NcStatus.IN_PROGRESS, NcStatus.AWAITING_VERIFICATION}),
    NcStatus.IN_PROGRESS: frozenset({NcStatus.AWAITING_VERIFICATION}),
    NcStatus.AWAITING_VERIFICATION: frozenset({NcStatus.CLOSED, NcStatus.IN_PROGRESS}),
    NcStatus.CLOSED: frozenset(),
    NcStatus.WITHDRAWN: frozenset(),
}


class PlanStatus(StrEnum):
    """Where an improvement plan stands."""

    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class DeadlineState(StrEnum):
    """Whether the plan the manual asks for came in time, as of a day."""

    NOT_REQUIRED = "not_required"
    PENDING = "pending"
    MET = "met"
    MISSED = "missed"


@dataclass(frozen=True, slots=True)
class NonConformity:
    """A finding the supplier must correct."""

    id: int
    requirement_id: str
    severity: Verdict
    status: NcStatus = NcStatus.OPEN
    owner: str = ""
    due_on: date | None = None
    closed_on: date | None = None


@dataclass(frozen=True, slots=True)
class PlanAction:
    """What the supplier will do about one non-conformity, who owns it and by when."""

    nc_id: int
    action: str
    owner: str
    due_on: date


@dataclass(frozen=True, slots=True)
class ImprovementPlan:
    """A supplier's plan for some non-conformities of one audit."""

    id: int
    submitted_on: date
    actions: tuple[PlanAction, ...]
    status: PlanStatus = PlanStatus.SUBMITTED
    decided_on: date | None = None
    decision_reason: str = ""


@dataclass(frozen=True, slots=True)
class PlanRejection:
    """A plan for an audit that was rejected: when it was sent, when rejected, and why."""

    submitted_on: date
    rejected_on: date
    reason: str


@dataclass(frozen=True, slots=True)
class PlanProgress:
    """The dated facts about an audit's non-conformities that the deadlines are judged on."""

    nc_count: int
    first_accepted_on: date | None = None
    all_covered_on: date | None = None
    all_closed_on: date | None = None
    rejections: tuple[PlanRejection, ...] = ()
    """The audit's rejected plans, earliest decision first (they do not stop the clock)."""


@dataclass(frozen=True, slots=True)
class PlanDeadline:
    """The plan deadline of an audit and whether it was met, as of a day."""

    state: DeadlineState
    due_on: date | None
    met_on: date | None
    reason: Reason
    late_on: date | None = None
    """When a missed deadline was met after all (a plan accepted late), by the day judged."""

    @property
    def overdue_since(self) -> date | None:
        """The first day the plan was overdue (the day after the deadline), if it was missed."""
        if self.state is not DeadlineState.MISSED or self.due_on is None:
            return None
        return deadlines.overdue_since(self.due_on)


def nc_move_problems(current: NcStatus, target: NcStatus) -> list[Problem]:
    """Why a non-conformity cannot move from one status to another; empty when it can."""
    if target in _NC_MOVES[current]:
        return []
    allowed = ", ".join(sorted(_NC_MOVES[current])) or "none (it is final)"
    return [Problem("status", f"cannot move from {current} to {target}; allowed: {allowed}")]


def is_overdue(nc: NonConformity, on: date) -> bool:
    """Whether the non-conformity is still unresolved after its closing date."""
    if nc.due_on is None or on <= nc.due_on:
        return False
    return nc.closed_on is None or nc.closed_on > on


def nc_overdue_since(nc: NonConformity, on: date) -> date | None:
    """The first day the non-conformity was overdue (the day after its closing date), when it
    is overdue on the day; None when it is not."""
    if nc.due_on is None or not is_overdue(nc, on):
        return None
    return deadlines.overdue_since(nc.due_on)


def closing_date_problems(
    nc: NonConformity, due_on: date, owner: str, agreed_on: date
) -> list[Problem]:
    """Why a closing date cannot be agreed for this non-conformity (manual section 9, low risk)."""
    problems = []
    if nc.status != NcStatus.OPEN:
        problems.append(Problem("status", f"a closing date is agreed while open, not {nc.status}"))
    if nc.due_on is not None:
        problems.append(Problem("due_on", f"a closing date was already agreed: {nc.due_on}"))
    if due_on < agreed_on:
        problems.append(Problem("due_on", f"is before the day it is agreed ({agreed_on})", due_on))
    problems += _text_problems("owner", owner)
    return problems


def plan_problems(
    actions: Sequence[PlanAction],
    submitted_on: date,
    ncs: Mapping[int, NonConformity],
    audit_ended_on: date,
    today: date,
) -> list[Problem]:
    """Why a plan cannot be submitted; `ncs` are the audit's non-conformities by id."""
    problems = []
    if not actions:
        problems.append(Problem("actions", "a plan needs at least one action"))
    if submitted_on < audit_ended_on or submitted_on > today:
        problems.append(
            Problem("submitted_on", f"must be from {audit_ended_on} to {today}", submitted_on)
        )
    counts = Counter(a.nc_id for a in actions)
    for row, action in enumerate(actions, start=1):
        problems += [p.at_row(row) for p in _action_problems(action, ncs, submitted_on)]
        if counts[action.nc_id] > 1:
            problems.append(Problem("nc_id", "has more than one action", action.nc_id, row))
    return problems


def _action_problems(
    action: PlanAction, ncs: Mapping[int, NonConformity], submitted_on: date
) -> list[Problem]:
    nc = ncs.get(action.nc_id)
    problems = []
    if nc is None:
        problems.append(Problem("nc_id", "is not a non-conformity of this audit", action.nc_id))
    elif nc.status != NcStatus.OPEN:
        problems.append(Problem("nc_id", f"is {nc.status}, not open", action.nc_id))
    problems += _text_problems("action", action.action) + _text_problems("owner", action.owner)
    if action.due_on < submitted_on:
        problems.append(Problem("due_on", "is before the plan was submitted", action.due_on))
    return problems


def decision_problems(
    plan: ImprovementPlan, decided_on: date, accept: bool, reason: str, today: date
) -> list[Problem]:
    """Why a plan cannot be accepted or rejected as asked; a rejection needs a reason."""
    problems = []
    if plan.status != PlanStatus.SUBMITTED:
        problems.append(Problem("status", f"the plan was already {plan.status}"))
    if decided_on < plan.submitted_on or decided_on > today:
        problems.append(
            Problem("decided_on", f"must be from {plan.submitted_on} to {today}", decided_on)
        )
    if not accept and not reason.strip():
        problems.append(Problem("reason", "a rejected plan needs a reason"))
    if len(reason) > MAX_TEXT:
        problems.append(Problem("reason", f"longer than {MAX_TEXT} characters", len(reason)))
    return problems


def _text_problems(name: str, text: str) -> list[Problem]:
    if not text.strip() or len(text) > MAX_TEXT:
        return [Problem(name, f"is required, up to {MAX_TEXT} characters", text)]
    return []


def plan_progress(ncs: Iterable[NonConformity], plans: Iterable[ImprovementPlan]) -> PlanProgress:
    """The dates by which an audit's non-conformities got a plan, got covered and got closed."""
    live = [nc for nc in ncs if nc.status != NcStatus.WITHDRAWN]
    plans = list(plans)
    accepted = [
        (p.decided_on, p) for p in plans if p.status == PlanStatus.ACCEPTED and p.decided_on
    ]
    covered: dict[int, date] = {}
    for decided_on, plan in accepted:
        for action in plan.actions:
            covered[action.nc_id] = min(covered.get(action.nc_id, decided_on), decided_on)
    resolved = [_earliest(nc.closed_on, covered.get(nc.id)) for nc in live]
    closed = [nc.closed_on for nc in live]
    rejected = sorted(
        (
            PlanRejection(p.submitted_on, p.decided_on, p.decision_reason)
            for p in plans
            if p.status == PlanStatus.REJECTED and p.decided_on is not None
        ),
        key=lambda r: (r.rejected_on, r.submitted_on),
    )
    return PlanProgress(
        nc_count=len(live),
        first_accepted_on=min((decided_on for decided_on, _ in accepted), default=None),
        all_covered_on=_latest_if_all(resolved),
        all_closed_on=_latest_if_all(closed),
        rejections=tuple(rejected),
    )


def _earliest(*days: date | None) -> date | None:
    return min((d for d in days if d is not None), default=None)


def _latest_if_all(days: Sequence[date | None]) -> date | None:
    if not days or any(d is None for d in days):
        return None
    return max(d for d in days if d is not None)


def plan_deadline(risk: RiskLevel, audit_ended_on: date, policy: Policy) -> date | None:
    """The last day to have the plan accepted (manual section 9); none for a low-risk audit."""
    months = {
        RiskLevel.MEDIUM: policy.medium_risk_plan_months,
        RiskLevel.HIGH: policy.high_risk_plan_months,
    }.get(risk)
    return None if months is None else add_months(audit_ended_on, months)


def plan_deadline_status(
    risk: RiskLevel, audit_ended_on: date, progress: PlanProgress, as_of: date, policy: Policy
) -> PlanDeadline:
    """Whether the plan the risk level calls for was accepted in time, judged as of a day."""
    due = plan_deadline(risk, audit_ended_on, policy)
    if due is None:
        return PlanDeadline(
            DeadlineState.NOT_REQUIRED,
            None,
            None,
            Reason("plan.low_risk", "low risk: each non-conformity is closed by an agreed date"),
        )
    if progress.nc_count == 0 and audit_ended_on <= as_of:
        text = "the audit left no non-conformity open: no plan is needed"
        return PlanDeadline(DeadlineState.MET, due, audit_ended_on, Reason("plan.not_needed", text))
    met_on = _met_on(risk, audit_ended_on, progress)
    known = met_on if met_on is not None and met_on <= as_of else None
    if known is not None and known <= due:
        text = f"{_how_met(risk, progress, known)} on {known}, within the deadline of {due}"
        return PlanDeadline(DeadlineState.MET, due, known, Reason("plan.deadline_met", text))
    if as_of <= due:
        text = (
            f"{what_is_due(risk, progress.nc_count)} must be accepted by {due}; not yet on {as_of}"
        )
        return PlanDeadline(DeadlineState.PENDING, due, None, Reason("plan.deadline_pending", text))
    if known is not None:
        late = deadlines.days_after(deadlines.days_late(due, known))
        text = f"{_how_met(risk, progress, known)} on {known}, {late} the deadline of {due}"
        reason = Reason("plan.deadline_met_late", text)
        return PlanDeadline(DeadlineState.MISSED, due, None, reason, late_on=known)
    text = f"{what_is_due(risk, progress.nc_count)} was not accepted by the deadline of {due}"
    return PlanDeadline(DeadlineState.MISSED, due, None, Reason("plan.deadline_missed", text))


def what_is_due(risk: RiskLevel, nc_count: int) -> str:
    """The plan a risk level asks for, in words (a high-risk plan covers every finding)."""
    if risk == RiskLevel.MEDIUM:
        return "an improvement plan"
    if nc_count == 1:
        return "a plan covering the 1 non-conformity"
    return f"a plan covering all {nc_count} non-conformities"


def _how_met(risk: RiskLevel, progress: PlanProgress, met_on: date) -> str:
    if risk == RiskLevel.MEDIUM and met_on == progress.first_accepted_on:
        return "an improvement plan was accepted"
    if risk == RiskLevel.MEDIUM:
        closed = (
            "the 1 non-conformity was"
            if progress.nc_count == 1
            else (f"all {progress.nc_count} non-conformities were")
        )
        return f"no plan was accepted, but {closed} closed"
    return f"{what_is_due(risk, progress.nc_count)} was in place"


def rejection_reasons(progress: PlanProgress, as_of: date) -> tuple[Reason, ...]:
    """Each plan rejected by the day, in order, with the reviewer's reason."""
    return tuple(
        Reason(
            "plan.rejected",
            f"the plan sent on {r.submitted_on} was rejected on {r.rejected_on}: "
            + (r.reason.strip() or "no reason recorded"),
        )
        for r in sorted(progress.rejections, key=lambda r: (r.rejected_on, r.submitted_on))
        if r.rejected_on <= as_of
    )


def _met_on(risk: RiskLevel, audit_ended_on: date, progress: PlanProgress) -> date | None:
    if progress.nc_count == 0:
        return audit_ended_on
    if risk == RiskLevel.MEDIUM:
        return _earliest(progress.first_accepted_on, progress.all_closed_on)
    return progress.all_covered_on


def termination_reason(
    risk: RiskLevel,
    audit_reference: str,
    audit_ended_on: date,
    progress: PlanProgress,
    as_of: date,
    policy: Policy,
) -> Reason | None:
    """Why the supplier's orders must be terminated as of a day, or None (manual section 9)."""
    if risk != RiskLevel.HIGH:
        return None
    deadline = plan_deadline_status(risk, audit_ended_on, progress, as_of, policy)
    if deadline.state != DeadlineState.MISSED:
        return None
    return Reason(
        "plan.termination",
        f"high-risk audit {audit_reference} of {audit_ended_on}: {deadline.reason.text}; "
        "orders terminated (manual section 9)",
    )
