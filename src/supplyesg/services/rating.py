"""The quarterly ESG rating of suppliers, and the termination of missed high-risk plans.

`rate_quarter` fetches, in a few set-based queries, every supplier's latest completed audit as
of the quarter's last day (with the plan progress stored on it) and who was terminated by
then; the domain rates each supplier in scope; the ratings are written in bulk. Running it
again for the same quarter rewrites only the ratings whose inputs changed, so an unchanged
database gives the same ratings and no duplicates. Rating never changes a supplier's status.

`enforce_plan_deadlines` is the one step that does: for each supplier whose high-risk audit
was in force when its plan deadline passed without a plan covering every non-conformity, it
terminates the supplier's orders (manual section 9) and records the change with the reason,
in effect from the first missed day (`domain.enforcement`), whatever day it runs. The
`supplyesg rate` command and the daily job run it before rating.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.models import QuarterlyRatingRow
from supplyesg.db.repositories import audits as audit_repo
from supplyesg.db.repositories import ratings as repo
from supplyesg.db.repositories import suppliers as supplier_repo
from supplyesg.db.repositories.audits import LatestAudit
from supplyesg.db.repositories.ratings import RatingFilter
from supplyesg.db.session import Database
from supplyesg.domain.audit_authority import Party
from supplyesg.domain.audits import AuditType, RiskLevel
from supplyesg.domain.enforcement import (
    AuditOnRecord,
    DueTermination,
    due_terminations,
    earliest_missed_day,
)
from supplyesg.domain.errors import ConflictError, DomainError, Problem
from supplyesg.domain.events import rating_recorded
from supplyesg.domain.periods import Quarter
from supplyesg.domain.plans import PlanProgress, PlanRejection
from supplyesg.domain.policy import Policy
from supplyesg.domain.rating import AuditStanding, QuarterlyRating, SupplierStanding, rate_supplier
from supplyesg.domain.suppliers import SupplierStatus, is_in_audit_scope
from supplyesg.services import events, policy_files, termination_notices
from supplyesg.services.current_audits import current_audits
from supplyesg.services.suppliers import record_status_change
from supplyesg.services.suppliers import require as require_supplier

MAX_PAGE = 500


@dataclass(frozen=True, slots=True)
class RatingRun:
    """What a rating run did: how many suppliers got which state and score, what changed."""

    quarter: Quarter
    policy_version: str
    by_state: dict[str, int]
    by_score: dict[int, int]
    inserted: int
    updated: int
    unchanged: int
    removed: int

    @property
    def rated(self) -> int:
        """How many suppliers in scope the run rated (scored or not)."""
        return sum(self.by_state.values())


@dataclass(frozen=True, slots=True)
class Termination:
    """A supplier whose orders were terminated, the audit that caused it, and why."""

    supplier_code: str
    audit_reference: str
    reason: str
    effective_on: date
    supplier_name: str = ""


@dataclass(frozen=True, slots=True)
class RatingEntry:
    """A stored rating with its supplier's code and name."""

    rating: QuarterlyRatingRow
    supplier_code: str
    supplier_name: str
    audit_reference: str | None


@dataclass(frozen=True, slots=True)
class RatingPage:
    """One page of a quarter's ratings and the supplier code to continue after."""

    items: Sequence[RatingEntry]
    next_after: str | None


def now(clock: Clock = SYSTEM_CLOCK) -> datetime:
    """The current instant, in UTC, by the clock."""
    return clock.now()


