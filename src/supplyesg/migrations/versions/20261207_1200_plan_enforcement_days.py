"""The days as of which the daily job enforced plan deadlines, so it catches up after downtime.

Revision ID: 1200
Revises: 1300
Create Date: 2026-12-07 12:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import supplyesg.db.base

revision: str = "1200"
down_revision: str | Sequence[str] | None = "1300"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plan_enforcement_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("terminations", sa.Integer(), nullable=False),
        sa.Column("enforced_by", sa.String(length=200), nullable=False),
        sa.Column("enforced_at", supplyesg.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_enforcement_day")),
        sa.UniqueConstraint("day", name=op.f("uq_plan_enforcement_day_day")),
    )


def downgrade() -> None:
    op.drop_table("plan_enforcement_day")
