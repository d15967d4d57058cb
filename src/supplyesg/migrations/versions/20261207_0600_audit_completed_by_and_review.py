"""Who completed an audit, and which self-assessment a desktop review reviewed.

Self-assessments that the portal completed (their auditor is "<supplier> (self-assessment)")
are marked as completed by the supplier; every other audit was completed by staff.

Revision ID: 0600
Revises: 0700
Create Date: 2026-12-07 08:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0600"
down_revision: str | Sequence[str] | None = "0700"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("esg_audit", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("completed_by", sa.String(length=10), server_default="staff", nullable=False)
        )
        batch_op.add_column(sa.Column("reviews_audit_id", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_esg_audit_reviews_audit_id"), ["reviews_audit_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_esg_audit_reviews_audit_id_esg_audit"),
            "esg_audit",
            ["reviews_audit_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.execute(
        "UPDATE esg_audit SET completed_by = 'supplier' "
        "WHERE audit_type = 'self_assessment' AND auditor LIKE '%(self-assessment)'"
    )


def downgrade() -> None:
    with op.batch_alter_table("esg_audit", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_esg_audit_reviews_audit_id_esg_audit"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("uq_esg_audit_reviews_audit_id"), type_="unique")
        batch_op.drop_column("reviews_audit_id")
        batch_op.drop_column("completed_by")
