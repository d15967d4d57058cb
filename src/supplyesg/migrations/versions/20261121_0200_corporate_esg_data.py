"""Corporate ESG data: reporting entities and periods, values under review, factors

Revision ID: 0200
Revises: 0001
Create Date: 2026-11-21 02:48:56.915937
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import supplyesg.db.base

revision: str = "0200"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "custom_metric",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("quantity", sa.String(length=20), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("aggregation", sa.String(length=20), nullable=False),
        sa.Column("section", sa.String(length=60), nullable=False),
        sa.Column("breakdowns", sa.String(length=400), nullable=False),
        sa.Column("kpis", sa.String(length=100), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", supplyesg.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_metric")),
        sa.UniqueConstraint("code", name=op.f("uq_custom_metric_code")),
    )
    op.create_table(
        "esg_explanation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=60), nullable=False),
        sa.Column("text", sa.String(length=4000), nullable=False),
        sa.Column("written_by", sa.String(length=200), nullable=False),
        sa.Column("written_at", supplyesg.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_esg_explanation")),
        sa.UniqueConstraint("year", "kind", "subject", name="uq_esg_explanation_subject"),
    )
    op.create_table(
        "esg_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("imported_by", sa.String(length=200), nullable=False),
        sa.Column("imported_at", supplyesg.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_esg_import")),
    )
    op.create_table(
        "organisation_factor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("factor_id", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=40), nullable=False),
        sa.Column("gas", sa.String(length=10), nullable=False),
        sa.Column("basis", sa.String(length=10), nullable=False),
        sa.Column("value", supplyesg.db.base.Amount(precision=28, scale=10), nullable=False),
        sa.Column("unit", sa.String(length=60), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("source_note", sa.String(length=2000), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", supplyesg.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(source_note) > 0", name=op.f("ck_organisation_factor_source_note_given")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_factor")),
        sa.UniqueConstraint("factor_id", name=op.f("uq_organisation_factor_factor_id")),
    )
    op.create_table(
        "reporting_entity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("grid_region", sa.String(length=20), nullable=False),
        sa.Column("city", sa.String(length=200), nullable=False),
        sa.Column("created_at", supplyesg.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", supplyesg.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["reporting_entity.id"],
            name=op.f("fk_reporting_entity_parent_id_reporting_entity"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporting_entity")),
        sa.UniqueConstraint("code", name=op.f("uq_reporting_entity_code")),
    )
    with op.batch_alter_table("reporting_entity", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reporting_entity_parent_id"), ["parent_id"], unique=False
        )

    op.create_table(
        "reporting_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("created_at", supplyesg.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporting_period")),
        sa.UniqueConstraint("year", name=op.f("uq_reporting_period_year")),
    )
    op.create_table(
        "esg_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=60), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("slice", sa.String(length=3), nullable=False),
        sa.Column("breakdown", sa.String(length=100), nullable=False),
        sa.Column("value", supplyesg.db.base.Amount(precision=28, scale=10), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column(
            "entered_value", supplyesg.db.base.Amount(precision=28, scale=10), nullable=False
        ),
        sa.Column("entered_unit", sa.String(length=40), nullable=False),
        sa.Column("source_note", sa.String(length=2000), nullable=False),
        sa.Column("evidence", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column("submitted_at", supplyesg.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("reviewed_by", sa.String(length=200), nullable=True),
        sa.Column("reviewed_at", supplyesg.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("review_comment", sa.String(length=2000), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["reporting_entity.id"],
            name=op.f("fk_esg_value_entity_id_reporting_entity"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["esg_import.id"],
            name=op.f("fk_esg_value_import_id_esg_import"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_esg_value")),
        sa.UniqueConstraint(
            "entity_id", "metric", "year", "slice", "breakdown", name="uq_esg_value_point"
        ),
    )
    with op.batch_alter_table("esg_value", schema=None) as batch_op:
        batch_op.create_index("ix_esg_value_status_year", ["status", "year"], unique=False)
        batch_op.create_index("ix_esg_value_year_metric", ["year", "metric"], unique=False)

    op.create_table(
        "esg_value_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("at", supplyesg.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("before_value", supplyesg.db.base.Amount(precision=28, scale=10), nullable=True),
        sa.Column("before_unit", sa.String(length=40), nullable=False),
        sa.Column("before_status", sa.String(length=20), nullable=False),
        sa.Column("after_value", supplyesg.db.base.Amount(precision=28, scale=10), nullable=True),
        sa.Column("after_unit", sa.String(length=40), nullable=False),
        sa.Column("after_status", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.String(length=2000), nullable=False),
        sa.ForeignKeyConstraint(
            ["value_id"],
            ["esg_value.id"],
            name=op.f("fk_esg_value_change_value_id_esg_value"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_esg_value_change")),
    )
    with op.batch_alter_table("esg_value_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_esg_value_change_value_id"), ["value_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("esg_value_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_esg_value_change_value_id"))

    op.drop_table("esg_value_change")
    with op.batch_alter_table("esg_value", schema=None) as batch_op:
        batch_op.drop_index("ix_esg_value_year_metric")
        batch_op.drop_index("ix_esg_value_status_year")

    op.drop_table("esg_value")
    op.drop_table("reporting_period")
    with op.batch_alter_table("reporting_entity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reporting_entity_parent_id"))

    op.drop_table("reporting_entity")
    op.drop_table("organisation_factor")
    op.drop_table("esg_import")
    op.drop_table("esg_explanation")
    op.drop_table("custom_metric")
