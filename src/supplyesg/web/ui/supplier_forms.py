"""The supplier form: what the user typed, turned into a profile or into reasons by field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal

from supplyesg.db.models import SupplierRow
from supplyesg.domain.errors import Problem, refuse_if
from supplyesg.domain.iso_codes import COUNTRY_NAMES, CURRENCY_CODES
from supplyesg.domain.suppliers import Contact, SupplierProfile, profile_problems

TEXT_FIELDS = ("code", "legal_name", "country", "region", "city", "category", "currency")
DAY_FIELDS = ("relationship_started_on", "relationship_ended_on")
FIELDS = (*TEXT_FIELDS, "tier", "annual_spend", "key_sub_supplier", *DAY_FIELDS)
CONTACT_PARTS = ("name", "email", "phone")
CONTACT_FIELD = re.compile(r"^contacts\[([0-9]{1,3})\]\.(name|email|phone)$")
WHOLE_NUMBER = re.compile(r"[0-9]{1,6}")
AMOUNT = re.compile(r"[0-9]{1,18}(\.[0-9]{1,10})?")
"""What the database keeps exactly: 18 digits before the point and 10 after."""
MIN_CONTACT_ROWS = 3
REFUSED = "The supplier cannot be saved."

COMMON_CURRENCIES = ("CNY", "HKD", "USD", "EUR", "JPY", "KRW", "GBP", "SGD", "TWD", "THB", "INR")
COUNTRIES = sorted(COUNTRY_NAMES.items(), key=lambda item: item[1])
"""(code, name) of every country, by name."""
OTHER_CURRENCIES = sorted(CURRENCY_CODES - set(COMMON_CURRENCIES))


@dataclass(frozen=True, slots=True)
class SupplierForm:
    """The supplier form's values as text, exactly as shown or typed."""

    values: dict[str, str] = field(default_factory=lambda: {"currency": "CNY", "tier": "1"})
    contacts: tuple[Contact, ...] = ()

    @classmethod
    def of_supplier(cls, row: SupplierRow) -> SupplierForm:
        """The form filled with a stored supplier."""
        values = {name: str(getattr(row, name)) for name in TEXT_FIELDS}
        values["tier"] = str(row.tier)
        values["annual_spend"] = f"{row.annual_spend.normalize():f}"  # no storage zeros
        values["key_sub_supplier"] = "on" if row.is_key_sub_supplier else ""
        for name in DAY_FIELDS:
            day = getattr(row, name)
            values[name] = day.isoformat() if day is not None else ""
        contacts = tuple(Contact(c.name, c.email, c.phone) for c in row.contacts)
        return cls(values, contacts)

    @classmethod
    def posted(cls, form: dict[str, str]) -> SupplierForm:
        """The form as sent; empty contact rows are dropped and the rest renumbered."""
        values = {name: form.get(name, "").strip() for name in FIELDS}
        rows: dict[int, dict[str, str]] = {}
        for name, value in form.items():
            match = CONTACT_FIELD.fullmatch(name)
            if match:
                rows.setdefault(int(match[1]), {})[match[2]] = value.strip()
        contacts = tuple(
            Contact(row.get("name", ""), row.get("email", ""), row.get("phone", ""))
            for _, row in sorted(rows.items())
            if any(row.values())
        )
        return cls(values, contacts)

    def contact_rows(self) -> list[Contact]:
        """The contacts, then blank rows to add more."""
        blanks = max(MIN_CONTACT_ROWS - len(self.contacts), 1)
        return [*self.contacts, *([Contact("")] * blanks)]

    def field_names(self) -> set[str]:
        """Every field the form shows, as problems name them."""
        contact_fields = {
            f"contacts[{index}].{part}"
            for index in range(1, len(self.contact_rows()) + 1)
            for part in CONTACT_PARTS
        }
        return {*FIELDS, *contact_fields}

    def profile(self) -> SupplierProfile:
        """The profile the form describes, or InvalidInputError with every problem found."""
        tier, tier_problems = _whole_number("tier", self.values.get("tier", ""))
        spend, spend_problems = _amount("annual_spend", self.values.get("annual_spend", ""))
        days = {name: _day(name, self.values.get(name, "")) for name in DAY_FIELDS}
        profile = SupplierProfile(
            **{name: self.values.get(name, "") for name in TEXT_FIELDS},
            tier=tier,
            is_key_sub_supplier=bool(self.values.get("key_sub_supplier")),
            annual_spend=spend,
            contacts=self.contacts,
            relationship_started_on=days["relationship_started_on"][0],
            relationship_ended_on=days["relationship_ended_on"][0],
        )
        unreadable = [*tier_problems, *spend_problems, *(p for _, ps in days.values() for p in ps)]
        if not profile.country:
            unreadable.append(Problem("country", "choose a country", ""))
        if unreadable:
            # Report the rest of the form too, so the user fixes everything in one go.
            skipped = {p.field for p in unreadable} | {"key_sub_supplier"}
            others = [p for p in profile_problems(profile) if p.field not in skipped]
            refuse_if([*unreadable, *others], REFUSED)
        return profile


def profile_changes(profile: SupplierProfile) -> dict[str, object]:
    """Every fact of the profile, as changes for services.suppliers.update_supplier."""
    return {f.name: getattr(profile, f.name) for f in fields(profile)}


def _whole_number(name: str, text: str) -> tuple[int, list[Problem]]:
    if not text:
        return 1, [Problem(name, "is required", text)]
    if not WHOLE_NUMBER.fullmatch(text):
        return 1, [Problem(name, "must be a whole number", text)]
    return int(text), []


def _amount(name: str, text: str) -> tuple[Decimal, list[Problem]]:
    cleaned = text.replace(",", "").replace(" ", "")
    if not cleaned:
        return Decimal("0"), []
    if not AMOUNT.fullmatch(cleaned):
        reason = "must be an amount such as 1250000.50 (up to 18 digits, 10 decimals)"
        return Decimal("0"), [Problem(name, reason, text)]
    return Decimal(cleaned), []


def _day(name: str, text: str) -> tuple[date | None, list[Problem]]:
    if not text:
        return None, []
    try:
        return date.fromisoformat(text), []
    except ValueError:
        return None, [Problem(name, "must be a day written YYYY-MM-DD", text)]
