"""Due dates for ESG data submissions.

Revision ID: 0510
Revises: 0500
Create Date: 2026-11-21 09:00:00
"""

from collections.abc import Sequence

revision: str = "0510"
down_revision: str | Sequence[str] | None = "0500"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
