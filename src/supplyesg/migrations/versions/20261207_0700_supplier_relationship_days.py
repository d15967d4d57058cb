"""The days a supplier relationship started and ended.

Revision ID: 0700
Revises: 0650
Create Date: 2026-12-07 09:00:00

Both columns start empty: a supplier whose start is unknown keeps being counted by its status.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0700"
down_revision: str | Sequence[str] | None = "0650"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("supplier") as batch:
        batch.add_column(sa.Column("relationship_started_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("relationship_ended_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("supplier") as batch:
        batch.drop_column("relationship_ended_on")
        batch.drop_column("relationship_started_on")
