"""Contractual instruments for electricity (market-based Scope 2): list, record, withdraw."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field, StrictStr

from supplyesg.domain.ghg.market import ContractualInstrument, InstrumentType
from supplyesg.services import contractual_instruments
from supplyesg.web.api.esg_results import Computed
from supplyesg.web.api.types import Day, DecimalValue, RecordId
from supplyesg.web.deps import ActorDep, ClockDep, DatabaseDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/esg-data/instruments", tags=["ESG data"], responses=PROBLEM_RESPONSES)


class InstrumentCreate(BaseModel):
    """A contractual instrument an entity holds for electricity it consumed in a period."""

    model_config = ConfigDict(extra="forbid")

    entity: StrictStr = Field(description="The reporting entity (site) that consumed the power")
    instrument: InstrumentType = Field(
        description="certificate (GEC, I-REC), ppa, or supplier_specific (the supplier's rate)"
    )
    kwh: DecimalValue = Field(description="Electricity the instrument covers, kWh")
    starts_on: Day = Field(description="First day of the generation period it covers")
    ends_on: Day = Field(description="Last day; the period lies within one financial year")
    kg_co2e_per_kwh: DecimalValue | None = Field(
        default=None,
        description="The instrument's emission factor; 0 when left out for certificates and "
        "PPAs of renewable power; required for supplier_specific",
    )
    evidence: StrictStr = Field(description="Certificate numbers, contract or statement")
    note: StrictStr = ""


class Instrument(BaseModel):
    """A contractual instrument as recorded."""

    id: int
    entity: str
    instrument: InstrumentType
    kwh: Computed
    starts_on: date
    ends_on: date
    kg_co2e_per_kwh: Computed
    evidence: str
    note: str

    @classmethod
    def of(cls, instrument: ContractualInstrument) -> Instrument:
        """The body of an instrument."""
        return cls(
            id=instrument.id,
            entity=instrument.entity,
            instrument=instrument.instrument,
            kwh=instrument.kwh,
            starts_on=instrument.starts_on,
            ends_on=instrument.ends_on,
            kg_co2e_per_kwh=instrument.kg_co2e_per_kwh,
            evidence=instrument.evidence,
            note=instrument.note,
        )


def instrument_of(body: InstrumentCreate) -> ContractualInstrument:
    """The instrument a body describes; a supplier's rate left out is refused by the domain."""
    rate = body.kg_co2e_per_kwh
    if rate is None:
        rate = Decimal(0) if body.instrument.is_renewable_by_default else Decimal("NaN")
    return ContractualInstrument(
        id=0,
        entity=body.entity,
        instrument=body.instrument,
        kwh=body.kwh,
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        kg_co2e_per_kwh=rate,
        evidence=body.evidence,
        note=body.note,
    )


@router.get("", response_model=list[Instrument])
def list_instruments(
    db: DatabaseDep,
    year: Annotated[
        int | None, Query(ge=1900, le=9999, description="Those that count in this FY")
    ] = None,
    entity: Annotated[str | None, Query(description="Of this entity only")] = None,
) -> list[Instrument]:
    """The instruments in force, oldest first."""
    return [Instrument.of(i) for i in contractual_instruments.instruments(db, year, entity)]


@router.post("", response_model=Instrument, status_code=201)
def record_instrument(
    body: InstrumentCreate, db: DatabaseDep, actor: ActorDep, clock: ClockDep
) -> Instrument:
    """Record an instrument; market-based Scope 2 of its year counts it at once."""
    found = contractual_instruments.record_instrument(db, instrument_of(body), actor, clock)
    return Instrument.of(found)


@router.delete("/{instrument_id}", status_code=204)
def withdraw_instrument(
    instrument_id: RecordId, db: DatabaseDep, actor: ActorDep, clock: ClockDep
) -> Response:
    """Withdraw an instrument recorded by mistake (the record stays, marked withdrawn)."""
    contractual_instruments.withdraw_instrument(db, instrument_id, actor, clock)
    return Response(status_code=204)
