"""Following up non-conformities: closing dates, evidence, verification, and their listing.

Every step is dated by the business day it happened (today unless told) and kept as an event.
After each step that changes what the deadlines judge, the audit's plan progress is recomputed
by the domain and stored on the audit row, where ratings and deadline enforcement read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.audit_trail import record_bulk
from supplyesg.db.models import (
    EsgAuditRow,
    ImprovementPlanRow,
    NcEventRow,
    NonConformityRow,
)
from supplyesg.db.repositories import audits as repo
from supplyesg.db.session import Database
from supplyesg.domain.audits import Finding, Verdict
from supplyesg.domain.errors import NotFoundError, Problem, refuse_if
from supplyesg.domain.follow_up import FollowUpStep, StepKind, after_step, step_note, step_problems
from supplyesg.domain.plans import (
    ImprovementPlan,
    NcStatus,
    NonConformity,
    PlanAction,
    PlanProgress,
    PlanStatus,
    is_overdue,
    nc_move_problems,
    nc_overdue_since,
    plan_progress,
)

REFUSED = "The non-conformity cannot be updated."
_EVENT_COLUMNS = ("nc_id", "happened_on", "at", "actor", "from_status", "to_status", "note")


def now(clock: Clock = SYSTEM_CLOCK) -> datetime:
    """The current instant, in UTC, by the clock."""
    return clock.now()


def nc_of(row: NonConformityRow) -> NonConformity:
    """The domain value of a stored non-conformity."""
    return NonConformity(
        id=row.id,
        requirement_id=row.requirement_id,
        severity=Verdict(row.severity),
        status=NcStatus(row.status),
        owner=row.owner,
        due_on=row.due_on,
        closed_on=row.closed_on,
    )


def plan_of(row: ImprovementPlanRow) -> ImprovementPlan:
    """The domain value of a stored improvement plan."""
    return ImprovementPlan(
        id=row.id,
        submitted_on=row.submitted_on,
        actions=tuple(PlanAction(a.nc_id, a.action, a.owner, a.due_on) for a in row.actions),
        status=PlanStatus(row.status),
        decided_on=row.decided_on,
        decision_reason=row.decision_reason,
    )


def progress_of(audit: EsgAuditRow) -> PlanProgress:
    """The plan progress stored on an audit row."""
    return PlanProgress(
        audit.nc_count,
        audit.first_plan_accepted_on,
        audit.all_ncs_covered_on,
        audit.all_ncs_closed_on,
    )


# -- keeping non-conformities in step with the audit -----------------------------------------


def sync_nonconformities(
    session: Session,
    audit: EsgAuditRow,
    findings: Sequence[Finding],
    actor: str,
    note: str,
    at: datetime,
) -> None:
    """Open a non-conformity for each new one found; withdraw those a correction removed."""
    found = {f.requirement_id: f for f in findings if f.verdict.is_non_conformity}
    live = {
        nc.requirement_id: nc
        for nc in repo.ncs_of(session, audit.id)
        if nc.status != NcStatus.WITHDRAWN
    }
    for requirement_id, nc in live.items():
        finding = found.get(requirement_id)
        if finding is None:
            _record(session, nc, NcStatus.WITHDRAWN, actor, audit.ended_on, at, note)
        elif finding.verdict != nc.severity:
            nc.severity = finding.verdict.value
            _record(session, nc, NcStatus(nc.status), actor, audit.ended_on, at, note)
    opened = [
        NonConformityRow(
            audit_id=audit.id,
            requirement_id=requirement_id,
            severity=finding.verdict.value,
            status=NcStatus.OPEN.value,
            evidence=[],
            created_at=at,
            updated_at=at,
        )
        for requirement_id, finding in found.items()
        if requirement_id not in live
    ]
    session.add_all(opened)
    session.flush()
    session.add_all(
        _event(nc, None, NcStatus.OPEN, actor, audit.ended_on, at, note) for nc in opened
    )
    session.flush()
    refresh_progress(session, audit)


def refresh_progress_of(session: Session, audit_ids: set[int]) -> None:
    """Recompute and store the plan progress of several audits, with set-based reads."""
    ncs = repo.ncs_of_audits(session, audit_ids)
    plans = repo.plans_of_audits(session, audit_ids)
    for audit in repo.audits_by_ids(session, audit_ids):
        progress = plan_progress(
            [nc_of(nc) for nc in ncs.get(audit.id, ())],
            [plan_of(p) for p in plans.get(audit.id, ())],
        )
        _store_progress(audit, progress)


def refresh_progress(session: Session, audit: EsgAuditRow) -> PlanProgress:
    """Recompute the audit's plan progress (domain.plans) and store it on the audit row."""
    progress = plan_progress(
        [nc_of(nc) for nc in repo.ncs_of(session, audit.id)],
        [plan_of(p) for p in repo.plans_of(session, audit.id)],
    )
    _store_progress(audit, progress)
    return progress


