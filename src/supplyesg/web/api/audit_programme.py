"""The audit programme of a year: due and overdue audits, by month."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from supplyesg.domain.audits import RiskLevel
from supplyesg.domain.programme import AuditKind
from supplyesg.services import audit_programme as service
from supplyesg.services.audit_programme import ProgrammeLine
from supplyesg.web.api.risk import Reason, today
from supplyesg.web.api.types import Day
from supplyesg.web.deps import DatabaseDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/audit-programme", tags=["audit programme"], responses=PROBLEM_RESPONSES)


class DueAudit(BaseModel):
    """An audit the programme calls for."""

    supplier_code: str
    legal_name: str
    tier: int
    country: str
    risk: RiskLevel = Field(
        description="The supplier's overall risk (resulting_risk in the risk register)"
    )
    kind: AuditKind
    due_on: date
    overdue: bool
    overdue_since: date | None = Field(
        description="The first day overdue (the day after due_on); null while not overdue"
    )
    last_done_on: date | None
    reasons: list[Reason]

    @classmethod
    def of(cls, line: ProgrammeLine) -> DueAudit:
        """The schema of a programme line."""
        due = line.due
        return cls(
            supplier_code=line.supplier_code,
            legal_name=line.legal_name,
            tier=line.tier,
            country=line.country,
            risk=line.risk,
            kind=due.kind,
            due_on=due.due_on,
            overdue=due.is_overdue,
            overdue_since=due.overdue_since,
            last_done_on=due.last_done_on,
            reasons=[Reason.of(r) for r in due.reasons],
        )


class Month(BaseModel):
    """The audits due in one month of the year."""

    month: int
    audits: list[DueAudit]


class Counts(BaseModel):
    """How many audits the programme holds."""

    annual: int
    on_site: int
    overdue: int
    carried_over: int


class Programme(BaseModel):
    """What is due by the end of the year as of a day, by month (before the filters)."""

    year: int
    as_of: date
    policy_version: str
    counts: Counts
    carried_over: list[DueAudit] = Field(description="Due before the year began")
    months: list[Month]


def _shown(
    lines: Iterable[ProgrammeLine], kind: AuditKind | None, overdue: bool | None
) -> list[DueAudit]:
    return [
        DueAudit.of(line)
        for line in lines
        if (kind is None or line.due.kind is kind)
        and (overdue is None or line.due.is_overdue is overdue)
    ]


@router.get("/{year}", response_model=Programme)
def audit_programme(
    year: Annotated[int, Path(ge=1900, le=9999)],
    db: DatabaseDep,
    as_of: Annotated[
        Day | None, Query(description="Day the programme is drawn up on (default today)")
    ] = None,
    kind: AuditKind | None = None,
    overdue: bool | None = None,
    month: Annotated[int | None, Query(ge=1, le=12, description="Only this month")] = None,
) -> Programme:
    """The annual audits and high-risk on-site audits due by 31 December, by month."""
    programme = service.programme_of_year(db, year, as_of or today())
    months = [m for m in programme.months if month is None or m.month == month]
    return Programme(
        year=programme.year,
        as_of=programme.as_of,
        policy_version=programme.policy_version,
        counts=Counts(
            annual=programme.count(AuditKind.ANNUAL),
            on_site=programme.count(AuditKind.ON_SITE),
            overdue=len(programme.overdue),
            carried_over=len(programme.carried_over),
        ),
        carried_over=[] if month else _shown(programme.carried_over, kind, overdue),
        months=[Month(month=m.month, audits=_shown(m.lines, kind, overdue)) for m in months],
    )
