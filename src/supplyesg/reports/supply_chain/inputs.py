"""What the supply chain ESG report is built from: the supplier programme's results for a year.

The manual asks the company to share its supply chain ESG results with stakeholders (section 8,
"Monitoring and reporting") and to disclose the results of the on-site audits of high-risk
suppliers (section 7). These values are the report's input interface; `gather.py` fills them
from the supplier programme services. Nothing here is calculated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Coverage:
    """How far the audit programme reached in the year (manual sections 3 and 7)."""

    suppliers: int
    in_scope: int
    audited: int
    on_site_due: int
    on_site_done: int
    overdue_at_year_end: int


@dataclass(frozen=True, slots=True)
class RiskCount:
    """How many audited suppliers stood at a risk level at year end."""

    level: str
    suppliers: int


@dataclass(frozen=True, slots=True)
class ScoringStandard:
    """What a risk level means for a supplier (manual section 9), as the policy in force sets it."""

    level: str
    min_audit_score: Decimal | None
    quarterly_score: int
    plan_months: int | None
    missed_plan_score: int | None
    consequence: str


@dataclass(frozen=True, slots=True)
class TopicFindings:
    """Non-conformities of one Code of Conduct pillar: raised in the year and how they ended."""

    topic: str
    raised: int
    closed: int
    open: int
    overdue: int
    closure_rate_pct: Decimal | None


@dataclass(frozen=True, slots=True)
class OnSiteResult:
    """The result of an on-site audit of a high-risk supplier, as disclosed (manual section 7)."""

    supplier: str
    category: str
    country: str
    audited_on: date
    score: Decimal | None
    risk_level: str
    outcome: str
    nonconformities: int
    trained: bool


@dataclass(frozen=True, slots=True)
class TrainingSession:
    """A training programme held for suppliers in the year (manual sections 7 and 9)."""

    title: str
    held_on: date
    format: str
    invited: int
    completed: int


@dataclass(frozen=True, slots=True)
class PlanOutcomes:
    """Improvement plans due in the year and what became of them (manual section 9)."""

    required: int
    met: int
    missed: int
    pending: int
    orders_terminated: int


@dataclass(frozen=True, slots=True)
class SupplyChainInputs:
    """Everything the supply chain ESG report of a year shows, from the programme services."""

    organisation: str
    year: int
    period_start: date
    period_end: date
    coverage: Coverage
    standards: tuple[ScoringStandard, ...]
    risk: tuple[RiskCount, ...]
    topics: tuple[TopicFindings, ...]
    on_site: tuple[OnSiteResult, ...]
    trainings: tuple[TrainingSession, ...]
    suppliers_trained: int = 0
    plans: PlanOutcomes | None = None
    esg_weight_pct: Decimal | None = None
    warnings: tuple[str, ...] = ()
