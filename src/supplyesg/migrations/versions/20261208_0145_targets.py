"""Climate and environmental targets, and the carbon credits a net target counts by year.

Revision ID: 20261208_0145
Revises: 20261208_0130
Create Date: 2026-12-08 01:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import supplyesg.db.base

revision: str = "20261208_0145"
down_revision: str | Sequence[str] | None = "20261208_0130"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "esg_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("normaliser", sa.String(length=80), nullable=False),
        sa.Column("entity", sa.String(length=80), nullable=False),
        sa.Column("accounting", sa.String(length=10), nullable=False),
        sa.Column("base_year", sa.Integer(), nullable=False),
        sa.Column("base_value", supplyesg.db.base.Amount(precision=28, scale=10), nullable=True),
        sa.Column("base_source", sa.Text(), nullable=False),
        sa.Column("target_year", sa.Integer(), nullable=False),
        sa.Column("target_value", supplyesg.db.base.Amount(precision=28, scale=10), nullable=True),
        sa.Column("reduction_pct", supplyesg.db.base.Amount(precision=28, scale=10), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("steps", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("adopted_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", supplyesg.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", supplyesg.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_at", supplyesg.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_esg_target")),
    )
    op.create_table(
        "esg_target_credit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("t_co2e", supplyesg.db.base.Amount(precision=28, scale=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["esg_target.id"],
            name=op.f("fk_esg_target_credit_target_id_esg_target"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_esg_target_credit")),
        sa.UniqueConstraint("target_id", "year", name="uq_esg_target_credit_year"),
    )


def downgrade() -> None:
    op.drop_table("esg_target_credit")
    op.drop_table("esg_target")
