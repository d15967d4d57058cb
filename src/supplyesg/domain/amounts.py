"""How large and how precise a stored quantity or amount may be.

Every quantity is kept as a decimal with at most 18 digits before the point and 10 after
(the database column is NUMERIC(28, 10)); anything beyond would be rounded or refused by the
database, so it is refused here first, with a clear reason.
"""

from __future__ import annotations

from decimal import Decimal

from supplyesg.domain.errors import Problem

MAX_INTEGER_DIGITS = 18
MAX_DECIMAL_PLACES = 10


def amount_problems(field: str, value: Decimal) -> list[Problem]:
    """Why the value cannot be stored exactly; empty when it can."""
    if not value.is_finite():
        return [Problem(field, "must be a finite number", value)]
    if abs(value) >= Decimal(10) ** MAX_INTEGER_DIGITS:
        return [
            Problem(field, f"has more than {MAX_INTEGER_DIGITS} digits before the point", value)
        ]
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMAL_PLACES:
        return [Problem(field, f"has more than {MAX_DECIMAL_PLACES} decimal places", value)]
    return []
