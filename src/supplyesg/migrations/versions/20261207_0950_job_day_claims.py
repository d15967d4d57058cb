"""Scheduled jobs: one claim per job and day, so several web workers run a day's jobs once.

Revision ID: 0950
Revises: 0510
Create Date: 2026-12-07 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import supplyesg.db.base

revision: str = "0950"
down_revision: str | Sequence[str] | None = "0510"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_day_claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job", sa.String(length=60), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("claimed_by", sa.String(length=200), nullable=False),
        sa.Column("claimed_at", supplyesg.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_day_claim")),
        sa.UniqueConstraint("job", "day", name="uq_job_day_claim_job_day"),
    )


def downgrade() -> None:
    op.drop_table("job_day_claim")
