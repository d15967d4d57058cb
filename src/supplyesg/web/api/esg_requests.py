"""ESG data collection requests: list, make one, make a year's calendar, read, close, delete."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from supplyesg.domain.organisation import Granularity
from supplyesg.domain.submissions_due import (
    DEFAULT_DAYS_AFTER,
    MAX_NOTE_LENGTH,
    MetricProgress,
    RequestState,
)
from supplyesg.services import esg_requests as service
from supplyesg.services.esg_requests import CalendarSpec, NewRequest, RequestQuery, RequestView
from supplyesg.web.api.audits import today
from supplyesg.web.api.types import MAX_RECORD_ID, Day, RecordId
from supplyesg.web.deps import ActorDep, DatabaseDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/esg-data/requests", tags=["ESG data"], responses=PROBLEM_RESPONSES)

MIN_YEAR, MAX_YEAR = 1900, 9999
Year = Annotated[StrictInt, Field(ge=MIN_YEAR, le=MAX_YEAR, description="The financial year")]
UserId = Annotated[StrictInt, Field(ge=1, le=MAX_RECORD_ID)]


class RequestSort(StrEnum):
    """What a request list is sorted by; a leading '-' reverses it."""

    DUE_ON = "due_on"
    DUE_ON_DESC = "-due_on"
    ENTITY = "entity"
    ENTITY_DESC = "-entity"
    PERIOD = "period"
    PERIOD_DESC = "-period"
    STATE = "state"
    STATE_DESC = "-state"
    ASSIGNEE = "assignee"
    ASSIGNEE_DESC = "-assignee"


class DataRequestCreate(BaseModel):
    """A request for an entity's values of one part of a financial year."""

    model_config = ConfigDict(extra="forbid")

    entity: StrictStr = Field(max_length=40, description="Code of the reporting entity")
    year: Year
    period: StrictStr = Field(max_length=3, description="FY (whole year), Q1-Q4 or M01-M12")
    due_on: Day
    section: StrictStr = Field(
        default="", max_length=60, description="A catalogue section (energy, water...); empty: all"
    )
    assignee_id: UserId | None = Field(
        default=None, description="The person who must submit: an ESG manager or administrator"
    )
    note: StrictStr = Field(default="", max_length=MAX_NOTE_LENGTH)


class CalendarCreate(BaseModel):
    """A year's requests at once: every period of a granularity, for sites or named entities."""

    model_config = ConfigDict(extra="forbid")

    year: Year
    granularity: Granularity = Granularity.MONTH
    days_after: StrictInt = Field(
        default=DEFAULT_DAYS_AFTER, ge=0, le=180, description="Days after each period ends"
    )
    entities: list[Annotated[StrictStr, Field(max_length=40)]] = Field(
        default_factory=list, max_length=500, description="Entity codes; empty: every site"
    )
    section: StrictStr = Field(default="", max_length=60)
    assignee_id: UserId | None = None


class CalendarOut(BaseModel):
    """How many requests a calendar made, and how many existed already."""

    created: int
    existing: int


class Waiting(BaseModel):
    """An expected metric that is not in yet."""

    metric: str
    progress: MetricProgress


class DataRequest(BaseModel):
    """A request, where it stands, and what it still waits for."""

    id: int
    entity: str
    entity_name: str
    year: int
    period: str = Field(description="FY, Q1-Q4 or M01-M12 of the financial year")
    period_label: str
    section: str
    assignee_id: int | None
    assignee_name: str | None
    due_on: date
    note: str
    state: RequestState
    expected: int = Field(description="How many metrics the request waits for in all")
    waiting_for: list[Waiting]
    created_by: str
    created_at: datetime
    closed_by: str | None
    closed_at: datetime | None

    @classmethod
    def of(cls, view: RequestView) -> DataRequest:
        """The body of a request."""
        row = view.row
        return cls(
            id=row.id,
            entity=view.entity,
            entity_name=view.entity_name,
            year=row.year,
            period=row.slice,
            period_label=view.period,
            section=row.section,
            assignee_id=row.assignee_id,
            assignee_name=view.assignee.display_name if view.assignee else None,
            due_on=row.due_on,
            note=row.note,
            state=view.state,
            expected=len(view.progress),
            waiting_for=[Waiting(metric=m, progress=p) for m, p in view.waiting_for],
            created_by=row.created_by,
            created_at=row.created_at,
            closed_by=row.closed_by,
            closed_at=row.closed_at,
        )


