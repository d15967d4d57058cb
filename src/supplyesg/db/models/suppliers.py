"""Tables of the supplier registry and the supply-chain map."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supplyesg.db.base import Amount, Base, UtcDateTime


class SupplierRow(Base):
    """A supplier at any tier."""

    __tablename__ = "supplier"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    legal_name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    region: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(200), default="")
    category: Mapped[str] = mapped_column(String(200))
    tier: Mapped[int] = mapped_column(Integer)
    is_key_sub_supplier: Mapped[bool] = mapped_column(Boolean, default=False)
    annual_spend: Mapped[Decimal] = mapped_column(Amount)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(30))
    relationship_started_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    relationship_ended_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    search_text: Mapped[str] = mapped_column(String(700), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    contacts: Mapped[list[SupplierContactRow]] = relationship(
        back_populates="supplier",
        cascade="all, delete-orphan",
        order_by="SupplierContactRow.position",
        lazy="selectin",
    )

    __table_args__ = (
        CheckConstraint("tier >= 1", name="tier_positive"),
        # Codes are unique whatever their case: they are stored upper case (domain.suppliers).
        CheckConstraint("code = upper(trim(code))", name="code_upper_case"),
        Index("ix_supplier_country_tier_code", "country", "tier", "code"),
        Index("ix_supplier_tier_code", "tier", "code"),
        Index("ix_supplier_status_code", "status", "code"),
        Index("ix_supplier_category_code", "category", "code"),
        Index("ix_supplier_region_code", "region", "code"),
    )


class SupplierContactRow(Base):
    """A person to reach at a supplier."""

    __tablename__ = "supplier_contact"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("supplier.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")

    supplier: Mapped[SupplierRow] = relationship(back_populates="contacts")


class SupplierStatusChangeRow(Base):
    """One change of a supplier's status: who, when and why.

    `effective_on` is the business day the change took effect; `changed_at` the instant it was
    recorded. Every judgement "as of a day" reads the first.
    """

    __tablename__ = "supplier_status_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("supplier.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str | None] = mapped_column(String(30), nullable=True)
    to_status: Mapped[str] = mapped_column(String(30))
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    effective_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(2000))


class SupplyLinkRow(Base):
    """A sub-supplier delivers to a customer (a supplier one level closer to us)."""

    __tablename__ = "supply_link"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sub_supplier_id: Mapped[int] = mapped_column(ForeignKey("supplier.id", ondelete="CASCADE"))
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("supplier.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        UniqueConstraint("sub_supplier_id", "customer_id", name="uq_supply_link_pair"),
        CheckConstraint("sub_supplier_id <> customer_id", name="not_self"),
    )
