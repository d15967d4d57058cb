"""The accounts behind "submitted by", "reviewed by" and "decided by", for four eyes.

Four eyes compared labels, so a value submitted through an API token could be approved by the
same person from a browser session. Existing labels are matched to their accounts: a label is
the account's e-mail, or the e-mail followed by " (API token '<name>')".

Revision ID: 1900
Revises: 1700
Create Date: 2026-12-07 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "1900"
down_revision: str | Sequence[str] | None = "1700"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = {
    "esg_value": (
        ("submitted_by_account_id", "submitted_by"),
        ("reviewed_by_account_id", "reviewed_by"),
    ),
    "improvement_plan": (
        ("submitted_by_account_id", "submitted_by"),
        ("decided_by_account_id", "decided_by"),
    ),
}


def upgrade() -> None:
    for table, columns in _COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, _ in columns:
                batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
                batch_op.create_foreign_key(
                    batch_op.f(f"fk_{table}_{column}_user_account"),
                    "user_account",
                    [column],
                    ["id"],
                    ondelete="SET NULL",
                )
        for column, label in columns:
            # Table and column names are this module's constants.
            op.execute(
                f"UPDATE {table} SET {column} = (SELECT a.id FROM user_account a "  # noqa: S608
                f"WHERE {table}.{label} = a.email "
                f"OR substr({table}.{label}, 1, length(a.email) + 12) = a.email || ' (API token ')"
            )


def downgrade() -> None:
    for table, columns in _COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, _ in columns:
                batch_op.drop_constraint(
                    batch_op.f(f"fk_{table}_{column}_user_account"), type_="foreignkey"
                )
                batch_op.drop_column(column)
