"""Training follows the findings: the code of conduct sections a programme covers, and the open
findings (requirement codes) each proposal answered.

Existing programmes name no sections (general trainings, proposed as before) and existing
assignments answered no recorded findings.

Revision ID: 2700
Revises: 2600
Create Date: 2026-12-07 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "2700"
down_revision: str | Sequence[str] | None = "2600"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("training_programme", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sections", sa.JSON(), server_default="[]", nullable=False))
    with op.batch_alter_table("training_assignment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("answers", sa.JSON(), server_default="[]", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("training_assignment", schema=None) as batch_op:
        batch_op.drop_column("answers")
    with op.batch_alter_table("training_programme", schema=None) as batch_op:
        batch_op.drop_column("sections")
