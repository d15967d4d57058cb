"""Scorecard endpoints: weights, importing component scores, quarterly composites and ranks."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query, Request, UploadFile
from pydantic import BaseModel, ConfigDict, Field, StrictStr

from supplyesg.domain.errors import InvalidInputError, Problem
from supplyesg.domain.periods import Quarter
from supplyesg.domain.scorecard import ComponentWeight, CompositeScore
from supplyesg.services import scorecard as service
from supplyesg.services.scorecard import WeightSet
from supplyesg.web.api.risk import Reason, today
from supplyesg.web.api.types import DecimalValue
from supplyesg.web.deps import ActorDep, DatabaseDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/scorecards", tags=["scorecard"], responses=PROBLEM_RESPONSES)
weights_router = APIRouter(
    prefix="/scorecard-weights", tags=["scorecard"], responses=PROBLEM_RESPONSES
)

QUARTER_HELP = "A quarter such as 2026Q1"


class Weight(BaseModel):
    """A component of the scorecard and its weight in percent."""

    model_config = ConfigDict(extra="forbid")

    component: StrictStr = Field(description="Lowercase name, e.g. quality; 'esg' is required")
    weight_percent: DecimalValue


class Weights(BaseModel):
    """The scorecard weights that apply from a quarter on."""

    effective_from: str | None = Field(description="None: the shipped default weights")
    components: list[Weight]

    @classmethod
    def of(cls, found: WeightSet) -> Weights:
        """The schema of a set of weights."""
        return cls(
            effective_from=str(found.effective_from) if found.effective_from else None,
            components=[
                Weight(component=c.component, weight_percent=c.weight_percent)
                for c in found.weights.components
            ],
        )


class WeightsUpdate(BaseModel):
    """The weights to apply from a quarter on; they must add up to 100."""

    model_config = ConfigDict(extra="forbid")

    components: list[Weight]


class Part(BaseModel):
    """How one component counts in a composite score."""

    component: str
    weight_percent: DecimalValue
    score: DecimalValue | None
    effective_weight_percent: DecimalValue = Field(
        description="The weight after sharing out the weight of unscored components"
    )


class Composite(BaseModel):
    """A composite score with how it was reached."""

    score: DecimalValue | None
    complete: bool = Field(description="False when a component had no score")
    parts: list[Part]
    reasons: list[Reason]

    @classmethod
    def of(cls, composite: CompositeScore) -> Composite:
        """The schema of a composite score."""
        return cls(
            score=composite.score,
            complete=composite.is_complete,
            parts=[
                Part(
                    component=p.component,
                    weight_percent=p.weight_percent,
                    score=p.score,
                    effective_weight_percent=p.effective_weight_percent.quantize(Decimal("0.01")),
                )
                for p in composite.parts
            ],
            reasons=[Reason.of(r) for r in composite.reasons],
        )


class Line(BaseModel):
    """A supplier's place in its category."""

    rank: int | None
    supplier_code: str
    legal_name: str
    composite: Composite


class Category(BaseModel):
    """The ranking of one category."""

    category: str
    suppliers: list[Line]


class QuarterScorecard(BaseModel):
    """Every scored supplier of a quarter, ranked per category."""

    quarter: str
    weights: Weights
    categories: list[Category]


class QuarterScore(BaseModel):
    """A supplier's composite score in one quarter."""

    quarter: str
    weights_from: str | None
    composite: Composite


class ScoreImport(BaseModel):
    """What an import stored."""

    rows: int
    scores: int
    quarters: list[str]
    encoding: str | None = Field(
        default=None,
        description="The text encoding the CSV file was read in, e.g. utf-8 or cp950; "
        "null for XLSX",
    )


def _quarter(text: str) -> Quarter:
    return Quarter.parse(text)


@weights_router.get("", response_model=list[Weights])
def weight_history(db: DatabaseDep) -> list[Weights]:
    """Every saved set of weights, oldest first (empty: the shipped defaults apply)."""
    return [Weights.of(found) for found in service.weight_history(db)]


@weights_router.get("/{quarter}", response_model=Weights)
def weights_for(quarter: str, db: DatabaseDep) -> Weights:
    """The weights that apply to a quarter."""
    return Weights.of(service.weights_for(db, _quarter(quarter)))


@weights_router.put("/{quarter}", response_model=Weights)
def set_weights(quarter: str, body: WeightsUpdate, db: DatabaseDep, actor: ActorDep) -> Weights:
    """Save the weights that apply from a quarter on (ESG at least the policy minimum)."""
    components = [ComponentWeight(w.component, w.weight_percent) for w in body.components]
    return Weights.of(service.set_weights(db, _quarter(quarter), components, actor))


@router.post("/scores", response_model=ScoreImport)
async def import_scores(file: UploadFile, request: Request, db: DatabaseDep) -> ScoreImport:
    """Import component scores from a CSV or XLSX file: supplier_code, quarter, components."""
    limit = request.app.state.settings.max_upload_mb * 1024 * 1024
    content = await file.read(limit + 1)
    name = file.filename or "upload"
    if len(content) > limit:
        raise InvalidInputError(
            f"{name} is larger than {limit // (1024 * 1024)} MB.",
            [Problem("file", "too large", name)],
        )
    result = service.import_file(db, content, name)
    return ScoreImport(
        rows=result.rows,
        scores=result.scores,
        quarters=[str(q) for q in result.quarters],
        encoding=result.encoding,
    )


@router.get("/suppliers/{code}", response_model=list[QuarterScore])
def supplier_history(
    code: str,
    db: DatabaseDep,
    last: Annotated[str | None, Query(description=f"{QUARTER_HELP}; default: this one")] = None,
    quarters: Annotated[int, Query(ge=1, le=40)] = service.HISTORY_QUARTERS,
) -> list[QuarterScore]:
    """A supplier's composite score for each of the last quarters, oldest first."""
    end = _quarter(last) if last else Quarter.containing(today())
    return [
        QuarterScore(
            quarter=str(h.quarter),
            weights_from=str(h.weights.effective_from) if h.weights.effective_from else None,
            composite=Composite.of(h.composite),
        )
        for h in service.supplier_history(db, code, end, quarters)
    ]


@router.get("/{quarter}", response_model=QuarterScorecard)
def quarter_scorecard(
    quarter: str, db: DatabaseDep, category: str | None = None
) -> QuarterScorecard:
    """The composite score of every supplier scored in a quarter, ranked per category."""
    card = service.quarter_scorecard(db, _quarter(quarter), category)
    return QuarterScorecard(
        quarter=str(card.quarter),
        weights=Weights.of(card.weights),
        categories=[
            Category(
                category=name,
                suppliers=[
                    Line(
                        rank=line.rank,
                        supplier_code=line.supplier_code,
                        legal_name=line.legal_name,
                        composite=Composite.of(line.composite),
                    )
                    for line in lines
                ],
            )
            for name, lines in card.categories.items()
        ],
    )
