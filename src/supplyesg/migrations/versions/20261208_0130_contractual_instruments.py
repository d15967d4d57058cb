"""Contractual instruments for market-based Scope 2: certificates, PPAs and supplier-specific
emission rates an entity holds for a period, with their evidence; withdrawing one keeps it.

Revision ID: 20261208_0130
Revises: 3050
Create Date: 2026-12-08 01:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import supplyesg.db.base

revision: str = "20261208_0130"
down_revision: str | Sequence[str] | None = "3050"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "contractual_instrument",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("instrument", sa.String(length=20), nullable=False),
        sa.Column("kwh", supplyesg.db.base.Amount(precision=28, scale=10), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column(
            "kg_co2e_per_kwh", supplyesg.db.base.Amount(precision=28, scale=10), nullable=False
        ),
        sa.Column("evidence", sa.String(length=300), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", supplyesg.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_by", sa.String(length=200), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_at", supplyesg.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "ends_on >= starts_on", name=op.f("ck_contractual_instrument_period_ordered")
        ),
        sa.CheckConstraint(
            "length(evidence) > 0", name=op.f("ck_contractual_instrument_evidence_given")
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["reporting_entity.id"],
            name=op.f("fk_contractual_instrument_entity_id_reporting_entity"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contractual_instrument")),
    )
    with op.batch_alter_table("contractual_instrument", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contractual_instrument_entity_id"), ["entity_id"], unique=False
        )
        batch_op.create_index(
            "ix_contractual_instrument_period", ["starts_on", "ends_on"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("contractual_instrument", schema=None) as batch_op:
        batch_op.drop_index("ix_contractual_instrument_period")
        batch_op.drop_index(batch_op.f("ix_contractual_instrument_entity_id"))

    op.drop_table("contractual_instrument")
