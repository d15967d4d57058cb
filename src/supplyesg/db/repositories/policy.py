"""Queries on the policy editions kept in the database."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplyesg.db.models import PolicyEditionRow


def editions(session: Session) -> Sequence[PolicyEditionRow]:
    """Every stored edition, by start date."""
    return session.scalars(select(PolicyEditionRow).order_by(PolicyEditionRow.effective_from)).all()


def by_version(session: Session, version: str) -> PolicyEditionRow | None:
    """The stored edition with this version, if any."""
    return session.scalar(select(PolicyEditionRow).where(PolicyEditionRow.version == version))
