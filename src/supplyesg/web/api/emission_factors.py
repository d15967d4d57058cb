"""Emission factors: the library in force, and the organisation's own factors."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from supplyesg.domain.errors import InvalidInputError, Problem
from supplyesg.domain.ghg.factors import CARBON_DIOXIDE, Basis, Factor, FactorKind, Origin
from supplyesg.services import emission_factors
from supplyesg.web.api.esg_results import FactorLibraryOut, FactorOut
from supplyesg.web.api.types import DecimalValue
from supplyesg.web.deps import ActorDep, DatabaseDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(
    prefix="/emission-factors", tags=["emission factors"], responses=PROBLEM_RESPONSES
)


class FactorIn(BaseModel):
    """A factor of the organisation's own: it replaces a default with the same id, or the
    default of the same kind (and gas) for its fuel, or adds a grid factor for a region."""

    model_config = ConfigDict(extra="forbid")

    id: StrictStr = Field(description="e.g. org.density.diesel")
    kind: FactorKind
    subject: StrictStr = Field(description="A fuel code, a grid region (CN, HK) or a GWP edition")
    gas: StrictStr = CARBON_DIOXIDE
    basis: Basis = Basis.ACTIVITY
    value: DecimalValue
    unit: StrictStr = Field(description="As published, e.g. kg/L, kg/kWh, kg/TJ, GJ/t")
    year: StrictInt | None = Field(default=None, ge=1900, le=9999)
    title: StrictStr = ""
    source_note: StrictStr = Field(description="Where the value comes from (required)")


@router.get("", response_model=FactorLibraryOut)
def factors_in_force(db: DatabaseDep) -> FactorLibraryOut:
    """Every factor in force (organisation ones first), in the canonical unit of its kind."""
    library = emission_factors.library(db)
    return FactorLibraryOut(
        version=library.version, factors=[FactorOut.of(f) for f in library.in_force]
    )


@router.get("/organisation", response_model=list[FactorOut])
def organisation_factors(db: DatabaseDep) -> list[FactorOut]:
    """The organisation's own factors, as entered."""
    return [FactorOut.of(f) for f in emission_factors.organisation_factors(db)]


@router.put("/organisation/{factor_id}", response_model=FactorOut)
def set_factor(factor_id: str, body: FactorIn, db: DatabaseDep, actor: ActorDep) -> FactorOut:
    """Record an organisation factor; the answer shows it as calculations use it."""
    if body.id != factor_id:
        raise InvalidInputError(
            "The factor cannot be saved.",
            [Problem("id", f"must be the id in the path, {factor_id!r}", body.id)],
        )
    factor = Factor(
        id=body.id,
        kind=body.kind,
        subject=body.subject,
        value=body.value,
        unit=body.unit,
        source=body.source_note,
        title=body.title,
        gas=body.gas,
        basis=body.basis,
        year=body.year,
        origin=Origin.ORGANISATION,
    )
    return FactorOut.of(emission_factors.set_organisation_factor(db, factor, actor))


@router.delete("/organisation/{factor_id}", status_code=204)
def remove_factor(factor_id: str, db: DatabaseDep) -> Response:
    """Drop an organisation factor; the default applies again."""
    emission_factors.remove_organisation_factor(db, factor_id)
    return Response(status_code=204)
