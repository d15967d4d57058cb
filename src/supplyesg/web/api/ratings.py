"""Rating endpoints: rate a quarter, read ratings, enforce the high-risk plan deadlines."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from supplyesg.db.repositories.ratings import RatingFilter
from supplyesg.domain.audits import RiskLevel
from supplyesg.domain.periods import Quarter
from supplyesg.domain.rating import RatingState
from supplyesg.services import rating as service
from supplyesg.services.rating import RatingEntry, RatingRun
from supplyesg.web.api.jobs import ACCEPTED, BackgroundJob, accepted
from supplyesg.web.api.programme_schemas import Reason
from supplyesg.web.api.types import Day
from supplyesg.web.deps import ActorDep, ClockDep, CurrentUserDep, DatabaseDep, JobQueueDep
from supplyesg.web.openapi import PROBLEM_RESPONSES
from supplyesg.worker import kinds

router = APIRouter(prefix="/ratings", tags=["ratings"], responses=PROBLEM_RESPONSES)
QuarterPath = Annotated[str, Path(description="A quarter such as 2026Q2")]


class Rating(BaseModel):
    """A supplier's ESG score for a quarter (null when not rated), with the reasons."""

    quarter: str
    supplier: str
    supplier_name: str
    state: RatingState
    score: int | None = Field(description="1, 0 or -1 when rated")
    risk_level: RiskLevel | None = Field(
        description="Audit risk: the level set by the audit that counts, which decides the score "
        "(not the risk register's overall risk)"
    )
    audit: str | None = Field(description="Reference of the audit the rating read")
    policy_version: str
    reasons: list[Reason]
    rated_at: datetime

    @classmethod
    def of(cls, entry: RatingEntry) -> Rating:
        """The schema of a stored rating."""
        row = entry.rating
        return cls(
            quarter=row.quarter,
            supplier=entry.supplier_code,
            supplier_name=entry.supplier_name,
            state=RatingState(row.state),
            score=row.score,
            risk_level=RiskLevel(row.risk_level) if row.risk_level else None,
            audit=entry.audit_reference,
            policy_version=row.policy_version,
            reasons=[Reason(**r) for r in row.reasons],
            rated_at=row.rated_at,
        )


class RatingList(BaseModel):
    """A page of a quarter's ratings; pass `next_cursor` as `after` for the next page."""

    items: list[Rating]
    next_cursor: str | None


class RunResult(BaseModel):
    """What a rating run did."""

    quarter: str
    policy_version: str
    rated: int
    by_state: dict[RatingState, int]
    by_score: dict[int, int]
    inserted: int
    updated: int
    unchanged: int
    removed: int

    @classmethod
    def of(cls, run: RatingRun) -> RunResult:
        """The schema of a run."""
        return cls(
            quarter=str(run.quarter),
            policy_version=run.policy_version,
            rated=run.rated,
            by_state={RatingState(k): v for k, v in run.by_state.items()},
            by_score=run.by_score,
            inserted=run.inserted,
            updated=run.updated,
            unchanged=run.unchanged,
            removed=run.removed,
        )


class Enforcement(BaseModel):
    """The day to enforce the high-risk plan deadlines as of (default today)."""

    model_config = ConfigDict(extra="forbid")

    as_of: Day | None = None


class Termination(BaseModel):
    """A supplier whose orders were terminated, and why."""

    supplier: str
    audit: str
    reason: str
    effective_on: date = Field(description="The first missed day, when the termination took effect")


@router.get("/quarters", response_model=list[str])
def rated_quarters(db: DatabaseDep) -> list[str]:
    """The quarters that have ratings, latest first."""
    return [str(q) for q in service.rated_quarters(db)]


@router.post("/plan-deadlines", response_model=list[Termination])
def enforce_plan_deadlines(
    body: Enforcement, db: DatabaseDep, clock: ClockDep, actor: ActorDep
) -> list[Termination]:
    """Terminate the orders of suppliers whose high-risk plan deadline passed (manual section 9)."""
    done = service.enforce_plan_deadlines(db, body.as_of or clock.today(), actor, clock=clock)
    return [
        Termination(
            supplier=t.supplier_code,
            audit=t.audit_reference,
            reason=t.reason,
            effective_on=t.effective_on,
        )
        for t in done
    ]


@router.get("/suppliers/{code}", response_model=list[Rating])
def supplier_ratings(code: str, db: DatabaseDep) -> list[Rating]:
    """Every stored rating of a supplier, latest quarter first."""
    return [Rating.of(entry) for entry in service.supplier_ratings(db, code)]


@router.post("/{quarter}", response_model=RunResult)
def rate_quarter(quarter: QuarterPath, db: DatabaseDep, clock: ClockDep) -> RunResult:
    """Rate every supplier in audit scope for an ended quarter; running again changes nothing."""
    return RunResult.of(service.rate_quarter(db, Quarter.parse(quarter), clock=clock))


@router.post("/{quarter}/jobs", status_code=202, response_model=BackgroundJob, responses=ACCEPTED)
def rate_quarter_in_background(
    quarter: QuarterPath,
    queue: JobQueueDep,
    user: CurrentUserDep,
    response: Response,
    enforce: Annotated[
        bool,
        Query(description="First enforce the high-risk plan deadlines as of the quarter's end"),
    ] = True,
) -> BackgroundJob:
    """Rate a quarter as a background job; follow the job at `Location`."""
    job = kinds.request_rating_run(queue, quarter, user.actor, user.user_id, enforce)
    return accepted(job, response)


@router.get("/{quarter}", response_model=RatingList)
def list_ratings(
    quarter: QuarterPath,
    db: DatabaseDep,
    state: RatingState | None = None,
    score: Annotated[int | None, Query(ge=-1, le=1)] = None,
    after: Annotated[str | None, Query(description="`next_cursor` of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> RatingList:
    """A quarter's ratings in supplier code order, filtered, one page at a time."""
    where = RatingFilter(state.value if state else None, score)
    page = service.list_ratings(db, Quarter.parse(quarter), where, after, limit)
    return RatingList(items=[Rating.of(e) for e in page.items], next_cursor=page.next_after)
