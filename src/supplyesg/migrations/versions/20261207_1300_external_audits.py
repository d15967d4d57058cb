"""External audits: what a third-party audit's scheme published, and its findings.

Revision ID: 1300
Revises: 1500
Create Date: 2026-12-07 12:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import supplyesg.db.base

revision: str = "1300"
down_revision: str | Sequence[str] | None = "1500"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "external_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("scheme", sa.String(length=20), nullable=False),
        sa.Column("scheme_reference", sa.String(length=100), nullable=False),
        sa.Column("rating", sa.String(length=10), nullable=False),
        sa.Column("score", supplyesg.db.base.Amount(precision=28, scale=10), nullable=True),
        sa.Column("recognition", sa.String(length=20), nullable=False),
        sa.Column("certificate_valid", sa.Boolean(), nullable=True),
        sa.Column("report_file_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["audit_id"],
            ["esg_audit.id"],
            name=op.f("fk_external_audit_audit_id_esg_audit"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["report_file_id"],
            ["evidence_file.id"],
            name=op.f("fk_external_audit_report_file_id_evidence_file"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_audit")),
        sa.UniqueConstraint("audit_id", name=op.f("uq_external_audit_audit_id")),
    )
    op.create_table(
        "external_audit_finding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("external_audit_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("severity", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("requirement_id", sa.String(length=20), nullable=False),
        sa.Column("nc_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["external_audit_id"],
            ["external_audit.id"],
            name=op.f("fk_external_audit_finding_external_audit_id_external_audit"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["nc_id"],
            ["nonconformity.id"],
            name=op.f("fk_external_audit_finding_nc_id_nonconformity"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_audit_finding")),
    )
    with op.batch_alter_table("external_audit_finding", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_external_audit_finding_external_audit_id"),
            ["external_audit_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("external_audit_finding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_external_audit_finding_external_audit_id"))

    op.drop_table("external_audit_finding")
    op.drop_table("external_audit")