def _store_progress(audit: EsgAuditRow, progress: PlanProgress) -> None:
    audit.nc_count = progress.nc_count
    audit.first_plan_accepted_on = progress.first_accepted_on
    audit.all_ncs_covered_on = progress.all_covered_on
    audit.all_ncs_closed_on = progress.all_closed_on


# -- the follow-up of non-conformities ------------------------------------------------------


def follow_up(
    db: Database, nc_id: int, step: FollowUpStep, actor: str, clock: Clock = SYSTEM_CLOCK
) -> NonConformityRow:
    """Apply one dated step to a non-conformity (see domain.follow_up)."""
    with db.transaction() as session:
        nc = require_nc(session, nc_id)
        audit = audit_of(session, nc)
        at = now(clock)
        refuse_if(step_problems(nc_of(nc), step, audit.ended_on, at.date()), REFUSED)
        session.add(_apply(nc, step, actor, at))
        if step.kind == StepKind.VERIFY_CLOSED:
            session.flush()
            refresh_progress(session, audit)
        return nc


def record_steps(
    db: Database,
    steps: Sequence[tuple[int, FollowUpStep]],
    actor: str,
    clock: Clock = SYSTEM_CLOCK,
) -> int:
    """Apply many steps, in order, to many non-conformities: all of them, or none.

    Problems are reported with the step's position (row 1 is the first step).
    """
    at = now(clock)
    with db.transaction() as session:
        ncs = repo.ncs_by_ids(session, {nc_id for nc_id, _ in steps})
        ended_on = repo.ended_on_of(session, {nc.audit_id for nc in ncs.values()})
        values = {nc_id: nc_of(nc) for nc_id, nc in ncs.items()}
        problems: list[Problem] = []
        events: list[dict[str, Any]] = []
        for row, (nc_id, step) in enumerate(steps, start=1):
            if nc_id not in ncs:
                problems.append(Problem("nc_id", "there is no such non-conformity", nc_id, row))
                continue
            nc, value = ncs[nc_id], values[nc_id]
            found = step_problems(value, step, ended_on[nc.audit_id], at.date())
            problems += [p.at_row(row) for p in found]
            if not found:
                event = _apply(nc, step, actor, at)
                events.append({c: getattr(event, c) for c in _EVENT_COLUMNS})
                values[nc_id] = nc_of(nc)
        refuse_if(problems, REFUSED)
        session.flush()
        # The events are themselves a history: one trail entry sums them up.
        repo.insert_rows(session, NcEventRow, events)
        record_bulk(session, "nonconformity_event", len(events), {"source": "follow-up steps"})
        closed = {ncs[nc_id].audit_id for nc_id, s in steps if s.kind == StepKind.VERIFY_CLOSED}
        refresh_progress_of(session, closed)
    return len(events)