def end_instant(day: date) -> datetime:
    """The first instant after a day, in UTC: what happened before it happened by that day."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


def standing_of(
    audit: LatestAudit, rejections: Sequence[tuple[date, date, str]] = ()
) -> AuditStanding:
    """What the domain rates, from a stored latest audit and its rejected plans."""
    return AuditStanding(
        audit_id=audit.audit_id,
        reference=audit.reference,
        ended_on=audit.ended_on,
        risk_level=RiskLevel(audit.risk_level),
        score=audit.score,
        progress=PlanProgress(
            audit.nc_count,
            audit.first_plan_accepted_on,
            audit.all_ncs_covered_on,
            audit.all_ncs_closed_on,
            tuple(PlanRejection(*rejection) for rejection in rejections),
        ),
        authority=audit.authority_reasons,
        last_audited_on=audit.last_audited_on or audit.ended_on,
    )


def rate_quarter(
    db: Database, quarter: Quarter, policy: Policy | None = None, clock: Clock = SYSTEM_CLOCK
) -> RatingRun:
    """Rate every supplier in audit scope for a quarter that has ended, and store the ratings."""
    _refuse_unfinished(quarter, clock.today())
    policy = policy or policy_files.policy_for(db, quarter.last_day)
    try:
        with db.transaction() as session:
            ratings = _ratings(session, quarter, policy)
            inserted, updated, unchanged, removed = _store(session, quarter, ratings, clock.now())
    except IntegrityError as error:  # another run stored the same quarter meanwhile
        raise ConflictError(
            f"{quarter} was being rated by another run at the same time; rate it again.",
            [Problem("quarter", "rated concurrently", str(quarter))],
        ) from error
    return RatingRun(
        quarter=quarter,
        policy_version=policy.version,
        by_state=dict(Counter(r.state.value for r in ratings)),
        by_score=dict(Counter(r.score for r in ratings if r.score is not None)),
        inserted=inserted,
        updated=updated,
        unchanged=unchanged,
        removed=removed,
    )


def rate_again_in(session: Session, quarter: Quarter, at: datetime) -> None:
    """`rate_quarter` inside the caller's transaction, by the edition in force on its last day
    (after an edition was added for a period already rated)."""
    policy = policy_files.policy_for(session, quarter.last_day)
    _store(session, quarter, _ratings(session, quarter, policy), at)


def _refuse_unfinished(quarter: Quarter, today: date) -> None:
    if quarter.last_day >= today:
        raise DomainError(
            f"{quarter} has not ended yet; it can be rated from {quarter.last_day + timedelta(1)}.",
            [Problem("quarter", f"ends on {quarter.last_day}", str(quarter))],
        )


def _ratings(session: Session, quarter: Quarter, policy: Policy) -> list[QuarterlyRating]:
    end = quarter.last_day
    current = current_audits(session, end, policy)
    terminated = repo.terminated_by(session, end)
    rejected = audit_repo.rejected_plans(
        session, (c.audit.audit_id for c in current.values() if c.audit), end
    )
    ratings = []
    for supplier_id, tier, key in repo.scope_candidates(session):
        if not is_in_audit_scope(tier, key):
            continue
        found = current.get(supplier_id)
        audit = found.audit if found else None
        standing = SupplierStanding(
            supplier_id,
            supplier_id in terminated,
            standing_of(audit, rejected.get(audit.audit_id, ())) if audit else None,
            found.reasons if found and audit is None else (),
        )
        ratings.append(rate_supplier(standing, quarter, policy))
    return ratings


def _store(
    session: Session, period: Quarter, ratings: Sequence[QuarterlyRating], at: datetime
) -> tuple[int, int, int, int]:
    """Write the ratings that are new or changed, each with its business event."""
    quarter = str(period)
    stored = repo.stored(session, quarter)
    new: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    written: list[QuarterlyRating] = []
    for rating in ratings:
        values = _values(rating)
        before = stored.pop(rating.supplier_id, None)
        if before is None:
            new.append(
                {**values, "quarter": quarter, "supplier_id": rating.supplier_id, "rated_at": at}
            )
            written.append(rating)
        elif _differs(before, values):
            changed.append({**values, "id": before.id, "rated_at": at})
            written.append(rating)
    repo.insert_many(session, new)
    repo.update_many(session, changed)
    repo.delete_ids(session, (r.id for r in stored.values()))
    _record_events(session, period, written, at)
    return len(new), len(changed), len(ratings) - len(new) - len(changed), len(stored)


def _record_events(
    session: Session, period: Quarter, written: Sequence[QuarterlyRating], at: datetime
) -> None:
    """One `rating.recorded` event per rating stored or changed, in effect on the last day."""
    if not written:
        return
    codes = supplier_repo.codes_by_id(session, (r.supplier_id for r in written))
    references = audit_repo.references_by_id(
        session, {r.audit_id for r in written if r.audit_id is not None}
    )
    recorded = (
        rating_recorded(
            codes[r.supplier_id],
            str(period),
            period.last_day,
            r.state.value,
            r.score,
            r.risk_level.value if r.risk_level else None,
            references.get(r.audit_id) if r.audit_id is not None else None,
            r.policy_version,
        )
        for r in written
    )
    events.record(session, recorded, at)


def _values(rating: QuarterlyRating) -> dict[str, Any]:
    return {
        "state": rating.state.value,
        "score": rating.score,
        "risk_level": rating.risk_level.value if rating.risk_level else None,
        "audit_id": rating.audit_id,
        "policy_version": rating.policy_version,
        "reasons": [{"rule": r.rule, "text": r.text} for r in rating.reasons],
    }


def _differs(before: repo.StoredRating, values: dict[str, Any]) -> bool:
    facts = (before.state, before.score, before.risk_level, before.audit_id, before.policy_version)
    if facts != tuple(
        values[k] for k in ("state", "score", "risk_level", "audit_id", "policy_version")
    ):
        return True
    # Compare the reasons as the stored JSON text first (no parsing); parse only on a mismatch.
    return before.reasons_json != json.dumps(values["reasons"]) and (
        json.loads(before.reasons_json) != values["reasons"]
    )


# -- reading --------------------------------------------------------------------------------


def list_ratings(
    db: Database,
    quarter: Quarter,
    where: RatingFilter,
    after_code: str | None = None,
    limit: int = 50,
) -> RatingPage:
    """One page of a quarter's ratings, in supplier code order."""
    limit = max(1, min(limit, MAX_PAGE))
    with db.transaction() as session:
        rows = repo.page(session, str(quarter), where, after_code, limit + 1)
    items = [RatingEntry(*row) for row in rows[:limit]]
    more = len(rows) > limit
    return RatingPage(items, items[-1].supplier_code if more and items else None)


