"""Improvement plans: submitted for open non-conformities of an audit, accepted or rejected.

Accepting a plan gives its non-conformities their owner and due date; rejecting it sends them
back to open and, as the manual's deadlines count accepted plans only, does not stop the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.models import EsgAuditRow, ImprovementPlanRow, PlanActionRow
from supplyesg.db.repositories import audits as repo
from supplyesg.db.session import Database
from supplyesg.domain.errors import DomainError, NotFoundError, Problem, refuse_if
from supplyesg.domain.events import plan_decided
from supplyesg.domain.four_eyes import Person, four_eyes_problems, person
from supplyesg.domain.plans import (
    NcStatus,
    PlanAction,
    PlanStatus,
    decision_problems,
    plan_problems,
)
from supplyesg.services import events
from supplyesg.services.nonconformities import (
    move,
    nc_of,
    plan_of,
    refresh_progress,
)

# -- improvement plans --------------------------------------------------------------------


def submit_plan(
    db: Database,
    reference: str,
    actions: Sequence[PlanAction],
    actor: Person | str,
    submitted_on: date | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> ImprovementPlanRow:
    """Record a supplier's improvement plan for open non-conformities of an audit."""
    who = person(actor)
    with db.transaction() as session:
        audit = _require_completed(session, reference)
        ncs = {nc.id: nc for nc in repo.ncs_of(session, audit.id)}
        at = clock.now()
        today = at.date()
        day = submitted_on or today
        problems = plan_problems(
            actions, day, {i: nc_of(nc) for i, nc in ncs.items()}, audit.ended_on, today
        )
        refuse_if(problems, "The improvement plan cannot be submitted.")
        plan = ImprovementPlanRow(
            audit_id=audit.id,
            submitted_on=day,
            submitted_by=who.label,
            submitted_by_account_id=who.account_id,
            status=PlanStatus.SUBMITTED.value,
            created_at=at,
            actions=[
                PlanActionRow(
                    nc_id=a.nc_id, action=a.action.strip(), owner=a.owner.strip(), due_on=a.due_on
                )
                for a in actions
            ],
        )
        session.add(plan)
        session.flush()
        for action in actions:
            nc, note = ncs[action.nc_id], f"plan {plan.id}"
            move(session, nc, NcStatus.PLAN_SUBMITTED, who.label, day, note, at)
        return plan


def decide_plan(
    db: Database,
    plan_id: int,
    accept: bool,
    reason: str,
    actor: Person | str,
    decided_on: date | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> ImprovementPlanRow:
    """Accept or reject a submitted plan; a rejection says why and does not stop the clock.

    Four eyes: whoever recorded the plan (staff entering it for a supplier) does not decide it.
    """
    who = person(actor)
    with db.transaction() as session:
        plan = session.get(ImprovementPlanRow, plan_id, with_for_update=True)
        if plan is None:
            raise NotFoundError(f"There is no improvement plan {plan_id}.")
        at = clock.now()
        today = at.date()
        day = decided_on or today
        maker = Person(plan.submitted_by, plan.submitted_by_account_id)
        deed = "accept" if accept else "reject"
        refuse_if(
            decision_problems(plan_of(plan), day, accept, reason, today)
            + four_eyes_problems(maker, who, deed, "a plan"),
            "The improvement plan cannot be decided.",
        )
        plan.status = (PlanStatus.ACCEPTED if accept else PlanStatus.REJECTED).value
        plan.decided_on, plan.decided_by, plan.decision_reason = day, who.label, reason.strip()
        plan.decided_by_account_id = who.account_id
        note = f"plan {plan.id} {plan.status}" + (f": {reason.strip()}" if reason.strip() else "")
        ncs = repo.ncs_by_ids(session, (action.nc_id for action in plan.actions))
        for action in plan.actions:
            nc = ncs[action.nc_id]
            if accept:
                nc.owner, nc.due_on = action.owner, action.due_on
            target = NcStatus.PLAN_ACCEPTED if accept else NcStatus.OPEN
            move(session, nc, target, who.label, day, note, at)
        session.flush()
        audit = _require_audit_id(session, plan.audit_id)
        refresh_progress(session, audit)
        decided = plan_decided(
            audit.supplier.code, plan.id, audit.reference, accept, reason.strip(), day
        )
        events.record(session, [decided], at)
        return plan


def plans_for(db: Database, reference: str) -> Sequence[ImprovementPlanRow]:
    """The improvement plans of an audit, oldest first."""
    with db.transaction() as session:
        return repo.plans_of(session, _require_completed(session, reference).id)


def _require_completed(session: Session, reference: str) -> EsgAuditRow:
    audit = repo.by_reference(session, reference, bare=True)
    if audit is None:
        raise NotFoundError(f"There is no audit {reference!r}.")
    if audit.status != repo.COMPLETED:
        raise DomainError(
            f"Audit {reference!r} is still a draft.",
            [Problem("audit", "non-conformities are followed up once the audit is completed")],
        )
    return audit


def _require_audit_id(session: Session, audit_id: int) -> EsgAuditRow:
    audit = repo.by_id(session, audit_id)
    assert audit is not None  # the foreign key guarantees it
    return audit


@dataclass(frozen=True, slots=True)
class PlanRecord:
    """An improvement plan with the reference of its audit."""

    plan: ImprovementPlanRow
    audit_reference: str


def get_plan(db: Database, plan_id: int) -> PlanRecord:
    """The improvement plan with this id."""
    with db.transaction() as session:
        plan = session.get(ImprovementPlanRow, plan_id)
        if plan is None:
            raise NotFoundError(f"There is no improvement plan {plan_id}.")
        return PlanRecord(plan, _require_audit_id(session, plan.audit_id).reference)
