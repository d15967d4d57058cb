"""The audit trail: search it, or read the history of one record."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict

from supplyesg.db.repositories.audit_trail import TrailFilter
from supplyesg.services import audit_trail as service
from supplyesg.web.api.types import MAX_RECORD_ID, Instant
from supplyesg.web.deps import DatabaseDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/audit-trail", tags=["audit trail"], responses=PROBLEM_RESPONSES)


class TrailEntry(BaseModel):
    """One change to one record."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor: str
    action: str
    table_name: str
    record_key: str
    label: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class TrailPage(BaseModel):
    """Entries, newest first, and the address of the next (older) page."""

    items: list[TrailEntry]
    next: str | None


@router.get("", response_model=TrailPage)
def search(
    request: Request,
    db: DatabaseDep,
    table: Annotated[str | None, Query(max_length=80)] = None,
    key: Annotated[str | None, Query(max_length=200)] = None,
    actor: Annotated[str | None, Query(max_length=300)] = None,
    action: Annotated[str | None, Query(max_length=20)] = None,
    q: Annotated[str | None, Query(max_length=100, description="Text in the label")] = None,
    since: Annotated[Instant | None, Query(description="From this instant")] = None,
    until: Annotated[Instant | None, Query(description="Before this instant")] = None,
    before: Annotated[
        int | None, Query(ge=1, le=MAX_RECORD_ID, description="Continue before this id")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> TrailPage:
    """Search the whole trail, newest first."""
    where = TrailFilter(table, key, actor, action, q, since, until)
    page = service.search(db, where, before, limit)
    next_url = (
        str(request.url.include_query_params(before=page.next_before)) if page.next_before else None
    )
    return TrailPage(items=[TrailEntry.model_validate(e) for e in page.items], next=next_url)


@router.get("/{table}/{key}", response_model=list[TrailEntry])
def history(table: str, key: str, db: DatabaseDep) -> list[TrailEntry]:
    """Everything that happened to one record, newest first."""
    return [TrailEntry.model_validate(e) for e in service.history_of(db, table, key)]
