"""Reader feedback: the answers to a report's feedback form, and the record of when each
client address (as a SHA-256) sent one, for the hourly limit.

Revision ID: 3050
Revises: 2900
Create Date: 2026-12-07 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import supplyesg.db.base

revision: str = "3050"
down_revision: str | Sequence[str] | None = "2900"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reader_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("clarity", sa.SmallInteger(), nullable=False),
        sa.Column("completeness", sa.SmallInteger(), nullable=False),
        sa.Column("usefulness", sa.SmallInteger(), nullable=False),
        sa.Column("reader_group", sa.String(length=20), nullable=False),
        sa.Column("comments", sa.String(length=2000), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("answered_at", supplyesg.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reader_feedback")),
    )
    op.create_index(
        "ix_reader_feedback_report_year", "reader_feedback", ["report", "year", "id"], unique=False
    )
    op.create_table(
        "feedback_sender",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_digest", sa.String(length=64), nullable=False),
        sa.Column("sent_at", supplyesg.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_sender")),
    )
    op.create_index(
        "ix_feedback_sender_client", "feedback_sender", ["client_digest", "sent_at"], unique=False
    )
    op.create_index(
        op.f("ix_feedback_sender_sent_at"), "feedback_sender", ["sent_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_feedback_sender_sent_at"), table_name="feedback_sender")
    op.drop_index("ix_feedback_sender_client", table_name="feedback_sender")
    op.drop_table("feedback_sender")
    op.drop_index("ix_reader_feedback_report_year", table_name="reader_feedback")
    op.drop_table("reader_feedback")
