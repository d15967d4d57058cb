"""Field types shared by the API schemas: strict where JSON would otherwise be coerced."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import Path
from pydantic import Field, PlainSerializer, PlainValidator, WithJsonSchema

from supplyesg.domain.amounts import amount_problems

DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"
_DECIMAL = re.compile(DECIMAL_PATTERN)


def _to_decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError("must be a number, not true or false")
    if isinstance(value, int | Decimal):
        return _storable(Decimal(value))
    if isinstance(value, float):
        return _storable(Decimal(repr(value)))
    if isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
        try:
            return _storable(Decimal(value.strip()))
        except InvalidOperation:
            pass
    raise ValueError("must be a decimal number such as 1250000.50")


def _storable(value: Decimal) -> Decimal:
    problems = amount_problems("value", value)
    if problems:
        raise ValueError(problems[0].reason)
    return value


DecimalValue = Annotated[
    Decimal,
    PlainValidator(_to_decimal),
    PlainSerializer(lambda d: format(d, "f"), return_type=str),
    WithJsonSchema(
        {
            "anyOf": [{"type": "number"}, {"type": "string", "pattern": DECIMAL_PATTERN}],
            "description": "A decimal number; sent back as a string so no digit is lost.",
        },
        mode="validation",
    ),
    WithJsonSchema({"type": "string", "pattern": DECIMAL_PATTERN}, mode="serialization"),
]
"""A quantity or amount: a JSON number or a numeric string; never a boolean."""


_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _to_day(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _DAY.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("must be a date such as 2026-03-31")


Day = Annotated[date, PlainValidator(_to_day), WithJsonSchema({"type": "string", "format": "date"})]
"""A day written YYYY-MM-DD, and nothing else (Pydantic alone would read 0 as a timestamp)."""


_INSTANT = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}")


def _to_instant(value: Any) -> datetime:
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and _INSTANT.match(value):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError("must be a date and time such as 2026-03-31T09:00:00Z") from None
    else:
        raise ValueError("must be a date and time such as 2026-03-31T09:00:00Z")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ValueError("must name its time zone, e.g. 2026-03-31T09:00:00Z or +08:00")
    return parsed


Instant = Annotated[
    datetime,
    PlainValidator(_to_instant),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
"""An instant written in ISO 8601 with its time zone, and nothing else (Pydantic alone would
read a number such as 0.5 as a Unix timestamp)."""


MAX_RECORD_ID = 2**31 - 1
"""The largest id a table holds (a 32-bit INTEGER on PostgreSQL); larger ones are a 422."""

RecordId = Annotated[int, Path(ge=1, le=MAX_RECORD_ID)]
"""The id of a stored record in a path."""

StoredId = Annotated[int, Field(strict=True, ge=1, le=MAX_RECORD_ID)]
"""The id of a stored record in a JSON body."""


def record_id_of(text: str) -> int | None:
    """The id a form or query field names, or None when it is not one a table can hold."""
    if not (text.isascii() and text.isdecimal() and len(text) <= 10):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_RECORD_ID else None
