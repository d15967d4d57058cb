"""What the programme pages show: read models gathered from the programme's services.

Nothing here decides anything: every risk level, deadline, due audit and score is the one
the domain computed (through the audit, rating, risk, programme and training services);
these functions only fetch and arrange them for reading.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from supplyesg.db.models import EsgAuditRow, ImprovementPlanRow
from supplyesg.db.repositories import programme_views as repo
from supplyesg.db.repositories.audits import NcFilter
from supplyesg.db.repositories.programme_views import AuditListFilter, PlanFilter
from supplyesg.db.session import Database
from supplyesg.domain.audits import RiskLevel
from supplyesg.domain.periods import Quarter
from supplyesg.domain.plans import DeadlineState, NcStatus, PlanDeadline, plan_deadline_status
from supplyesg.domain.policy import Reason
from supplyesg.domain.rating import RatingState
from supplyesg.services import audit_programme, audits, nonconformities, rating, risk, training
from supplyesg.services.audit_programme import ProgrammeLine
from supplyesg.services.audits import AuditPage
from supplyesg.services.current_audits import current_audits, setting_audits
from supplyesg.services.nonconformities import NcRecord
from supplyesg.services.policy_files import policy_for
from supplyesg.services.rating import RatingEntry
from supplyesg.services.risk import RegisterEntry
from supplyesg.services.suppliers import require as require_supplier
from supplyesg.services.training import AssignmentView

DUE_SOON_DAYS = 90
TREND_QUARTERS = 8
OPEN_NC_STATUSES = tuple(status.value for status in NcStatus if not status.is_resolved)
TREND_BUCKETS = ("score_1", "score_0", "score_-1", "audit_overdue", "not_rated", "terminated")
"""How a quarter's ratings are counted on the trend chart."""


@dataclass(frozen=True, slots=True)
class QuarterCounts:
    """How many suppliers got each score (or none, and why) in one quarter."""

    quarter: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        """How many suppliers were rated (scored or not)."""
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class DeadlineLine:
    """The plan deadline of a supplier's latest audit, with the facts to show beside it."""

    audit_reference: str
    supplier_code: str
    legal_name: str
    risk_level: RiskLevel
    audit_ended_on: date
    deadline: PlanDeadline


@dataclass(frozen=True, slots=True)
class ProgrammeOverview:
    """The programme at a glance, as of a day."""

    as_of: date
    risk_counts: Sequence[tuple[RiskLevel, int]]
    trend: Sequence[QuarterCounts]
    missed_plans: Sequence[DeadlineLine]
    pending_plans: Sequence[DeadlineLine]
    audits_due: Sequence[ProgrammeLine]
    audits_overdue: Sequence[ProgrammeLine]
    overdue_ncs: int

    @property
    def suppliers(self) -> int:
        """How many suppliers the risk register holds."""
        return sum(count for _level, count in self.risk_counts)

    def chart_data(self) -> dict[str, Any]:
        """The figures the dashboard charts draw, as JSON-ready values in display order."""
        return {
            "risk": [[str(level), count] for level, count in self.risk_counts],
            "trend": {
                "quarters": [q.quarter for q in self.trend],
                "series": [[b, [q.counts.get(b, 0) for q in self.trend]] for b in TREND_BUCKETS],
            },
        }


def programme_overview(db: Database, as_of: date) -> ProgrammeOverview:
    """Risk distribution, rating trend, plan deadlines and audits due or overdue, as of a day."""
    register = risk.risk_register(db, as_of)
    levels = Counter(entry.row.resulting.level for entry in register)
    horizon = as_of + timedelta(days=DUE_SOON_DAYS)
    programme = audit_programme.programme_of_year(db, horizon.year, as_of)
    deadlines = plan_deadlines(db, as_of)
    overdue_ncs = nonconformities.list_nonconformities(
        db, NcFilter(statuses=OPEN_NC_STATUSES), as_of, only_overdue=True, limit=500
    )
    return ProgrammeOverview(
        as_of=as_of,
        risk_counts=[(level, levels.get(level, 0)) for level in RiskLevel],
        trend=rating_trend(db),
        missed_plans=[d for d in deadlines if d.deadline.state is DeadlineState.MISSED],
        pending_plans=[d for d in deadlines if d.deadline.state is DeadlineState.PENDING],
        audits_due=[
            line
            for line in programme.lines
            if not line.due.is_overdue and line.due.due_on <= horizon
        ],
        audits_overdue=list(programme.overdue),
        overdue_ncs=len(overdue_ncs.items),
    )


def rating_trend(db: Database, quarters: int = TREND_QUARTERS) -> list[QuarterCounts]:
    """The counts of each score for the latest rated quarters, oldest first."""
    wanted = [str(q) for q in rating.rated_quarters(db)[:quarters]]
    with db.transaction() as session:
        rows = repo.rating_counts(session, wanted)
    counts: dict[str, Counter[str]] = {q: Counter() for q in wanted}
    for quarter, state, score, count in rows:
        counts[quarter][_bucket(state, score)] += count
    return [QuarterCounts(q, dict(counts[q])) for q in reversed(wanted)]


def quarter_counts(db: Database, quarter: Quarter) -> QuarterCounts:
    """How many suppliers got each score (or none, and why) in one quarter."""
    with db.transaction() as session:
        rows = repo.rating_counts(session, [str(quarter)])
    counts: Counter[str] = Counter()
    for _quarter, state, score, count in rows:
        counts[_bucket(state, score)] += count
    return QuarterCounts(str(quarter), dict(counts))


