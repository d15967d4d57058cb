"""Queries on background jobs."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from supplyesg.db.models import JobRow


def job(session: Session, job_id: int) -> JobRow | None:
    """The job with this id (without its file)."""
    return session.get(JobRow, job_id)


def job_with_file(session: Session, job_id: int) -> JobRow | None:
    """The job with this id, with the file it made loaded."""
    return session.scalar(
        select(JobRow).where(JobRow.id == job_id).options(undefer(JobRow.file_content))
    )


def locked_job(session: Session, job_id: int) -> JobRow | None:
    """The job with this id, locked for a change until the transaction ends (PostgreSQL)."""
    return session.scalar(select(JobRow).where(JobRow.id == job_id).with_for_update())


def latest(session: Session, kinds: Sequence[str], limit: int) -> Sequence[JobRow]:
    """The latest jobs of the given kinds, newest first."""
    query = select(JobRow).where(JobRow.kind.in_(list(kinds))).order_by(JobRow.id.desc())
    return session.scalars(query.limit(limit)).all()
