"""JSON of a report: the content model itself, for other programs."""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from supplyesg.reports.document import Document, Figure


def as_data(value: Any) -> Any:
    """The content model as JSON-ready values; each block says its type, decimals are strings."""
    if isinstance(value, Figure):
        shown = value.shown
        return {
            "value": None if value.value is None else str(value.value),
            "shown": None if shown is None else str(shown),
            "unit": value.unit,
            "text": value.text,
        }
    if is_dataclass(value) and not isinstance(value, type):
        data = {f.name: as_data(getattr(value, f.name)) for f in fields(value)}
        return {"type": type(value).__name__.lower(), **data}
    if isinstance(value, tuple | list):
        return [as_data(item) for item in value]
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    return value


def render(document: Document) -> bytes:
    """The report as a JSON document."""
    return json.dumps(as_data(document), ensure_ascii=False, indent=1).encode("utf-8")