def supplier_ratings(db: Database, supplier_code: str) -> list[RatingEntry]:
    """Every stored rating of one supplier, latest quarter first."""
    with db.transaction() as session:
        rows = repo.of_supplier(session, require_supplier(session, supplier_code).id)
    return [RatingEntry(*row) for row in rows]


def suppliers_in_scope(db: Database) -> list[str]:
    """Codes of the suppliers in audit scope (first tier or key sub-supplier), in code order."""
    with db.transaction() as session:
        ids = [i for i, tier, key in repo.scope_candidates(session) if is_in_audit_scope(tier, key)]
        return sorted(row.code for row in supplier_repo.by_ids(session, ids).values())


def rated_quarters(db: Database) -> list[Quarter]:
    """The quarters that have ratings, latest first."""
    with db.transaction() as session:
        return [Quarter.parse(q) for q in repo.quarters(session)]


# -- terminating orders when a high-risk plan deadline is missed -----------------------------


def enforce_plan_deadlines(
    db: Database,
    as_of: date,
    actor: str,
    policy: Policy | None = None,
    at: datetime | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> list[Termination]:
    """Terminate the orders of suppliers whose high-risk plan deadline was missed by the day.

    Each termination takes effect on the first missed day; `at` is when it is recorded (now
    unless told). `policy` fixes the edition (by default, the one in force when each audit
    ended). Running it again, or for an earlier day, terminates nothing twice.
    """
    if as_of > clock.today():
        raise DomainError(
            "Deadlines are enforced up to today.", [Problem("as_of", "is in the future", as_of)]
        )
    at = at or now(clock)
    with db.transaction() as session:
        return enforce_in(session, as_of, actor, at, policy)


def enforce_in(
    session: Session, as_of: date, actor: str, at: datetime, policy: Policy | None = None
) -> list[Termination]:
    """`enforce_plan_deadlines` inside the caller's transaction; procurement and the ESG
    managers get one notification per termination, in the same transaction."""
    editions = policy_files.policy_editions(session)

    def policy_on(day: date) -> Policy:
        return policy or policy_files.edition_on(editions, day)

    due = [
        (supplier_id, termination)
        for supplier_id, audits in _audits_at_risk(session, as_of).items()
        for termination in due_terminations(
            [_on_record(a) for a in audits],
            as_of,
            policy_on,
            {a.audit_id for a in audits if a.termination_recorded},
        )
    ]
    done = _terminate(session, sorted(due, key=lambda d: d[1].effective_on), actor, at)
    termination_notices.notify(session, done, at)
    return done


def earliest_unenforced_miss(session: Session, through: date) -> date | None:
    """The first missed day of the earliest high-risk plan deadline not enforced by a day."""
    editions = policy_files.policy_editions(session)
    days = [
        earliest_missed_day(
            [_on_record(a) for a in audits],
            lambda day: policy_files.edition_on(editions, day),
            {a.audit_id for a in audits if a.termination_recorded},
        )
        for audits in _audits_at_risk(session, through).values()
    ]
    return min((d for d in days if d is not None), default=None)


def termination_days_now(session: Session, through: date) -> dict[str, date]:
    """The day each terminating audit's missed deadline takes effect under the editions now in
    force, by audit reference, for the suppliers already terminated (checked after an edition
    was added for past days)."""
    editions = policy_files.policy_editions(session)
    by_supplier: dict[int, list[LatestAudit]] = {}
    for audit in audit_repo.audits_of_terminated_suppliers(session, through):
        by_supplier.setdefault(audit.supplier_id, []).append(audit)
    return {
        due.audit.reference: due.effective_on
        for audits in by_supplier.values()
        for due in due_terminations(
            [_on_record(a) for a in audits],
            through,
            lambda day: policy_files.edition_on(editions, day),
        )
    }


def _audits_at_risk(session: Session, as_of: date) -> dict[int, list[LatestAudit]]:
    by_supplier: dict[int, list[LatestAudit]] = {}
    for audit in audit_repo.audits_of_suppliers_at_risk(session, as_of):
        by_supplier.setdefault(audit.supplier_id, []).append(audit)
    return by_supplier


def _on_record(audit: LatestAudit) -> AuditOnRecord:
    standing = standing_of(audit)
    return AuditOnRecord(
        audit.audit_id,
        audit.reference,
        audit.ended_on,
        standing.risk_level,
        standing.progress,
        AuditType(audit.audit_type),
        Party(audit.completed_by),
        audit.reviews_audit_id,
    )


def _terminate(
    session: Session, due: list[tuple[int, DueTermination]], actor: str, at: datetime
) -> list[Termination]:
    suppliers = supplier_repo.by_ids(session, (supplier_id for supplier_id, _ in due))
    audits = {
        row.id: row for row in audit_repo.audits_by_ids(session, (d.audit.audit_id for _, d in due))
    }
    done = []
    for supplier_id, termination in due:
        supplier, reason = suppliers[supplier_id], termination.reason.text
        if supplier.status != SupplierStatus.TERMINATED:
            record_status_change(
                session,
                supplier,
                SupplierStatus.TERMINATED,
                reason,
                actor,
                at,
                termination.effective_on,
                termination.audit.reference,
            )
            done.append(
                Termination(
                    supplier.code,
                    termination.audit.reference,
                    reason,
                    termination.effective_on,
                    supplier.legal_name,
                )
            )
        row = audits[termination.audit.audit_id]
        row.termination_recorded_at, row.termination_effective_on = at, termination.effective_on
    return done
