"""ESG data endpoints: entities, financial years, the metric catalogue, values under review,
imports and explanations."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response, UploadFile

from supplyesg.domain.errors import InvalidInputError, Problem
from supplyesg.domain.four_eyes import Person
from supplyesg.domain.metrics import Catalogue, Metric
from supplyesg.domain.submissions import ReviewAction, ReviewStatus
from supplyesg.services import esg_catalogue, esg_data, esg_organisation
from supplyesg.services.esg_import import import_values
from supplyesg.web.api.esg_schemas import (
    Approved,
    BulkApproval,
    CatalogueOut,
    CustomMetricCreate,
    DimensionOut,
    Entity,
    Explanation,
    ExplanationIn,
    ImportOut,
    KpiOut,
    MemberOut,
    MetricOut,
    Period,
    PeriodCreate,
    RatioOut,
    ReviewRequest,
    Value,
    ValueChange,
    ValueCreate,
    ValueList,
)
from supplyesg.web.api.types import MAX_RECORD_ID, RecordId
from supplyesg.web.deps import ActorDep, DatabaseDep, PersonDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/esg-data", tags=["ESG data"], responses=PROBLEM_RESPONSES)
metrics_router = APIRouter(prefix="/metrics", tags=["ESG data"], responses=PROBLEM_RESPONSES)

MIN_YEAR, MAX_YEAR = 1900, 9999
ValueId = RecordId
YearQuery = Annotated[int, Query(ge=MIN_YEAR, le=MAX_YEAR, description="The financial year")]

_TOO_LARGE: dict[int | str, dict[str, Any]] = {
    413: {"description": "The file is larger than the upload limit", **PROBLEM_RESPONSES[422]},
}


@router.get("/entities", response_model=list[Entity])
def list_entities(db: DatabaseDep) -> list[Entity]:
    """Every reporting entity, in code order."""
    found = esg_organisation.organisation(db)
    return [Entity.of(e) for e in sorted(found.entities.values(), key=lambda e: e.code)]


@router.put("/entities/{code}", response_model=Entity)
def save_entity(code: str, body: Entity, db: DatabaseDep) -> Entity:
    """Add an entity or change one (its code is the one in the path)."""
    entity = body.value()
    if entity.code != code:
        raise InvalidInputError(
            "The entity cannot be saved.",
            [Problem("code", f"must be the code in the path, {code!r}", entity.code)],
        )
    return Entity.of(esg_organisation.save_entity(db, entity))


@router.delete("/entities/{code}", status_code=204)
def remove_entity(code: str, db: DatabaseDep) -> Response:
    """Remove an entity with neither children nor values."""
    esg_organisation.remove_entity(db, code)
    return Response(status_code=204)


@router.get("/periods", response_model=list[Period])
def list_periods(db: DatabaseDep) -> list[Period]:
    """Every financial year, oldest first."""
    return [
        Period(year=fy.year, label=fy.label, start=fy.start, end=fy.end)
        for fy in esg_organisation.financial_years(db)
    ]


@router.post("/periods", response_model=Period, status_code=201)
def add_period(body: PeriodCreate, db: DatabaseDep) -> Period:
    """Open a financial year."""
    fy = esg_organisation.add_financial_year(db, body.start)
    return Period(year=fy.year, label=fy.label, start=fy.start, end=fy.end)


@router.get("/values", response_model=ValueList)
def list_values(
    db: DatabaseDep,
    year: Annotated[int | None, Query(ge=MIN_YEAR, le=MAX_YEAR)] = None,
    entity: str | None = None,
    metric: str | None = None,
    status: ReviewStatus | None = None,
    after: Annotated[
        int | None, Query(ge=0, le=MAX_RECORD_ID, description="`next_after` of the previous page")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> ValueList:
    """Values in the order they were first recorded, filtered, one page at a time."""
    page = esg_data.list_values(db, year, entity, metric, status, after, limit)
    return ValueList(items=[Value.of(r) for r in page.items], next_after=page.next_after)


@router.post("/values", response_model=Value, status_code=201)
def submit_value(body: ValueCreate, db: DatabaseDep, actor: PersonDep) -> Value:
    """Submit a value (converted to the metric's unit); it waits for a checker's approval."""
    return Value.of(esg_data.submit_value(db, body.entry(), actor))


@router.post("/values/approve", response_model=Approved)
def approve_values(body: BulkApproval, db: DatabaseDep, actor: PersonDep) -> Approved:
    """Approve several submitted values at once: all of them, or none if any is refused."""
    return Approved(approved=esg_data.approve_values(db, body.ids, actor))


@router.get("/values/{value_id}", response_model=Value)
def get_value(value_id: ValueId, db: DatabaseDep) -> Value:
    """One value."""
    return Value.of(esg_data.get_value(db, value_id))


@router.get("/values/{value_id}/history", response_model=list[ValueChange])
def value_history(value_id: ValueId, db: DatabaseDep) -> list[ValueChange]:
    """Every change of a value (who, when, before, after), oldest first."""
    return [ValueChange.of(c) for c in esg_data.value_history(db, value_id)]


def _review(
    action: ReviewAction, value_id: ValueId, body: ReviewRequest, db: DatabaseDep, actor: Person
) -> Value:
    return Value.of(esg_data.review_value(db, value_id, action, actor, body.comment))


@router.post("/values/{value_id}/approve", response_model=Value)
def approve_value(
    value_id: ValueId, body: ReviewRequest, db: DatabaseDep, actor: PersonDep
) -> Value:
    """Approve a submitted value; it is then locked. The submitter cannot approve it."""
    return _review(ReviewAction.APPROVE, value_id, body, db, actor)


@router.post("/values/{value_id}/return", response_model=Value)
def return_value(
    value_id: ValueId, body: ReviewRequest, db: DatabaseDep, actor: PersonDep
) -> Value:
    """Send a submitted value back to its maker, with a comment."""
    return _review(ReviewAction.RETURN, value_id, body, db, actor)


@router.post("/values/{value_id}/reopen", response_model=Value)
def reopen_value(
    value_id: ValueId, body: ReviewRequest, db: DatabaseDep, actor: PersonDep
) -> Value:
    """Unlock an approved value so it can be corrected, with the reason."""
    return _review(ReviewAction.REOPEN, value_id, body, db, actor)


@router.post("/imports", response_model=ImportOut, status_code=201, responses=_TOO_LARGE)
def import_file(file: UploadFile, request: Request, db: DatabaseDep, actor: PersonDep) -> ImportOut:
    """Import values from a .csv or .xlsx file (columns entity, metric, period, value, unit,
    and optionally breakdown, source_note, evidence).

    All or nothing: if any row is bad, nothing is written and the 422 answer lists every
    problem with its row and column.
    """
    limit_mb: int = request.app.state.settings.max_upload_mb
    if file.size is not None and file.size > limit_mb * 1024 * 1024:
        raise HTTPException(413, f"The file is larger than the {limit_mb} MB upload limit.")
    result = import_values(db, file.file, file.filename or "upload.csv", actor)
    return ImportOut(
        import_id=result.import_id,
        rows=result.rows,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        encoding=result.encoding,
    )


@router.post("/imports/{import_id}/approve", response_model=Approved)
def approve_import(import_id: RecordId, db: DatabaseDep, actor: PersonDep) -> Approved:
    """Approve every value of an import still waiting (none if any is refused)."""
    return Approved(approved=esg_data.approve_import(db, import_id, actor))


@router.get("/explanations", response_model=list[Explanation])
def list_explanations(year: YearQuery, db: DatabaseDep) -> list[Explanation]:
    """The explanations written for a year."""
    return [Explanation.model_validate(row) for row in esg_data.explanations(db, year)]


@router.put("/explanations", response_model=Explanation)
def explain(body: ExplanationIn, db: DatabaseDep, actor: ActorDep) -> Explanation:
    """Write why a KPI is left out, or why a figure moved, in a year."""
    row = esg_data.explain(db, body.year, body.kind, body.subject, body.text, actor)
    return Explanation.model_validate(row)


@metrics_router.get("", response_model=CatalogueOut)
def get_catalogue(db: DatabaseDep) -> CatalogueOut:
    """The metric catalogue: dimensions, metrics (shipped and custom), ratios and KPIs."""
    return _catalogue_out(esg_catalogue.catalogue(db))


@metrics_router.post("", response_model=MetricOut, status_code=201)
def add_metric(body: CustomMetricCreate, db: DatabaseDep, actor: ActorDep) -> MetricOut:
    """Add a metric of the organisation's own."""
    metric = Metric(
        code=body.code,
        title=body.title,
        quantity=body.quantity,
        unit=body.unit,
        section=body.section,
        description=body.description,
        aggregation=body.aggregation,
        kpis=tuple(body.kpis),
        optional_breakdowns=tuple(body.breakdowns),
        custom=True,
    )
    return _metric_out(esg_catalogue.add_custom_metric(db, metric, actor))


def _metric_out(m: Metric) -> MetricOut:
    return MetricOut(
        code=m.code,
        title=m.title,
        quantity=m.quantity,
        unit=m.unit,
        aggregation=m.aggregation,
        section=m.section,
        kpis=list(m.kpis),
        breakdowns=list(m.breakdowns),
        optional_breakdowns=list(m.optional_breakdowns),
        fuel=m.fuel,
        normaliser=m.normaliser,
        custom=m.custom,
        description=m.description,
    )


def _catalogue_out(catalogue: Catalogue) -> CatalogueOut:
    return CatalogueOut(
        code=catalogue.code,
        title=catalogue.title,
        dimensions=[
            DimensionOut(
                code=d.code,
                title=d.title,
                members=[MemberOut(code=m.code, title=m.title) for m in d.members],
            )
            for d in catalogue.dimensions
        ],
        metrics=[_metric_out(m) for m in catalogue.metrics],
        ratios=[
            RatioOut(
                code=r.code,
                title=r.title,
                numerator=r.numerator,
                denominator=r.denominator,
                unit=r.unit,
                kpis=list(r.kpis),
                breakdowns=list(r.breakdowns),
            )
            for r in catalogue.ratios
        ],
        kpis=[
            KpiOut(
                code=k.code,
                title=k.title,
                level=k.level,
                source=str(k.source),
                metrics=[m.code for m in catalogue.metrics_for_kpi(k.code)],
                ratios=[r.code for r in catalogue.ratios_for_kpi(k.code)],
            )
            for k in catalogue.kpis
        ],
    )
