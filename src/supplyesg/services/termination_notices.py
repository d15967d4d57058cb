"""Telling procurement and the ESG managers that a supplier's orders were terminated.

One in-app notification per termination and person, written in the transaction that records
the termination (so there is never one without the other); the notification's key names the
audit whose missed deadline terminated the orders, so nothing is told twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from supplyesg.db.models import NotificationRow
from supplyesg.db.repositories import accounts as repo
from supplyesg.domain.enforcement import TERMINATION_AUDIENCE, termination_title

if TYPE_CHECKING:
    from supplyesg.services.rating import Termination

KIND = "termination"


def key_of(termination: Termination) -> str:
    """What names a termination for good: the supplier and the audit that caused it."""
    return f"termination:{termination.supplier_code}:{termination.audit_reference}"


def notify(session: Session, terminations: Sequence[Termination], at: datetime) -> int:
    """Put one notification per termination in each active procurement and ESG manager's
    inbox; how many were created."""
    if not terminations:
        return 0
    people = repo.active_users_with_role(session, sorted(str(r) for r in TERMINATION_AUDIENCE))
    had = repo.notification_keys(session, {u.id for u in people})
    created = 0
    for termination in terminations:
        name = f"{termination.supplier_code} {termination.supplier_name}".strip()
        title = termination_title(name, termination.effective_on, termination.reason)
        for user in people:
            if (user.id, key_of(termination)) in had:
                continue
            session.add(
                NotificationRow(
                    user_id=user.id,
                    key=key_of(termination),
                    kind=KIND,
                    title=title[:300],
                    link=f"/suppliers/{termination.supplier_code}",
                    due_on=termination.effective_on,
                    created_at=at,
                )
            )
            created += 1
    return created
