"""Who a supplier is: the rules a supplier record must satisfy and how its status may change.

A supplier is first-tier (tier 1) when it delivers to us directly; tier 2 and deeper are
sub-suppliers. The manual (section 3) audits first-tier suppliers and *key* sub-suppliers,
so the key flag only has meaning from tier 2 down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from supplyesg.domain.amounts import amount_problems
from supplyesg.domain.errors import Problem
from supplyesg.domain.imported_files import text_problems
from supplyesg.domain.iso_codes import COUNTRY_NAMES, CURRENCY_CODES

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
EMAIL_PATTERN = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
MAX_TIER = 10
MAX_NAME_LENGTH = 200
MAX_PHONE_LENGTH = 60


def supplier_code(text: str) -> str:
    """A supplier code as stored: trimmed and upper case, so zz-0 and ZZ-0 are one supplier."""
    return text.strip().upper()


class SupplierStatus(StrEnum):
    """Where a supplier stands in our relationship with it."""

    PROSPECTIVE = "prospective"
    ACTIVE = "active"
    CONDITIONALLY_ACCEPTED = "conditionally_accepted"
    SUSPENDED = "suspended"
    TERMINATED = "terminated"


_ALLOWED_MOVES: dict[SupplierStatus, frozenset[SupplierStatus]] = {
    SupplierStatus.PROSPECTIVE: frozenset(
        {SupplierStatus.ACTIVE, SupplierStatus.CONDITIONALLY_ACCEPTED, SupplierStatus.TERMINATED}
    ),
    SupplierStatus.ACTIVE: frozenset(
        {SupplierStatus.CONDITIONALLY_ACCEPTED, SupplierStatus.SUSPENDED, SupplierStatus.TERMINATED}
    ),
    SupplierStatus.CONDITIONALLY_ACCEPTED: frozenset(
        {SupplierStatus.ACTIVE, SupplierStatus.SUSPENDED, SupplierStatus.TERMINATED}
    ),
    SupplierStatus.SUSPENDED: frozenset(
        {SupplierStatus.ACTIVE, SupplierStatus.CONDITIONALLY_ACCEPTED, SupplierStatus.TERMINATED}
    ),
    # A terminated supplier can only start over, through onboarding.
    SupplierStatus.TERMINATED: frozenset({SupplierStatus.PROSPECTIVE}),
}


@dataclass(frozen=True, slots=True)
class Contact:
    """A person to reach at a supplier."""

    name: str
    email: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True)
class SupplierProfile:
    """The descriptive facts of a supplier, as a user enters them."""

    code: str
    legal_name: str
    country: str
    category: str
    tier: int
    region: str = ""
    city: str = ""
    is_key_sub_supplier: bool = False
    annual_spend: Decimal = Decimal("0")
    currency: str = "CNY"
    contacts: tuple[Contact, ...] = field(default_factory=tuple)
    relationship_started_on: date | None = None
    """The day the supplier relationship started; None when the registry does not know it."""
    relationship_ended_on: date | None = None
    """The day the relationship ended (gone by that day's end); None while it lasts."""


def profile_problems(profile: SupplierProfile) -> list[Problem]:
    """Every rule the profile breaks; empty when it is valid."""
    problems = [
        *_code_problems(profile.code),
        *_text_problems("legal_name", profile.legal_name, required=True),
        *_text_problems("category", profile.category, required=True),
        *_text_problems("region", profile.region, required=False),
        *_text_problems("city", profile.city, required=False),
        *_tier_problems(profile.tier, profile.is_key_sub_supplier),
        *_spend_problems(profile.annual_spend, profile.currency),
        *_contact_problems(profile.contacts),
        *relationship_problems(profile.relationship_started_on, profile.relationship_ended_on),
    ]
    if profile.country not in COUNTRY_NAMES:
        problems.append(
            Problem("country", "not an ISO 3166-1 alpha-2 country code", profile.country)
        )
    return problems


def relationship_problems(started_on: date | None, ended_on: date | None) -> list[Problem]:
    """A relationship cannot end before it started."""
    if started_on is not None and ended_on is not None and ended_on < started_on:
        return [
            Problem(
                "relationship_ended_on",
                f"is before the day the relationship started ({started_on.isoformat()})",
                ended_on.isoformat(),
            )
        ]
    return []


def _code_problems(code: str) -> list[Problem]:
    if CODE_PATTERN.fullmatch(code):
        return []
    return [
        Problem(
            "code",
            "must be 1 to 40 letters, digits, '.', '_' or '-', starting with a letter or digit",
            code,
        )
    ]


def _text_problems(name: str, text: str, *, required: bool) -> list[Problem]:
    if required and not text.strip():
        return [Problem(name, "is required", text)]
    if len(text) > MAX_NAME_LENGTH:
        return [Problem(name, f"is longer than {MAX_NAME_LENGTH} characters", text)]
    return text_problems(name, text, multiline=False)


def _tier_problems(tier: int, is_key_sub_supplier: bool) -> list[Problem]:
    if not 1 <= tier <= MAX_TIER:
        return [Problem("tier", f"must be a whole number from 1 to {MAX_TIER}", tier)]
    if is_key_sub_supplier and tier == 1:
        return [
            Problem(
                "key_sub_supplier",
                "only a sub-supplier (tier 2 or deeper) can be a key sub-supplier",
                is_key_sub_supplier,
            )
        ]
    return []


def _spend_problems(annual_spend: Decimal, currency: str) -> list[Problem]:
    problems = amount_problems("annual_spend", annual_spend)
    if not problems and annual_spend < 0:
        problems.append(Problem("annual_spend", "must be zero or a positive amount", annual_spend))
    if currency not in CURRENCY_CODES:
        problems.append(Problem("currency", "not an ISO 4217 currency code", currency))
    return problems


def _contact_problems(contacts: tuple[Contact, ...]) -> list[Problem]:
    problems = []
    for index, contact in enumerate(contacts, start=1):
        where = f"contacts[{index}]"
        problems += _text_problems(f"{where}.name", contact.name, required=True)
        problems += _text_problems(f"{where}.email", contact.email, required=False)
        problems += text_problems(f"{where}.phone", contact.phone, multiline=False)
        if len(contact.phone) > MAX_PHONE_LENGTH:
            problems.append(
                Problem(
                    f"{where}.phone", f"is longer than {MAX_PHONE_LENGTH} characters", contact.phone
                )
            )
        if (
            contact.email
            and len(contact.email) <= MAX_NAME_LENGTH
            and not EMAIL_PATTERN.fullmatch(contact.email)
        ):
            problems.append(Problem(f"{where}.email", "is not an e-mail address", contact.email))
    return problems


def is_in_audit_scope(tier: int, is_key_sub_supplier: bool) -> bool:
    """Manual section 3: first-tier suppliers and key sub-suppliers are audited every year."""
    return tier == 1 or is_key_sub_supplier


def effective_day_problems(
    effective_on: date, last_effective_on: date | None, today: date
) -> list[Problem]:
    """Why a status change cannot take effect on a day; empty when it can.

    A change takes effect on a business day up to today, and not before the supplier's latest
    recorded change: history is entered in the order it happened, so every "as of a day"
    judgement reads the status the supplier really had on that day.
    """
    if effective_on > today:
        return [Problem("effective_on", f"is after today ({today})", effective_on.isoformat())]
    if last_effective_on is not None and effective_on < last_effective_on:
        return [
            Problem(
                "effective_on",
                f"is before the supplier's latest status change ({last_effective_on})",
                effective_on.isoformat(),
            )
        ]
    return []


def status_change_problems(
    current: SupplierStatus, target: SupplierStatus, reason: str
) -> list[Problem]:
    """Why a status change is not allowed; empty when it is."""
    problems = []
    if target == current:
        problems.append(Problem("status", f"the supplier is already {current}", str(target)))
    elif target not in _ALLOWED_MOVES[current]:
        allowed = ", ".join(sorted(_ALLOWED_MOVES[current]))
        problems.append(
            Problem("status", f"cannot move from {current} to {target}; allowed: {allowed}", target)
        )
    if not reason.strip():
        problems.append(Problem("reason", "every status change needs a reason", reason))
    return problems
