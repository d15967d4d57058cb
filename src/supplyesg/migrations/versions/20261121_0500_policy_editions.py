"""Editions of the programme policy made on the admin page.

Revision ID: 0500
Revises: 0400
Create Date: 2026-11-21 09:00:00
"""

from collections.abc import Sequence

revision: str = "0500"
down_revision: str | Sequence[str] | None = "0400"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
