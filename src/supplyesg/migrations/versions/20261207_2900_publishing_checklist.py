"""Publishing checklist acknowledgements: an item of a report's checklist of a year accepted
for publication with a written reason, by whom and when, and its withdrawal.

Revision ID: 2900
Revises: 2800
Create Date: 2026-12-07 20:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import supplyesg.db.base

revision: str = "2900"
down_revision: str | Sequence[str] | None = "2800"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "checklist_acknowledgement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("framework", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=500), nullable=False),
        sa.Column("reason", sa.String(length=2000), nullable=False),
        sa.Column("acknowledged_by", sa.String(length=300), nullable=False),
        sa.Column("acknowledged_by_account_id", sa.Integer(), nullable=True),
        sa.Column("acknowledged_at", supplyesg.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_on", sa.Date(), nullable=False),
        sa.Column("withdrawn_by", sa.String(length=300), nullable=True),
        sa.Column("withdrawn_by_account_id", sa.Integer(), nullable=True),
        sa.Column("withdrawn_at", supplyesg.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["acknowledged_by_account_id"],
            ["user_account.id"],
            name=op.f("fk_checklist_acknowledgement_acknowledged_by_account_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["withdrawn_by_account_id"],
            ["user_account.id"],
            name=op.f("fk_checklist_acknowledgement_withdrawn_by_account_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_acknowledgement")),
    )
    with op.batch_alter_table("checklist_acknowledgement", schema=None) as batch_op:
        batch_op.create_index(
            "ix_checklist_acknowledgement_report", ["framework", "year", "item"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("checklist_acknowledgement", schema=None) as batch_op:
        batch_op.drop_index("ix_checklist_acknowledgement_report")
    op.drop_table("checklist_acknowledgement")
