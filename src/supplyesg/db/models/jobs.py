"""Tables of the scheduled jobs: which worker process took a day's run, and the days as of which
plan deadlines were enforced."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from supplyesg.db.base import Base, UtcDateTime


class JobDayClaimRow(Base):
    """One scheduled job's run on one business day, taken by the first process to ask.

    The unique constraint is the lock: with several web workers each scheduler tries to insert
    the day's row and only the one whose insert commits runs the job.
    """

    __tablename__ = "job_day_claim"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job: Mapped[str] = mapped_column(String(60))
    day: Mapped[date] = mapped_column(Date)
    claimed_by: Mapped[str] = mapped_column(String(200))
    claimed_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (UniqueConstraint("job", "day", name="uq_job_day_claim_job_day"),)


class PlanEnforcementDayRow(Base):
    """A business day as of which the plan deadlines were enforced, and what it terminated.

    The daily job enforces every day after the latest row, so after downtime it catches up
    day by day; the unique day keeps two runs from enforcing the same day twice.
    """

    __tablename__ = "plan_enforcement_day"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    terminations: Mapped[int] = mapped_column(Integer)
    enforced_by: Mapped[str] = mapped_column(String(200))
    enforced_at: Mapped[datetime] = mapped_column(UtcDateTime)