class DataRequestList(BaseModel):
    """One page of requests and how many the filter holds."""

    items: list[DataRequest]
    total: int
    offset: int
    limit: int


@router.get("", response_model=DataRequestList)
def list_requests(
    db: DatabaseDep,
    year: Annotated[int | None, Query(ge=MIN_YEAR, le=MAX_YEAR)] = None,
    entity: Annotated[str | None, Query(max_length=40)] = None,
    assignee: Annotated[int | None, Query(ge=1, le=MAX_RECORD_ID)] = None,
    unassigned: bool = False,
    state: RequestState | None = None,
    sort: RequestSort = RequestSort.DUE_ON,
    offset: Annotated[int, Query(ge=0, le=MAX_RECORD_ID)] = 0,
    limit: Annotated[int, Query(ge=1, le=service.MAX_PAGE)] = 50,
) -> DataRequestList:
    """Requests filtered, with their state today, sorted, one page at a time."""
    query = RequestQuery(year, entity, assignee, unassigned, state, str(sort), offset, limit)
    page = service.list_requests(db, query, today())
    return DataRequestList(
        items=[DataRequest.of(v) for v in page.items],
        total=page.total,
        offset=page.offset,
        limit=page.limit,
    )


@router.post("", response_model=DataRequest, status_code=201)
def create_request(body: DataRequestCreate, db: DatabaseDep, actor: ActorDep) -> DataRequest:
    """Ask an entity for a period's values by a date (409 if that period is already asked)."""
    new = NewRequest(
        body.entity,
        body.year,
        body.period,
        body.due_on,
        body.section,
        body.assignee_id,
        body.note,
    )
    return DataRequest.of(service.create_request(db, new, actor))


@router.post("/calendar", response_model=CalendarOut, status_code=201)
def generate_calendar(body: CalendarCreate, db: DatabaseDep, actor: ActorDep) -> CalendarOut:
    """Make the year's requests that do not exist yet; running it again makes nothing new."""
    spec = CalendarSpec(
        body.year,
        body.granularity,
        body.days_after,
        tuple(body.entities),
        body.section,
        body.assignee_id,
    )
    made = service.generate_calendar(db, spec, actor)
    return CalendarOut(created=made.created, existing=made.existing)


@router.get("/{request_id:int}", response_model=DataRequest)
def get_request(request_id: RecordId, db: DatabaseDep) -> DataRequest:
    """One request, with the expected metrics not in yet."""
    return DataRequest.of(service.get_request(db, request_id, today()))


@router.post("/{request_id:int}/close", response_model=DataRequest)
def close_request(request_id: RecordId, db: DatabaseDep, actor: ActorDep) -> DataRequest:
    """Stop asking (409 if already closed): a closed request is never reminded."""
    return DataRequest.of(service.close_request(db, request_id, actor, today()))


@router.post("/{request_id:int}/reopen", response_model=DataRequest)
def reopen_request(request_id: RecordId, db: DatabaseDep) -> DataRequest:
    """Ask again for a closed request (409 if it is not closed)."""
    return DataRequest.of(service.reopen_request(db, request_id, today()))


@router.delete("/{request_id:int}", status_code=204)
def delete_request(request_id: RecordId, db: DatabaseDep) -> Response:
    """Forget a request made by mistake."""
    service.delete_request(db, request_id)
    return Response(status_code=204)
