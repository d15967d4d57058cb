"""Tables of corporate ESG data: entities, periods, values under review, factors, explanations."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from supplyesg.db.base import Amount, Base, UtcDateTime


class ReportingEntityRow(Base):
    """A group, subsidiary or site that reports ESG data."""

    __tablename__ = "reporting_entity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("reporting_entity.id", ondelete="RESTRICT"), index=True, nullable=True
    )
    country: Mapped[str] = mapped_column(String(2))
    grid_region: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ReportingPeriodRow(Base):
    """A financial year, named after the calendar year in which it ends."""

    __tablename__ = "reporting_period"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CustomMetricRow(Base):
    """A metric the organisation measures beyond the shipped catalogue."""

    __tablename__ = "custom_metric"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(40))
    aggregation: Mapped[str] = mapped_column(String(20))
    section: Mapped[str] = mapped_column(String(60), default="")
    breakdowns: Mapped[str] = mapped_column(String(400), default="")
    kpis: Mapped[str] = mapped_column(String(100), default="")
    description: Mapped[str] = mapped_column(String(2000), default="")
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class EsgImportRow(Base):
    """One file of ESG values imported at once."""

    __tablename__ = "esg_import"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(String(300))
    rows: Mapped[int] = mapped_column(Integer)
    imported_by: Mapped[str] = mapped_column(String(200))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)


class EsgValueRow(Base):
    """A value of a metric for an entity, a slice of a year and a breakdown, under review.

    `value` is in the metric's canonical `unit`; `entered_value` and `entered_unit` keep what
    the person typed.
    """

    __tablename__ = "esg_value"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("reporting_entity.id", ondelete="RESTRICT"))
    metric: Mapped[str] = mapped_column(String(60))
    year: Mapped[int] = mapped_column(Integer)
    slice: Mapped[str] = mapped_column(String(3))
    breakdown: Mapped[str] = mapped_column(String(100), default="")
    value: Mapped[Decimal] = mapped_column(Amount)
    unit: Mapped[str] = mapped_column(String(40))
    entered_value: Mapped[Decimal] = mapped_column(Amount)
    entered_unit: Mapped[str] = mapped_column(String(40))
    source_note: Mapped[str] = mapped_column(String(2000), default="")
    evidence: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(20))
    submitted_by: Mapped[str] = mapped_column(String(200))
    # the account behind the label (none for a command run by an operating-system user)
    submitted_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True
    )
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    reviewed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    reviewed_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True
    )
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    review_comment: Mapped[str] = mapped_column(String(2000), default="")
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("esg_import.id", ondelete="SET NULL"), nullable=True
    )

    __table_args__ = (
        UniqueConstraint(
            "entity_id", "metric", "year", "slice", "breakdown", name="uq_esg_value_point"
        ),
        Index("ix_esg_value_year_metric", "year", "metric"),
        Index("ix_esg_value_status_year", "status", "year"),
    )


class EsgValueChangeRow(Base):
    """One change of a value: who, when, what it was before and after, and why."""

    __tablename__ = "esg_value_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value_id: Mapped[int] = mapped_column(
        ForeignKey("esg_value.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    before_value: Mapped[Decimal | None] = mapped_column(Amount, nullable=True)
    before_unit: Mapped[str] = mapped_column(String(40), default="")
    before_status: Mapped[str] = mapped_column(String(20), default="")
    after_value: Mapped[Decimal | None] = mapped_column(Amount, nullable=True)
    after_unit: Mapped[str] = mapped_column(String(40), default="")
    after_status: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(String(2000), default="")


class EsgExplanationRow(Base):
    """Why a KPI is not disclosed, or why a figure moved, for a year."""

    __tablename__ = "esg_explanation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(String(4000))
    written_by: Mapped[str] = mapped_column(String(200))
    written_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        UniqueConstraint("year", "kind", "subject", name="uq_esg_explanation_subject"),
    )


class OrganisationFactorRow(Base):
    """A conversion factor the organisation sets, replacing or adding to the shipped defaults."""

    __tablename__ = "organisation_factor"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    factor_id: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(40))
    gas: Mapped[str] = mapped_column(String(10))
    basis: Mapped[str] = mapped_column(String(10))
    value: Mapped[Decimal] = mapped_column(Amount)
    unit: Mapped[str] = mapped_column(String(60))
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    source_note: Mapped[str] = mapped_column(String(2000))
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (CheckConstraint("length(source_note) > 0", name="source_note_given"),)


class ContractualInstrumentRow(Base):
    """A contractual instrument for electricity (certificate, PPA, supplier-specific rate) an
    entity holds for a period: market-based Scope 2. Withdrawing one keeps it, with the day."""

    __tablename__ = "contractual_instrument"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("reporting_entity.id", ondelete="RESTRICT"), index=True
    )
    instrument: Mapped[str] = mapped_column(String(20))
    kwh: Mapped[Decimal] = mapped_column(Amount)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    kg_co2e_per_kwh: Mapped[Decimal] = mapped_column(Amount)
    evidence: Mapped[str] = mapped_column(String(300))
    note: Mapped[str] = mapped_column(String(2000), default="")
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    withdrawn_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    withdrawn_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    __table_args__ = (
        CheckConstraint("length(evidence) > 0", name="evidence_given"),
        CheckConstraint("ends_on >= starts_on", name="period_ordered"),
        Index("ix_contractual_instrument_period", "starts_on", "ends_on"),
    )