def _bucket(state: str, score: int | None) -> str:
    return f"score_{score}" if state == RatingState.RATED else state


def plan_deadlines(db: Database, as_of: date) -> list[DeadlineLine]:
    """The plan deadline of each supplier's latest audit that calls for a plan, earliest first."""
    policy = policy_for(db, as_of)
    with db.transaction() as session:
        latest = [
            a for a in setting_audits(session, as_of, policy) if a.risk_level != RiskLevel.LOW
        ]
        names = repo.supplier_names(session, (a.supplier_id for a in latest))
    lines = []
    for audit in latest:
        level = RiskLevel(audit.risk_level)
        progress = rating.standing_of(audit).progress
        code, legal_name = names[audit.supplier_id]
        lines.append(
            DeadlineLine(
                audit.reference,
                code,
                legal_name,
                level,
                audit.ended_on,
                plan_deadline_status(level, audit.ended_on, progress, as_of, policy),
            )
        )
    return sorted(lines, key=lambda line: (line.deadline.due_on or as_of, line.supplier_code))


# -- audits and plans --------------------------------------------------------------------------


def list_audits(
    db: Database, where: AuditListFilter, after: str | None = None, limit: int = 50
) -> tuple[AuditPage, int]:
    """One page of audits by every filter of the audit list, and how many match."""
    with db.transaction() as session:
        rows = repo.audit_page(session, where, after, limit + 1)
        matching = repo.audit_count(session, where)
    items = rows[:limit]
    more = len(rows) > limit
    return AuditPage(items, items[-1].reference if more and items else None), matching


def audit_years(db: Database) -> list[int]:
    """The years audits ended in, latest first."""
    with db.transaction() as session:
        return repo.audit_years(session)


@dataclass(frozen=True, slots=True)
class PlanLine:
    """An improvement plan, its audit and supplier, and its audit's plan deadline today."""

    plan: ImprovementPlanRow
    audit: EsgAuditRow
    deadline: PlanDeadline | None


@dataclass(frozen=True, slots=True)
class PlanPage:
    """One page of plans, latest first, and the id to continue after."""

    items: Sequence[PlanLine]
    next_after: int | None


def list_plans(
    db: Database,
    as_of: date,
    status: str | None = None,
    supplier_code: str | None = None,
    audit_reference: str | None = None,
    after: int | None = None,
    limit: int = 50,
) -> PlanPage:
    """Improvement plans, latest first, each with its audit's plan deadline as of a day."""
    with db.transaction() as session:
        where = PlanFilter(
            status=status,
            supplier_id=require_supplier(session, supplier_code).id if supplier_code else None,
            audit_id=audits.require(session, audit_reference).id if audit_reference else None,
        )
        rows = repo.plan_page(session, where, after, limit + 1)
    policy = policy_for(db, as_of)
    items = [PlanLine(p, a, audits.plan_deadline_of(a, as_of, policy)) for p, a in rows[:limit]]
    more = len(rows) > limit
    return PlanPage(items, items[-1].plan.id if more and items else None)


# -- one supplier ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SupplierProgramme:
    """Where one supplier stands in the programme."""

    supplier_code: str
    register: RegisterEntry
    audits: Sequence[EsgAuditRow]
    deadline: PlanDeadline | None
    ratings: Sequence[RatingEntry]
    open_ncs: Sequence[NcRecord]
    plans: Sequence[PlanLine]
    trainings: Sequence[AssignmentView]

    current_audit: EsgAuditRow | None = None
    """The audit that sets the supplier's audit risk (domain.audit_authority), if any."""
    current_reasons: tuple[Reason, ...] = ()
    """Why that audit (and not a later one) sets it, or why none does."""

    @property
    def latest_audit(self) -> EsgAuditRow | None:
        """The audit that sets the supplier's audit risk (not simply the newest one)."""
        return self.current_audit

    @property
    def current_rating(self) -> RatingEntry | None:
        """The rating of the latest rated quarter, if any."""
        return self.ratings[0] if self.ratings else None


def supplier_programme(db: Database, code: str, as_of: date) -> SupplierProgramme:
    """A supplier's audits, risk, ratings, open non-conformities, plans and trainings."""
    with db.transaction() as session:
        supplier = require_supplier(session, code)
        recent = repo.audits_of_supplier(session, supplier.id, 5)
        policy = policy_for(session, as_of)
        found = current_audits(session, as_of, policy, supplier.id).get(supplier.id)
        completed = (
            audits.require(session, found.audit.reference)
            if found is not None and found.audit is not None
            else None
        )
    open_ncs = nonconformities.list_nonconformities(
        db, NcFilter(supplier_id=supplier.id, statuses=OPEN_NC_STATUSES), as_of, limit=50
    )
    return SupplierProgramme(
        supplier_code=supplier.code,
        register=risk.supplier_risk(db, supplier.code, as_of),
        audits=recent,
        deadline=audits.plan_deadline_of(completed, as_of, policy) if completed else None,
        ratings=rating.supplier_ratings(db, supplier.code)[:4],
        open_ncs=open_ncs.items,
        plans=list_plans(db, as_of, supplier_code=supplier.code, limit=5).items,
        trainings=training.supplier_trainings(db, supplier.code)[:5],
        current_audit=completed,
        current_reasons=found.reasons if found is not None else (),
    )


def latest_ended_quarter(today: date) -> Quarter:
    """The last quarter that has ended by the day (the one that can be rated)."""
    return Quarter.containing(today).previous()
