"""The shipped policy edition 2026-01 applies to history: from 2000-01-01, not 2024-01-01.

The edition is a shipped file (data/policy/2026-01.yaml), so its new start comes with the
release; this migration records the move in the audit trail of an installation that was in
use before it (its code of conduct is installed) while 2026-01 is still the edition it shipped
with on 2024-01-01 (no edition it added starts on or before that day). No stored judgement
changes: nothing before 2024-01-01 could be recorded while the edition started then.

Revision ID: 1500
Revises: 1800
Create Date: 2026-12-07 13:00:00
"""

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op

import supplyesg.db.base
from supplyesg.clock import SYSTEM_CLOCK

revision: str = "1500"
down_revision: str | Sequence[str] | None = "1800"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHIPPED_VERSION = "2026-01"
OLD_START, NEW_START = date(2024, 1, 1), date(2000, 1, 1)

_trail = sa.table(
    "audit_entry",
    sa.column("at", supplyesg.db.base.UtcDateTime(timezone=True)),
    sa.column("actor", sa.String()),
    sa.column("action", sa.String()),
    sa.column("table_name", sa.String()),
    sa.column("record_key", sa.String()),
    sa.column("label", sa.String()),
    sa.column("before", sa.JSON()),
    sa.column("after", sa.JSON()),
)


def upgrade() -> None:
    connection = op.get_bind()
    in_use = connection.execute(sa.text("SELECT COUNT(*) FROM conduct_code")).scalar_one()
    replaced = connection.execute(
        sa.text("SELECT COUNT(*) FROM policy_edition WHERE effective_from <= :day"),
        {"day": OLD_START},
    ).scalar_one()
    if not in_use or replaced:
        return
    connection.execute(
        sa.insert(_trail).values(
            at=SYSTEM_CLOCK.now(),
            actor="system",
            action="update",
            table_name="policy_edition",
            record_key=SHIPPED_VERSION,
            label=f"shipped edition {SHIPPED_VERSION}",
            before={"effective_from": OLD_START.isoformat()},
            after={
                "effective_from": NEW_START.isoformat(),
                "reason": "the manual's default edition applies to imported history",
            },
        )
    )


def downgrade() -> None:
    # The trail is append-only; the shipped file of the release in use says the start.
    pass
