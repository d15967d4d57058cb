"""Effective days: the business day each status change and termination took effect.

Existing rows take the day of the instant they were recorded.

Revision ID: 0650
Revises: 0510
Create Date: 2026-12-07 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0650"
down_revision: str | Sequence[str] | None = "0950"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The UTC day of a recorded instant (SQLite keeps "YYYY-MM-DD HH:MM:SS...").
_BACKFILL = {
    "postgresql": (
        "UPDATE supplier_status_change"
        " SET effective_on = CAST((changed_at AT TIME ZONE 'UTC') AS DATE)",
        "UPDATE esg_audit"
        " SET termination_effective_on = CAST((termination_recorded_at AT TIME ZONE 'UTC') AS DATE)"
        " WHERE termination_recorded_at IS NOT NULL",
    ),
    "sqlite": (
        "UPDATE supplier_status_change SET effective_on = substr(changed_at, 1, 10)",
        "UPDATE esg_audit SET termination_effective_on = substr(termination_recorded_at, 1, 10)"
        " WHERE termination_recorded_at IS NOT NULL",
    ),
}


def upgrade() -> None:
    with op.batch_alter_table("supplier_status_change", schema=None) as batch_op:
        batch_op.add_column(sa.Column("effective_on", sa.Date(), nullable=True))
    changes, terminations = _BACKFILL[op.get_bind().dialect.name]
    op.execute(changes)
    with op.batch_alter_table("supplier_status_change", schema=None) as batch_op:
        batch_op.alter_column("effective_on", existing_type=sa.Date(), nullable=False)
    with op.batch_alter_table("esg_audit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("termination_effective_on", sa.Date(), nullable=True))
    op.execute(terminations)


def downgrade() -> None:
    with op.batch_alter_table("esg_audit", schema=None) as batch_op:
        batch_op.drop_column("termination_effective_on")
    with op.batch_alter_table("supplier_status_change", schema=None) as batch_op:
        batch_op.drop_column("effective_on")
