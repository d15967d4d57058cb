"""The supplier file: one row per supplier, read from text cells and written back as text.

This module only turns text into values and values into text; whether the values are
acceptable is decided by `domain.suppliers.profile_problems` and `domain.supplier_import`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from supplyesg.domain.errors import Problem
from supplyesg.domain.suppliers import (
    MAX_TIER,
    Contact,
    SupplierProfile,
    SupplierStatus,
    supplier_code,
)

COLUMNS = (
    "code",
    "legal_name",
    "country",
    "region",
    "city",
    "category",
    "tier",
    "key_sub_supplier",
    "annual_spend",
    "currency",
    "status",
    "supplies_to",
    "contacts",
    "relationship_started_on",
    "relationship_ended_on",
)
REQUIRED_COLUMNS = ("code", "legal_name", "country", "category", "tier")
LIST_SEPARATOR = ";"

_AMOUNT = re.compile(r"^[+-]?[0-9]{1,18}(\.[0-9]{1,10})?$")
"""At most 18 digits before the point and 10 after: what the database stores exactly."""
_CONTACT = re.compile(r"(?P<name>[^<>()]*)(?:<(?P<email>[^<>]*)>)?\s*(?:\((?P<phone>[^()]*)\))?")
"""Name <email> (phone): greedy parts that cannot overlap, so matching never backtracks."""
_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0", ""})
_STATUSES = ", ".join(status.value for status in SupplierStatus)
_TIER_REASON = f"must be a whole number from 1 to {MAX_TIER}"


@dataclass(frozen=True, slots=True)
class SupplierEntry:
    """One row of a supplier file: the profile fields its columns give, status and customers.

    A column the file does not have is left out of `fields` (and `status`, `supplies_to`
    are None), so importing it keeps what is stored.
    """

    row: int
    code: str
    fields: Mapping[str, object]
    status: SupplierStatus | None
    supplies_to: tuple[str, ...] | None


def header_problems(columns: Collection[str]) -> list[Problem]:
    """Columns that are missing, unknown or repeated in a supplier file's header."""
    problems = [
        Problem(column, "this required column is missing", row=1)
        for column in REQUIRED_COLUMNS
        if column not in columns
    ]
    known = ", ".join(COLUMNS)
    problems.extend(
        Problem(column, f"is not a column of a supplier file; the columns are: {known}", row=1)
        for column in columns
        if column not in COLUMNS
    )
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            problems.append(Problem(column, "this column appears more than once", row=1))
        seen.add(column)
    return problems


def parse_entry(row: int, cells: Mapping[str, str]) -> tuple[SupplierEntry, list[Problem]]:
    """The entry a row's cells describe, and every cell that could not be read.

    An unreadable cell takes a harmless placeholder, so the entry still takes part in the
    checks across rows (duplicate codes, customers) and its other problems are found too.
    """
    problems: list[Problem] = []
    fields: dict[str, object] = {}
    for column, (name, parse, placeholder) in _FIELDS.items():
        text = cells.get(column)
        if text is None:
            continue
        try:
            fields[name] = parse(text)
        except ValueError as error:
            problems.append(Problem(column, str(error), text, row))
            fields[name] = placeholder
    if "contacts" in cells:
        fields["contacts"] = _contacts(row, cells["contacts"], problems)
    status = _status(row, cells.get("status"), problems)
    supplies_to = (
        tuple(dict.fromkeys(map(supplier_code, split_list(cells["supplies_to"]))))
        if "supplies_to" in cells
        else None
    )
    entry = SupplierEntry(row, str(fields.get("code", "")), fields, status, supplies_to)
    return entry, problems


def parse_tier(text: str) -> int:
    """A tier written as a whole number."""
    text = text.strip()
    if not text.isdigit() or not text.isascii():
        raise ValueError(_TIER_REASON)
    return int(text)


def parse_yes_no(text: str) -> bool:
    """yes/no (also y/n, true/false, 1/0, any case); an empty cell is no."""
    word = text.strip().lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise ValueError("must be yes or no")


def parse_day(text: str) -> date | None:
    """A day written YYYY-MM-DD (an empty cell: not known)."""
    stripped = text.strip()
    if not stripped:
        return None
    try:
        return date.fromisoformat(stripped[:10] if len(stripped) > 10 else stripped)
    except ValueError:
        raise ValueError("must be a day written YYYY-MM-DD, or empty when not known") from None


