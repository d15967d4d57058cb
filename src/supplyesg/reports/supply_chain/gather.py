"""The supply chain report's inputs, fetched from the supplier programme services for a year.

The year is the financial year of the ESG data (or the calendar year when none is defined).
Coverage comes from the audit programme as it stood at the start of the year (what was due)
and at its end (what was still overdue); results from the audits completed in the year, their
non-conformities as they stood at year end, the risk register at year end, the training held
in the year, the plan deadlines of the policy in force and the scorecard's ESG weight.
Every rule (due audits, risk levels, overdue, plan deadlines) is the programme's own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal

from supplyesg.db.models import EsgAuditRow
from supplyesg.db.repositories import esg_data as esg_repo
from supplyesg.db.repositories.audits import COMPLETED, AuditFilter, NcFilter
from supplyesg.db.session import Database
from supplyesg.domain.audits import AuditType, RiskLevel
from supplyesg.domain.conduct import Pillar
from supplyesg.domain.organisation import FinancialYear, financial_year_ending
from supplyesg.domain.periods import Quarter
from supplyesg.domain.plans import DeadlineState, NcStatus, plan_deadline_status
from supplyesg.domain.policy import Policy
from supplyesg.domain.programme import AuditKind
from supplyesg.domain.scorecard import ESG
from supplyesg.reports.supply_chain.inputs import (
    Coverage,
    OnSiteResult,
    PlanOutcomes,
    RiskCount,
    ScoringStandard,
    SupplyChainInputs,
    TopicFindings,
    TrainingSession,
)
from supplyesg.services import audits, nonconformities, scorecard, training
from supplyesg.services.audit_programme import programme_of_year
from supplyesg.services.esg_organisation import financial_years_in, organisation_in
from supplyesg.services.policy_files import policy_for
from supplyesg.services.risk import risk_register
from supplyesg.services.supply_chain_kpis import supply_chain_kpis_in

ON_SITE = {AuditType.ON_SITE_ANNOUNCED, AuditType.ON_SITE_UNANNOUNCED}
PAGE = 500


def supply_chain_inputs(db: Database, year: int) -> SupplyChainInputs:
    """Everything the supply chain ESG report of a year shows, from the programme services."""
    with db.transaction() as session:
        fy = financial_years_in(session).get(year) or financial_year_ending(year)
        organisation = organisation_in(session)
        name = organisation.entities[organisation.top(None)].name
        counted = supply_chain_kpis_in(session, fy, max_tier=None)
    policy = policy_for(db, fy.end)
    done = [a for a in _completed_audits(db) if fy.start <= a.ended_on <= fy.end]
    trained = _trained_codes(db, fy)
    at_start = programme_of_year(db, fy.end.year, min(fy.start, date(fy.end.year, 12, 31)))
    due_annual = {
        line.supplier_code for line in at_start.lines if line.due.kind is AuditKind.ANNUAL
    }
    due_on_site = {
        line.supplier_code for line in at_start.lines if line.due.kind is AuditKind.ON_SITE
    }
    audited = {a.supplier.code for a in done}
    on_site = [a for a in done if AuditType(a.audit_type) in ON_SITE]
    at_end = programme_of_year(db, fy.end.year, fy.end)
    return SupplyChainInputs(
        organisation=name,
        year=year,
        period_start=fy.start,
        period_end=fy.end,
        coverage=Coverage(
            suppliers=counted.supplier_count,
            in_scope=len(due_annual),
            audited=len(due_annual & audited),
            on_site_due=len(due_on_site),
            on_site_done=len(due_on_site & {a.supplier.code for a in on_site}),
            overdue_at_year_end=len(at_end.overdue),
        ),
        standards=_standards(policy),
        risk=_risk(db, fy.end),
        topics=_topics(db, done, fy.end),
        on_site=tuple(
            _on_site(a, trained)
            for a in on_site
            if a.supplier.code in due_on_site or a.risk_level == RiskLevel.HIGH
        ),
        trainings=_trainings(db, fy),
        suppliers_trained=len(trained),
        plans=_plans(db, policy, fy),
        esg_weight_pct=scorecard.weights_for(db, Quarter(fy.end.year, 4)).weights.weight_of(ESG),
    )


def _completed_audits(db: Database) -> Iterator[EsgAuditRow]:
    after: str | None = None
    while True:
        page = audits.list_audits(db, AuditFilter(status=COMPLETED), after, PAGE)
        yield from page.items
        if page.next_after is None:
            return
        after = page.next_after


def _standards(policy: Policy) -> tuple[ScoringStandard, ...]:
    """Manual section 9 as the policy in force applies it."""
    return (
        ScoringStandard(
            "low",
            policy.low_risk_min_score,
            policy.low_risk_score,
            None,
            None,
            "Close every non-conformity by the date agreed",
        ),
        ScoringStandard(
            "medium",
            policy.medium_risk_min_score,
            policy.medium_risk_score,
            policy.medium_risk_plan_months,
            policy.missed_plan_score,
            "Conditionally accepted until a reasonable improvement plan is accepted",
        ),
        ScoringStandard(
            "high",
            None,
            policy.high_risk_score,
            policy.high_risk_plan_months,
            None,
            "Orders terminated without a plan covering every non-conformity in time",
        ),
    )


def _risk(db: Database, year_end: date) -> tuple[RiskCount, ...]:
    """Suppliers with a completed audit, by the risk level the register gives them at year end."""
    counts = Counter(
        str(entry.row.resulting.level)
        for entry in risk_register(db, year_end)
        if entry.latest_audit is not None
    )
    return tuple(RiskCount(str(level), counts.get(str(level), 0)) for level in RiskLevel)


def _topics(db: Database, done: Sequence[EsgAuditRow], year_end: date) -> tuple[TopicFindings, ...]:
    """The non-conformities raised by the year's audits, by pillar, as they stood at year end."""
    pillars = {a.reference: {r.requirement_id: r.pillar for r in a.code.requirements} for a in done}
    tally: dict[str, Counter[str]] = {str(p): Counter() for p in Pillar}
    after: int | None = None
    while True:
        page = nonconformities.list_nonconformities(
            db, NcFilter(), year_end, after_id=after, limit=PAGE
        )
        for record in page.items:
            of_audit = pillars.get(record.audit_reference)
            if of_audit is None or record.row.status == NcStatus.WITHDRAWN:
                continue
            counts = tally.setdefault(of_audit.get(record.row.requirement_id, "other"), Counter())
            closed = record.row.closed_on is not None and record.row.closed_on <= year_end
            counts["raised"] += 1
            counts["closed" if closed else "open"] += 1
            counts["overdue"] += record.overdue
        if page.next_after is None:
            break
        after = page.next_after
    return tuple(_topic(pillar, counts) for pillar, counts in tally.items() if counts["raised"])


