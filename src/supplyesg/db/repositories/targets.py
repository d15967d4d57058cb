"""Queries on climate and environmental targets."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplyesg.db.models import TargetRow


def targets(session: Session, include_withdrawn: bool = False) -> Sequence[TargetRow]:
    """Every target, oldest first; those withdrawn only when asked for."""
    query = select(TargetRow)
    if not include_withdrawn:
        query = query.where(TargetRow.withdrawn_on.is_(None))
    return session.scalars(query.order_by(TargetRow.id)).all()


def target(session: Session, target_id: int) -> TargetRow | None:
    """The target with this id, if there is one."""
    return session.get(TargetRow, target_id)