def parse_amount(text: str) -> Decimal:
    """A decimal amount such as 1250000.50; an empty cell is zero."""
    text = text.strip()
    if not text:
        return Decimal("0")
    if not _AMOUNT.fullmatch(text):
        raise ValueError(
            "must be a number such as 1250000.50 (up to 18 digits, and 10 after the point)"
        )
    return Decimal(text)


def parse_contact(text: str) -> Contact | None:
    """A contact written `Name <email> (phone)`, e-mail and phone optional; None if malformed."""
    match = _CONTACT.fullmatch(text.strip())
    if match is None:
        return None
    return Contact(
        name=match["name"].strip(),
        email=(match["email"] or "").strip(),
        phone=(match["phone"] or "").strip(),
    )


def split_list(text: str) -> tuple[str, ...]:
    """The distinct non-empty entries of a ';'-separated cell, in order."""
    if LIST_SEPARATOR not in text:
        entry = text.strip()
        return (entry,) if entry else ()
    return tuple(dict.fromkeys(filter(None, map(str.strip, text.split(LIST_SEPARATOR)))))


def cell_text(value: object) -> str:
    """A value as a cell of the file shows it (True -> yes, Decimal('5.0') -> 5)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal) and value.is_finite():
        return format(_plain(value), "f")
    return str(value)


def format_contact(contact: Contact) -> str:
    """A contact as `Name <email> (phone)`."""
    text = contact.name
    if contact.email:
        text += f" <{contact.email}>"
    if contact.phone:
        text += f" ({contact.phone})"
    return text


def supplier_cells(
    profile: SupplierProfile, status: str, supplies_to: Iterable[str]
) -> tuple[str | int | Decimal, ...]:
    """A supplier as the cells of one row, in the order of COLUMNS."""
    return (
        profile.code,
        profile.legal_name,
        profile.country,
        profile.region,
        profile.city,
        profile.category,
        profile.tier,
        "yes" if profile.is_key_sub_supplier else "no",
        _plain(profile.annual_spend),
        profile.currency,
        status,
        f"{LIST_SEPARATOR} ".join(supplies_to),
        f"{LIST_SEPARATOR} ".join(format_contact(c) for c in profile.contacts),
        _day(profile.relationship_started_on),
        _day(profile.relationship_ended_on),
    )


def _day(day: date | None) -> str:
    return day.isoformat() if day is not None else ""


def _plain(amount: Decimal) -> Decimal:
    """The amount without trailing zeros (1250000.5000000000 -> 1250000.5)."""
    normal = amount.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


def _code(text: str) -> str:
    return text.strip().upper()


def _currency(text: str) -> str:
    return text.strip().upper() or "CNY"


def _contacts(row: int, text: str, problems: list[Problem]) -> tuple[Contact, ...]:
    contacts = []
    for entry in split_list(text):
        contact = parse_contact(entry)
        if contact is None:
            problems.append(
                Problem(
                    "contacts",
                    "each contact must read 'Name <e-mail> (phone)'; e-mail and phone are optional",
                    entry,
                    row,
                )
            )
            contact = Contact(name=entry)
        contacts.append(contact)
    return tuple(contacts)


def _status(row: int, text: str | None, problems: list[Problem]) -> SupplierStatus | None:
    word = (text or "").strip().lower().replace(" ", "_")
    if not word:
        return None
    try:
        return SupplierStatus(word)
    except ValueError:
        problems.append(Problem("status", f"must be one of: {_STATUSES}", text, row))
        return None


_FIELDS: dict[str, tuple[str, Callable[[str], object], object]] = {
    "code": ("code", supplier_code, ""),
    "legal_name": ("legal_name", str.strip, ""),
    "country": ("country", _code, ""),
    "region": ("region", str.strip, ""),
    "city": ("city", str.strip, ""),
    "category": ("category", str.strip, ""),
    "tier": ("tier", parse_tier, 2),
    "key_sub_supplier": ("is_key_sub_supplier", parse_yes_no, False),
    "annual_spend": ("annual_spend", parse_amount, Decimal("0")),
    "currency": ("currency", _currency, "CNY"),
    "relationship_started_on": ("relationship_started_on", parse_day, None),
    "relationship_ended_on": ("relationship_ended_on", parse_day, None),
}
"""column -> (profile field, parser, placeholder when the cell cannot be read)."""