def _topic(pillar: str, counts: Counter[str]) -> TopicFindings:
    label = Pillar(pillar).label if pillar in set(Pillar) else pillar.capitalize()
    rate = Decimal(counts["closed"] * 100) / counts["raised"]
    return TopicFindings(
        label, counts["raised"], counts["closed"], counts["open"], counts["overdue"], rate
    )


def _on_site(audit: EsgAuditRow, trained: set[str]) -> OnSiteResult:
    supplier = audit.supplier
    return OnSiteResult(
        supplier=supplier.legal_name,
        category=supplier.category,
        country=supplier.country,
        audited_on=audit.ended_on,
        score=audit.score,
        risk_level=audit.risk_level or "",
        outcome=audit.outcome or "",
        nonconformities=audit.nc_count,
        trained=supplier.code in trained,
    )


def _trained_codes(db: Database, fy: FinancialYear) -> set[str]:
    with db.transaction() as session:
        return esg_repo.trained_suppliers(session, fy.start, fy.end)


def _trainings(db: Database, fy: FinancialYear) -> tuple[TrainingSession, ...]:
    return tuple(
        TrainingSession(
            s.programme.topic, s.programme.held_on, str(s.programme.format), s.expected, s.completed
        )
        for s in training.list_programmes(db, fy.start, fy.end)
    )


def _plans(db: Database, policy: Policy, fy: FinancialYear) -> PlanOutcomes:
    """Plan deadlines falling in the year, judged at year end, and orders terminated in it."""
    states: Counter[DeadlineState] = Counter()
    terminated = 0
    for audit in _completed_audits(db):
        if audit.risk_level not in (RiskLevel.MEDIUM, RiskLevel.HIGH):
            continue
        status = plan_deadline_status(
            RiskLevel(audit.risk_level),
            audit.ended_on,
            nonconformities.progress_of(audit),
            fy.end,
            policy,
        )
        if status.due_on is not None and fy.start <= status.due_on <= fy.end:
            states[status.state] += 1
        effective = audit.termination_effective_on
        terminated += effective is not None and fy.start <= effective <= fy.end
    return PlanOutcomes(
        required=sum(states.values()),
        met=states[DeadlineState.MET],
        missed=states[DeadlineState.MISSED],
        pending=states[DeadlineState.PENDING],
        orders_terminated=terminated,
    )
