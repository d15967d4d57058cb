"""The event feed: the business events in the order they were recorded, for systems that poll."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from supplyesg.db.models import BusinessEventRow
from supplyesg.domain.events import EventKind
from supplyesg.services import events as service
from supplyesg.web.api.types import MAX_RECORD_ID
from supplyesg.web.deps import DatabaseDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/events", tags=["events"], responses=PROBLEM_RESPONSES)


class Event(BaseModel):
    """A business event: what changed for a supplier and the day it took effect."""

    id: int = Field(description="The event's place in the feed; pass it as `after` to continue")
    kind: EventKind
    supplier: str = Field(description="The supplier's code")
    effective_on: date = Field(description="The business day the change took effect")
    recorded_at: datetime = Field(description="The instant the change was recorded (UTC)")
    payload: dict[str, Any] = Field(description="The facts of the change, by kind")

    @classmethod
    def of(cls, row: BusinessEventRow) -> Event:
        """The schema of a recorded event."""
        return cls(
            id=row.id,
            kind=EventKind(row.kind),
            supplier=row.supplier_code,
            effective_on=row.effective_on,
            recorded_at=row.recorded_at,
            payload=row.payload,
        )


class EventList(BaseModel):
    """A page of the feed, oldest first; pass `next_cursor` as `after` to read on."""

    items: list[Event]
    next_cursor: int = Field(
        description="The id of the last event given (the cursor asked for if none)"
    )
    has_more: bool = Field(description="Whether more events follow at once")


@router.get("", response_model=EventList)
def event_feed(
    db: DatabaseDep,
    after: Annotated[
        int,
        Query(
            ge=0,
            le=MAX_RECORD_ID,
            description="`next_cursor` of the previous page; 0 from the start",
        ),
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=service.MAX_PAGE)] = 100,
) -> EventList:
    """Supplier status changes, terminations, ratings, completed audits and plan decisions,
    in the order they were recorded, after the cursor."""
    page = service.feed(db, after, limit)
    return EventList(
        items=[Event.of(row) for row in page.items],
        next_cursor=page.next_cursor,
        has_more=page.has_more,
    )
