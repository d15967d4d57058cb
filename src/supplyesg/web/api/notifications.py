"""The caller's in-app notifications: deadline reminders, newest first."""

from __future__ import annotations

from datetime import date, datetime

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from supplyesg.services import reminders
from supplyesg.web.api.types import StoredId
from supplyesg.web.deps import CurrentUserDep, DatabaseDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/notifications", tags=["account"], responses=PROBLEM_RESPONSES)


class Notification(BaseModel):
    """A reminder in the caller's inbox."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    title: str
    link: str
    due_on: date | None
    created_at: datetime
    read_at: datetime | None


class Inbox(BaseModel):
    """The caller's notifications and how many are unread."""

    unread: int
    items: list[Notification]


class MarkRead(BaseModel):
    """Which notifications to mark read; null marks them all."""

    model_config = ConfigDict(extra="forbid")

    ids: list[StoredId] | None = Field(default=None, max_length=1000)


class Marked(BaseModel):
    """How many notifications were marked read."""

    marked: int


@router.get("", response_model=Inbox)
def inbox(db: DatabaseDep, user: CurrentUserDep, unread: bool = False) -> Inbox:
    """The caller's latest notifications (only the unread ones, if asked)."""
    rows = reminders.inbox(db, user.user_id, unread_only=unread)
    return Inbox(
        unread=reminders.unread_count(db, user.user_id),
        items=[Notification.model_validate(row) for row in rows],
    )


@router.post("/read", response_model=Marked)
def mark_read(body: MarkRead, db: DatabaseDep, user: CurrentUserDep) -> Marked:
    """Mark notifications read (only the caller's own are touched)."""
    return Marked(marked=reminders.mark_read(db, user.user_id, body.ids))
