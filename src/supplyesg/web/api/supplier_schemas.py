"""Request and response bodies of the supplier and supply-link API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from supplyesg.domain.suppliers import Contact as ContactValue
from supplyesg.domain.suppliers import SupplierProfile, SupplierStatus
from supplyesg.web.api.types import DecimalValue


class Contact(BaseModel):
    """A person to reach at a supplier."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)

    name: StrictStr
    email: StrictStr = ""
    phone: StrictStr = ""


class SupplierCreate(BaseModel):
    """A new supplier."""

    model_config = ConfigDict(extra="forbid")

    code: StrictStr = Field(description="Unique business key, e.g. SUP-00042")
    legal_name: StrictStr
    country: StrictStr = Field(description="ISO 3166-1 alpha-2 code, e.g. CN")
    region: StrictStr = Field(default="", description="Province, state or region")
    city: StrictStr = ""
    category: StrictStr = Field(description="What it supplies, e.g. steel, electronics")
    tier: StrictInt = Field(description="1 = direct supplier; 2 and more = sub-supplier")
    key_sub_supplier: StrictBool = False
    annual_spend: DecimalValue = Decimal("0")
    currency: StrictStr = Field(default="CNY", description="ISO 4217 code")
    contacts: list[Contact] = Field(default_factory=list)
    status: SupplierStatus = SupplierStatus.PROSPECTIVE
    relationship_started_on: date | None = Field(
        default=None, description="The day the supplier relationship started (null: not known)"
    )
    relationship_ended_on: date | None = Field(
        default=None, description="The day the relationship ended (null: it lasts)"
    )

    def profile(self) -> SupplierProfile:
        """The domain profile this body describes."""
        return SupplierProfile(
            code=self.code,
            legal_name=self.legal_name,
            country=self.country,
            region=self.region,
            city=self.city,
            category=self.category,
            tier=self.tier,
            is_key_sub_supplier=self.key_sub_supplier,
            annual_spend=self.annual_spend,
            currency=self.currency,
            contacts=tuple(ContactValue(c.name, c.email, c.phone) for c in self.contacts),
            relationship_started_on=self.relationship_started_on,
            relationship_ended_on=self.relationship_ended_on,
        )


class SupplierUpdate(BaseModel):
    """Facts of a supplier to change; fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    code: StrictStr | None = None
    legal_name: StrictStr | None = None
    country: StrictStr | None = None
    region: StrictStr | None = None
    city: StrictStr | None = None
    category: StrictStr | None = None
    tier: StrictInt | None = None
    key_sub_supplier: StrictBool | None = None
    annual_spend: DecimalValue | None = None
    currency: StrictStr | None = None
    contacts: list[Contact] | None = None
    relationship_started_on: date | None = Field(
        default=None, description="The day the relationship started; null clears it"
    )
    relationship_ended_on: date | None = Field(
        default=None, description="The day the relationship ended; null clears it"
    )

    def changes(self) -> dict[str, object]:
        """The profile fields to change, under their domain names."""
        given = self.model_dump(exclude_unset=True)
        if "key_sub_supplier" in given:
            given["is_key_sub_supplier"] = given.pop("key_sub_supplier")
        if self.contacts is not None:
            given["contacts"] = tuple(ContactValue(c.name, c.email, c.phone) for c in self.contacts)
        if self.annual_spend is not None:
            given["annual_spend"] = self.annual_spend
        days = ("relationship_started_on", "relationship_ended_on")
        return {name: value for name, value in given.items() if value is not None or name in days}


class Supplier(BaseModel):
    """A supplier as stored."""

    model_config = ConfigDict(from_attributes=True)

    code: str
    legal_name: str
    country: str
    region: str
    city: str
    category: str
    tier: int
    key_sub_supplier: bool = Field(validation_alias="is_key_sub_supplier")
    annual_spend: DecimalValue
    currency: str
    status: SupplierStatus
    contacts: list[Contact]
    relationship_started_on: date | None
    relationship_ended_on: date | None
    created_at: datetime
    updated_at: datetime


class SupplierList(BaseModel):
    """A page of suppliers; follow `next` for the following page."""

    items: list[Supplier]
    next: str | None = Field(description="URL of the next page, or null on the last page")
    next_cursor: str | None = Field(description="Pass as `after` to get the next page")


class StatusChangeRequest(BaseModel):
    """A move to another status, with the reason for it."""

    model_config = ConfigDict(extra="forbid")

    status: SupplierStatus
    reason: StrictStr
    effective_on: date | None = Field(
        default=None, description="The business day the change took effect (today if omitted)"
    )


class StatusChange(BaseModel):
    """One recorded status change."""

    model_config = ConfigDict(from_attributes=True)

    from_status: SupplierStatus | None
    to_status: SupplierStatus
    changed_by: str
    changed_at: datetime = Field(description="When the change was recorded")
    effective_on: date = Field(description="The business day the change took effect")
    reason: str


class LinkCreate(BaseModel):
    """A sub-supplier delivering to a customer."""

    model_config = ConfigDict(extra="forbid")

    sub_supplier: StrictStr = Field(description="Code of the supplier that delivers")
    customer: StrictStr = Field(description="Code of the supplier it delivers to")


class Link(BaseModel):
    """A stored supply link."""

    id: int
    sub_supplier: str
    customer: str
    created_at: datetime


class ChainMember(BaseModel):
    """A supplier in a chain, `depth` links away from the one asked about."""

    code: str
    legal_name: str
    tier: int
    country: str
    status: SupplierStatus
    depth: int


class Chain(BaseModel):
    """Suppliers reachable from one supplier, and the links among them."""

    supplier: str
    direction: str = Field(description="'customers' (towards tier 1) or 'sub-suppliers'")
    members: list[ChainMember]
    links: list[tuple[str, str]] = Field(description="(sub_supplier, customer) code pairs")
