"""Supplier codes are unique whatever their case: every code is stored in upper case.

Revision ID: 1700
Revises: 1100
Create Date: 2026-12-07 13:00:00

Codes that differ only in case (zz-0 and ZZ-0) are two suppliers today and would be one after
this revision: the upgrade refuses, naming each group, and changes nothing; merge or recode
those suppliers first. Otherwise every code is trimmed and upper-cased, and a check keeps it so.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "1700"
down_revision: str | Sequence[str] | None = "1100"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHECK = "code = upper(trim(code))"


class CaseDuplicateCodesError(RuntimeError):
    """Suppliers whose codes differ only in case: the upgrade cannot merge them by itself."""


def upgrade() -> None:
    bind = op.get_bind()
    clashes = bind.execute(
        sa.text(
            "SELECT upper(trim(code)) AS normal, code FROM supplier WHERE upper(trim(code)) IN ("
            " SELECT upper(trim(code)) FROM supplier GROUP BY upper(trim(code))"
            " HAVING count(*) > 1) ORDER BY normal, code"
        )
    ).all()
    if clashes:
        groups: dict[str, list[str]] = {}
        for normal, code in clashes:
            groups.setdefault(normal, []).append(code)
        listed = "; ".join(f"{normal}: {', '.join(codes)}" for normal, codes in groups.items())
        raise CaseDuplicateCodesError(
            f"{len(groups)} supplier code(s) are used by several suppliers in different case "
            f"({listed}). Supplier codes are now unique whatever their case: give those "
            "suppliers distinct codes (or merge them), then upgrade again. Nothing was changed."
        )
    bind.execute(
        sa.text("UPDATE supplier SET code = upper(trim(code)) WHERE code <> upper(trim(code))")
    )
    with op.batch_alter_table("supplier") as batch:
        batch.create_check_constraint("code_upper_case", CHECK)


def downgrade() -> None:
    with op.batch_alter_table("supplier") as batch:
        batch.drop_constraint("code_upper_case", type_="check")
