"""Climate and environmental target endpoints: set, change and withdraw targets, and read each
one's progress in every financial year after its base year.

A target is measured against the approved figures the ESG data services compute. Its base is
the computed figure of the base year when there is one; otherwise `base_value` and
`base_source` are required. Withdrawing (DELETE) keeps the target in reports of earlier years.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field, PlainSerializer, StrictStr, WithJsonSchema

from supplyesg.domain import targets as rules
from supplyesg.domain.targets import Accounting, ProgressStatus, TargetKind, TargetMetric
from supplyesg.services import targets as service
from supplyesg.services.targets import StoredTarget, TargetReport
from supplyesg.web.api.types import DECIMAL_PATTERN, Day, DecimalValue, RecordId
from supplyesg.web.deps import ClockDep, DatabaseDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/targets", tags=["targets"], responses=PROBLEM_RESPONSES)

Computed = Annotated[
    Decimal,
    PlainSerializer(lambda d: format(d, "f"), return_type=str),
    WithJsonSchema({"type": "string", "pattern": DECIMAL_PATTERN}),
]
"""A value computed from the figures, as a string so no digit is lost (never a stored input)."""
Year = Annotated[int, Field(strict=True, ge=rules.MIN_YEAR, le=rules.MAX_YEAR)]


class CarbonCredit(BaseModel):
    """Carbon credits retired in a year and counted by a net target, in tonnes CO2e."""

    year: Year
    t_co2e: DecimalValue


class TargetCreate(BaseModel):
    """A target: the figure, absolute or per a normaliser, for a boundary, from a base year to a
    target year; either `target_value` or `reduction_pct`."""

    metric: TargetMetric
    kind: TargetKind = TargetKind.ABSOLUTE
    normaliser: StrictStr = Field("", max_length=80, description="For an intensity: revenue, ...")
    entity: StrictStr = Field("", max_length=80, description="Reporting entity; empty: the group")
    accounting: Accounting = Accounting.GROSS
    base_year: Year
    base_value: DecimalValue | None = Field(
        None, description="Only used when the base year has no computed figure"
    )
    base_source: StrictStr = Field("", max_length=rules.MAX_TEXT)
    target_year: Year
    target_value: DecimalValue | None = None
    reduction_pct: DecimalValue | None = Field(None, description="A cut from the base, in %")
    credits: list[CarbonCredit] = Field(default_factory=list, max_length=101)
    description: StrictStr = Field(max_length=rules.MAX_TEXT)
    steps: StrictStr = Field("", max_length=rules.MAX_TEXT, description="Steps taken to reach it")
    owner: StrictStr = Field(max_length=rules.MAX_OWNER)
    adopted_on: Day | None = Field(None, description="The day it takes effect; today if none")

    def target(self) -> rules.Target:
        """The domain target."""
        return rules.Target(
            metric=self.metric,
            base_year=self.base_year,
            target_year=self.target_year,
            kind=self.kind,
            normaliser=self.normaliser,
            entity=self.entity,
            accounting=self.accounting,
            target_value=self.target_value,
            reduction_pct=self.reduction_pct,
            base_value=self.base_value,
            base_source=self.base_source,
            credits_t_co2e=service.credits_of_form((c.year, c.t_co2e) for c in self.credits),
            description=self.description,
            steps=self.steps,
            owner=self.owner,
            adopted_on=self.adopted_on,
        )


class YearProgress(BaseModel):
    """One financial year against the target."""

    year: int
    gross: Computed | None = Field(description="The computed figure, before any credits")
    credits_t_co2e: Computed
    value: Computed | None = Field(description="As the target measures it (net if net)")
    path: Computed = Field(description="The value on the straight line from base to target")
    change_from_base_pct: Computed | None
    status: ProgressStatus


class Target(TargetCreate):
    """A stored target with its base, goal and progress by year."""

    id: int
    unit: str
    adopted_on: date | None = Field(description="The day it took effect")
    withdrawn_on: date | None
    base: Computed | None = Field(description="The base the progress is measured from")
    base_computed: bool | None = Field(description="Computed from the base year's figures")
    goal: Computed | None = Field(description="The value the target year is to reach")
    progress: list[YearProgress]

    @staticmethod
    def of(stored: StoredTarget, report: TargetReport | None = None) -> Target:
        """The answer for a stored target and (when measured) its progress."""
        t = stored.target
        found = report.progress if report else None
        base = found.base if found else None
        return Target(
            id=stored.id,
            metric=t.metric,
            kind=t.kind,
            normaliser=t.normaliser,
            entity=t.entity,
            accounting=t.accounting,
            base_year=t.base_year,
            base_value=t.base_value,
            base_source=t.base_source,
            target_year=t.target_year,
            target_value=t.target_value,
            reduction_pct=t.reduction_pct,
            credits=[CarbonCredit(year=y, t_co2e=v) for y, v in t.credits_t_co2e.items()],
            description=t.description,
            steps=t.steps,
            owner=t.owner,
            adopted_on=t.adopted_on,
            withdrawn_on=t.withdrawn_on,
            unit=report.unit if report else t.metric.unit,
            base=base.value if base else None,
            base_computed=base.computed if base else None,
            goal=found.goal if found else None,
            progress=[_year(y) for y in found.years] if found else [],
        )


def _year(year: rules.YearProgress) -> YearProgress:
    change = year.change_from_base
    return YearProgress(
        year=year.year,
        gross=year.gross,
        credits_t_co2e=year.credits_t_co2e,
        value=year.value,
        path=year.path,
        change_from_base_pct=None if change is None else change * 100,
        status=year.status,
    )


def _measured(db: DatabaseDep, stored: StoredTarget) -> Target:
    reports = {r.stored.id: r for r in service.target_reports(db)}
    return Target.of(stored, reports.get(stored.id))


@router.get("", response_model=list[Target])
def list_targets(
    db: DatabaseDep,
    year: Annotated[
        int | None,
        Query(
            ge=rules.MIN_YEAR,
            le=rules.MAX_YEAR,
            description="The targets in force at the end of this financial year, measured to it",
        ),
    ] = None,
) -> list[Target]:
    """The targets in force, oldest first, each with its progress by financial year."""
    return [Target.of(r.stored, r) for r in service.target_reports(db, year)]


@router.post("", response_model=Target, status_code=201)
def add_target(body: TargetCreate, db: DatabaseDep, clock: ClockDep, response: Response) -> Target:
    """Set a target. 422 names each faulty field: a base year with no approved figure needs
    `base_value` and `base_source`; `net` only for emissions; credits only for a net target."""
    stored = service.add_target(db, body.target(), clock)
    response.headers["Location"] = f"/api/v1/targets/{stored.id}"
    return _measured(db, stored)


@router.get("/{target_id}", response_model=Target)
def get_target(target_id: RecordId, db: DatabaseDep) -> Target:
    """One target (withdrawn ones too) with its progress."""
    return _measured(db, service.get_target(db, target_id))


@router.put("/{target_id}", response_model=Target)
def update_target(
    target_id: RecordId, body: TargetCreate, db: DatabaseDep, clock: ClockDep
) -> Target:
    """Change a target in force: every field as sent (its adoption day kept when none is)."""
    return _measured(db, service.update_target(db, target_id, body.target(), clock))


@router.delete("/{target_id}", response_model=Target)
def withdraw_target(
    target_id: RecordId,
    db: DatabaseDep,
    clock: ClockDep,
    on: Annotated[Day | None, Query(description="The day it is withdrawn; today if none")] = None,
) -> Target:
    """Withdraw a target from a day: it leaves the list, and reports of earlier years keep it."""
    return Target.of(service.withdraw_target(db, target_id, clock, on))