def agree_closing_date(
    db: Database,
    nc_id: int,
    due_on: date,
    owner: str,
    actor: str,
    on: date | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> NonConformityRow:
    """Record the closing date agreed with the supplier on a day (manual section 9, low risk)."""
    step = FollowUpStep(StepKind.AGREE_CLOSING_DATE, _day(on, clock), owner=owner, due_on=due_on)
    return follow_up(db, nc_id, step, actor, clock)


def start_work(
    db: Database, nc_id: int, actor: str, on: date | None = None, clock: Clock = SYSTEM_CLOCK
) -> NonConformityRow:
    """The supplier has started correcting the non-conformity."""
    return follow_up(db, nc_id, FollowUpStep(StepKind.START, _day(on, clock)), actor, clock)


def submit_evidence(
    db: Database,
    nc_id: int,
    evidence: Sequence[str],
    actor: str,
    on: date | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> NonConformityRow:
    """The supplier sends evidence of the correction; the auditor is to verify it."""
    refs = tuple(ref.strip() for ref in evidence if ref.strip())
    step = FollowUpStep(StepKind.SUBMIT_EVIDENCE, _day(on, clock), evidence=refs)
    return follow_up(db, nc_id, step, actor, clock)


def verify(
    db: Database,
    nc_id: int,
    accepted: bool,
    note: str,
    actor: str,
    on: date | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> NonConformityRow:
    """The auditor closes the non-conformity, or sends it back with the reason."""
    kind = StepKind.VERIFY_CLOSED if accepted else StepKind.SEND_BACK
    return follow_up(db, nc_id, FollowUpStep(kind, _day(on, clock), note=note), actor, clock)


def _apply(nc: NonConformityRow, step: FollowUpStep, actor: str, at: datetime) -> NcEventRow:
    """Apply a valid step to the stored non-conformity; the event that records it."""
    before, after = nc_of(nc), after_step(nc_of(nc), step)
    nc.status, nc.owner, nc.due_on, nc.closed_on = (
        after.status,
        after.owner,
        after.due_on,
        after.closed_on,
    )
    nc.updated_at = at
    if step.kind == StepKind.SUBMIT_EVIDENCE:
        nc.evidence = [*nc.evidence, *(ref.strip() for ref in step.evidence if ref.strip())]
    if step.kind == StepKind.VERIFY_CLOSED:
        nc.verified_by = actor
    return _event(nc, before.status, after.status, actor, step.on, at, step_note(step))


def _day(on: date | None, clock: Clock) -> date:
    return on or clock.today()


def move(
    session: Session,
    nc: NonConformityRow,
    target: NcStatus,
    actor: str,
    on: date,
    note: str,
    at: datetime,
) -> None:
    refuse_if(nc_move_problems(NcStatus(nc.status), target), REFUSED)
    _record(session, nc, target, actor, on, at, note)


def _record(
    session: Session,
    nc: NonConformityRow,
    target: NcStatus,
    actor: str,
    on: date,
    at: datetime,
    note: str,
) -> None:
    session.add(_event(nc, NcStatus(nc.status), target, actor, on, at, note))
    nc.status, nc.updated_at = target.value, at


def _event(
    nc: NonConformityRow,
    source: NcStatus | None,
    target: NcStatus,
    actor: str,
    on: date,
    at: datetime,
    note: str,
) -> NcEventRow:
    return NcEventRow(
        nc_id=nc.id,
        happened_on=on,
        at=at,
        actor=actor,
        from_status=source.value if source else None,
        to_status=target.value,
        note=note[:2000],
    )


def require_nc(session: Session, nc_id: int) -> NonConformityRow:
    nc = session.get(NonConformityRow, nc_id, with_for_update=True)
    if nc is None:
        raise NotFoundError(f"There is no non-conformity {nc_id}.")
    return nc


def audit_of(session: Session, nc: NonConformityRow) -> EsgAuditRow:
    audit = repo.by_id(session, nc.audit_id)
    assert audit is not None  # the foreign key guarantees it
    return audit


# -- reading -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NcRecord:
    """A non-conformity with its audit and supplier, and whether it is overdue on a day."""

    row: NonConformityRow
    audit_reference: str
    supplier_code: str
    overdue: bool
    needs_closing_date: bool
    risk_level: str
    overdue_since: date | None = None
    """The first overdue day (the day after the closing date), when it is overdue."""


@dataclass(frozen=True, slots=True)
class NcPage:
    """One page of non-conformities and the id to continue after, if there is more."""

    items: Sequence[NcRecord]
    next_after: int | None


def list_nonconformities(
    db: Database,
    where: repo.NcFilter,
    on: date,
    *,
    only_overdue: bool = False,
    after_id: int | None = None,
    limit: int = 50,
) -> NcPage:
    """Non-conformities in id order, each flagged overdue or not on the day given."""
    limit = max(1, min(limit, 500))
    found: list[NcRecord] = []
    with db.transaction() as session:
        while len(found) <= limit:
            batch = repo.nc_page(session, where, after_id, 500)
            for nc, reference, supplier_code, risk in batch:
                record = _record_of(nc, reference, supplier_code, risk, on)
                if record.overdue or not only_overdue:
                    found.append(record)
            if len(batch) < 500:
                break
            after_id = batch[-1][0].id
    items = found[:limit]
    more = len(found) > limit
    return NcPage(items, items[-1].row.id if more and items else None)


def nc_history(db: Database, nc_id: int) -> Sequence[NcEventRow]:
    """Every follow-up step of a non-conformity, oldest first."""
    with db.transaction() as session:
        return repo.events_of(session, require_nc(session, nc_id).id)


def _record_of(
    nc: NonConformityRow, reference: str, supplier_code: str, risk: str, on: date
) -> NcRecord:
    value = nc_of(nc)
    return NcRecord(
        nc,
        reference,
        supplier_code,
        overdue=is_overdue(value, on),
        needs_closing_date=_needs_closing_date(value, risk),
        risk_level=risk,
        overdue_since=nc_overdue_since(value, on),
    )


def _needs_closing_date(nc: NonConformity, risk_level: str) -> bool:
    # Manual section 9: after a low-risk audit each non-conformity gets an agreed closing date.
    return risk_level == "low" and nc.status == NcStatus.OPEN and nc.due_on is None


def get_nonconformity(db: Database, nc_id: int, on: date) -> NcRecord:
    """One non-conformity with its audit and supplier, flagged as of a day."""
    with db.transaction() as session:
        nc = require_nc(session, nc_id)
        audit = audit_of(session, nc)
        return _record_of(nc, audit.reference, audit.supplier.code, audit.risk_level or "", on)
