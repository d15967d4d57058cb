"""Risk endpoints: the risk register and the editable inherent-risk tables."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field, StrictStr

from supplyesg.domain.access import Action, Area, Permission
from supplyesg.domain.audits import Outcome, RiskLevel
from supplyesg.domain.policy import Reason as ReasonValue
from supplyesg.domain.risk import FactorKind
from supplyesg.services import risk as service
from supplyesg.services.risk import FactorEntry, RegisterEntry
from supplyesg.web.api.types import Day
from supplyesg.web.auth import requires
from supplyesg.web.deps import ActorDep, DatabaseDep, request_today
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/risk", tags=["risk"], responses=PROBLEM_RESPONSES)
CHANGE_TABLES = Permission(Area.SETTINGS, Action.WRITE)
"""The inherent-risk tables are programme settings: ESG managers and admins change them."""

AsOfQuery = Annotated[Day | None, Query(description="The day to assess as of (default today)")]


class Reason(BaseModel):
    """Why a result is what it is: the rule applied and what it found."""

    rule: str
    text: str

    @classmethod
    def of(cls, reason: ReasonValue) -> Reason:
        """The schema of a domain reason."""
        return cls(rule=reason.rule, text=reason.text)


class LatestAudit(BaseModel):
    """The latest completed audit the register read."""

    reference: str
    ended_on: date
    risk_level: RiskLevel
    outcome: Outcome
    on_site: bool


class RegisterRow(BaseModel):
    """One supplier in the risk register."""

    supplier_code: str
    legal_name: str
    country: str
    category: str
    tier: int
    status: str
    inherent_risk: RiskLevel = Field(description="The higher of country and category risk")
    latest_audit: LatestAudit | None
    last_on_site_on: date | None
    resulting_risk: RiskLevel = Field(
        description="Overall risk: the inherent risk replaced or raised by the supplier's audits; "
        "it decides on-site audits and training (the score reads the audit risk instead)"
    )
    reasons: list[Reason]

    @classmethod
    def of(cls, entry: RegisterEntry) -> RegisterRow:
        """The schema of a register entry."""
        audit, supplier = entry.latest_audit, entry.supplier
        return cls(
            supplier_code=supplier.code,
            legal_name=supplier.legal_name,
            country=supplier.country,
            category=supplier.category,
            tier=supplier.tier,
            status=supplier.status,
            inherent_risk=entry.row.inherent.level,
            latest_audit=None
            if audit is None
            else LatestAudit(
                reference=audit.reference,
                ended_on=audit.ended_on,
                risk_level=audit.risk,
                outcome=audit.outcome,
                on_site=audit.is_on_site,
            ),
            last_on_site_on=entry.last_on_site_on,
            resulting_risk=entry.row.resulting.level,
            reasons=[Reason.of(r) for r in entry.row.reasons],
        )


class Register(BaseModel):
    """A page of the risk register, in supplier code order."""

    as_of: date
    counts: dict[RiskLevel, int] = Field(description="Suppliers at each overall risk level")
    items: list[RegisterRow]
    next_after: str | None = Field(description="Pass as `after` for the next page")


class FactorUpdate(BaseModel):
    """The level of a country or category and why."""

    model_config = ConfigDict(extra="forbid")

    level: RiskLevel
    rationale: StrictStr = Field(description="Why this level: shown in every register row")


class Factor(BaseModel):
    """An entry of an inherent-risk table as it applies."""

    kind: FactorKind
    key: str = Field(description="Country code, category, or '*' for anything not listed")
    level: RiskLevel
    rationale: str
    shipped: bool = Field(description="Whether the shipped defaults list this key")
    saved: bool = Field(description="Whether a saved entry replaces or adds to the defaults")
    changed_by: str | None
    changed_at: datetime | None

    @classmethod
    def of(cls, entry: FactorEntry) -> Factor:
        """The schema of a table entry."""
        return cls(
            kind=entry.kind,
            key=entry.factor.key,
            level=entry.factor.level,
            rationale=entry.factor.rationale,
            shipped=entry.is_shipped,
            saved=entry.is_saved,
            changed_by=entry.changed_by,
            changed_at=entry.changed_at,
        )


def today() -> date:
    """Today by the application's clock: the day deadlines and overdue flags are judged on."""
    return request_today()


@router.get("/register", response_model=Register)
def risk_register(
    db: DatabaseDep,
    as_of: AsOfQuery = None,
    level: RiskLevel | None = None,
    after: Annotated[str | None, Query(description="Supplier code to continue after")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> Register:
    """Every supplier's inherent, latest-audit and resulting risk, with the reasons."""
    day = as_of or today()
    entries = service.risk_register(db, day)
    counts = {lvl: 0 for lvl in RiskLevel}
    for entry in entries:
        counts[entry.row.resulting.level] += 1
    chosen = [
        e
        for e in entries
        if (level is None or e.row.resulting.level is level)
        and (after is None or e.supplier.code > after)
    ]
    page = chosen[:limit]
    more = len(chosen) > limit
    return Register(
        as_of=day,
        counts=counts,
        items=[RegisterRow.of(e) for e in page],
        next_after=page[-1].supplier.code if more else None,
    )


@router.get("/suppliers/{code}", response_model=RegisterRow)
def supplier_risk(code: str, db: DatabaseDep, as_of: AsOfQuery = None) -> RegisterRow:
    """One supplier's register row."""
    return RegisterRow.of(service.supplier_risk(db, code, as_of or today()))


@router.get("/factors/{kind}", response_model=list[Factor])
def list_factors(kind: FactorKind, db: DatabaseDep) -> list[Factor]:
    """An inherent-risk table as it applies: the default entry first, then by key."""
    return [Factor.of(e) for e in service.list_factors(db, kind)]


@router.put("/factors/{kind}/{key:path}", response_model=Factor)
@requires(CHANGE_TABLES)
def set_factor(
    kind: FactorKind,
    key: Annotated[str, Path(description="Country code, category, or '*'")],
    body: FactorUpdate,
    db: DatabaseDep,
    actor: ActorDep,
) -> Factor:
    """Save the level of a country or category; it replaces the shipped entry."""
    return Factor.of(service.set_factor(db, kind, key, body.level, body.rationale, actor))


@router.delete("/factors/{kind}/{key:path}", status_code=204)
@requires(CHANGE_TABLES)
def remove_factor(kind: FactorKind, key: str, db: DatabaseDep) -> Response:
    """Remove a saved entry, so the shipped one (or the default) applies again."""
    service.remove_factor(db, kind, key)
    return Response(status_code=204)
