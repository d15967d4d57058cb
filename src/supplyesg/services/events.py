"""Recording business events beside the changes they tell of, and reading the event feed.

The services that change a supplier's status, store ratings, complete audits or decide plans
call `record` inside their own transaction, so an event exists exactly when its change was
committed. What an event is and what it carries is `domain.events`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from supplyesg.db.models import BusinessEventRow
from supplyesg.db.repositories import events as repo
from supplyesg.db.session import Database
from supplyesg.domain.events import BusinessEvent, envelope

MAX_PAGE = 500


@dataclass(frozen=True, slots=True)
class EventPage:
    """A page of the event feed and the cursor to continue after.

    `next_cursor` is the id of the last event on the page, or the cursor asked for when the
    page is empty: a poller always passes it back and never misses or repeats an event.
    """

    items: Sequence[BusinessEventRow]
    next_cursor: int
    has_more: bool


def record(session: Session, events: Iterable[BusinessEvent], at: datetime) -> None:
    """Record events in the caller's transaction, recorded at the instant `at`."""
    repo.append(
        session,
        (
            {
                "kind": event.kind.value,
                "supplier_code": event.supplier_code,
                "effective_on": event.effective_on,
                "recorded_at": at,
                "payload": dict(event.payload),
            }
            for event in events
        ),
    )


def feed(db: Database, after: int = 0, limit: int = 100) -> EventPage:
    """The events recorded after the cursor, oldest first."""
    limit = max(1, min(limit, MAX_PAGE))
    with db.transaction() as session:
        rows = repo.after(session, max(after, 0), limit + 1)
    items = rows[:limit]
    return EventPage(items, items[-1].id if items else max(after, 0), len(rows) > limit)


def document(row: BusinessEventRow) -> dict[str, object]:
    """The JSON document of a recorded event."""
    return envelope(
        row.id, row.kind, row.supplier_code, row.effective_on, row.recorded_at, row.payload
    )
