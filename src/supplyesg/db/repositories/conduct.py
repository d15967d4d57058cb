"""Queries on the versions of the code of conduct."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from supplyesg.db.models import ConductCodeRow, EsgAuditRow


def by_version(session: Session, version: str) -> ConductCodeRow | None:
    """The code of conduct with this version, if any."""
    return session.scalars(
        select(ConductCodeRow).where(ConductCodeRow.version == version)
    ).one_or_none()


def all_codes(session: Session) -> Sequence[ConductCodeRow]:
    """Every version of the code, latest effective first."""
    return session.scalars(
        select(ConductCodeRow).order_by(
            ConductCodeRow.effective_from.desc(), ConductCodeRow.version.desc()
        )
    ).all()


def is_used(session: Session, code_id: int) -> bool:
    """Whether any audit is scored against this version."""
    return bool(session.scalar(select(exists().where(EsgAuditRow.code_id == code_id))))
