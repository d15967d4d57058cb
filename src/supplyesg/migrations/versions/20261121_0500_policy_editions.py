"""Editions of the programme policy made on the admin page.

Revision ID: 0500
Revises: 0400
Create Date: 2026-11-21 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import supplyesg.db.base

revision: str = "0500"
down_revision: str | Sequence[str] | None = "0400"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "policy_edition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", supplyesg.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_edition")),
        sa.UniqueConstraint("effective_from", name=op.f("uq_policy_edition_effective_from")),
        sa.UniqueConstraint("version", name=op.f("uq_policy_edition_version")),
    )


def downgrade() -> None:
    op.drop_table("policy_edition")
