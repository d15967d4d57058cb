"""One history: the programme, planning, ESG data and accounts branches meet here.

Revision ID: 0400
Revises: 0150, 0200, 0301
Create Date: 2026-11-21 04:30:32.171855
"""

from collections.abc import Sequence

revision: str = "0400"
down_revision: str | Sequence[str] | None = ("0150", "0200", "0301")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
