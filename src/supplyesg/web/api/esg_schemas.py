"""Request and response bodies of the ESG data API: entities, periods, metrics, values."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from supplyesg.db.models import EsgValueChangeRow
from supplyesg.domain.metrics import Aggregation, Quantity
from supplyesg.domain.organisation import EntityKind, ReportingEntity
from supplyesg.domain.submissions import ReviewStatus
from supplyesg.services.esg_data import ExplanationKind, ValueRecord
from supplyesg.services.esg_entries import Entry
from supplyesg.services.units import plain
from supplyesg.web.api.types import MAX_RECORD_ID, Day, DecimalValue


class Entity(BaseModel):
    """A group, subsidiary or site of the reporting organisation."""

    model_config = ConfigDict(extra="forbid")

    code: StrictStr = Field(description="Unique key, e.g. CQ-PLANT-1")
    name: StrictStr
    kind: EntityKind
    country: StrictStr = Field(description="ISO 3166-1 alpha-2 code, e.g. CN")
    parent: StrictStr | None = Field(default=None, description="Code of the parent entity")
    grid_region: StrictStr = Field(
        default="", description="Electricity grid for Scope 2 (CN, HK, ...); empty = the country"
    )
    city: StrictStr = ""

    def value(self) -> ReportingEntity:
        """The domain entity this body describes."""
        return ReportingEntity(
            self.code, self.name, self.kind, self.country, self.parent, self.grid_region, self.city
        )

    @classmethod
    def of(cls, entity: ReportingEntity) -> Entity:
        """The body of a domain entity."""
        return cls(
            code=entity.code,
            name=entity.name,
            kind=entity.kind,
            country=entity.country,
            parent=entity.parent,
            grid_region=entity.grid_region,
            city=entity.city,
        )


class PeriodCreate(BaseModel):
    """A financial year to open."""

    model_config = ConfigDict(extra="forbid")

    start: Day = Field(description="First day of the year, the first of a month")


class Period(BaseModel):
    """A financial year, named after the calendar year in which it ends."""

    year: int
    label: str
    start: date
    end: date


class MemberOut(BaseModel):
    """A member of a breakdown dimension."""

    code: str
    title: str


class DimensionOut(BaseModel):
    """A breakdown dimension and its members."""

    code: str
    title: str
    members: list[MemberOut]


class MetricOut(BaseModel):
    """A metric of the catalogue."""

    code: str
    title: str
    quantity: Quantity
    unit: str
    aggregation: Aggregation
    section: str
    kpis: list[str]
    breakdowns: list[str]
    optional_breakdowns: list[str]
    fuel: str | None
    normaliser: bool
    custom: bool
    description: str


class RatioOut(BaseModel):
    """A ratio computed from two metrics."""

    code: str
    title: str
    numerator: str
    denominator: str
    unit: str
    kpis: list[str]
    breakdowns: list[str]


class KpiOut(BaseModel):
    """A quantitative KPI and where its figures come from."""

    code: str
    title: str
    level: str
    source: str
    metrics: list[str]
    ratios: list[str]


class CatalogueOut(BaseModel):
    """The metric catalogue in force."""

    code: str
    title: str
    dimensions: list[DimensionOut]
    metrics: list[MetricOut]
    ratios: list[RatioOut]
    kpis: list[KpiOut]


class CustomMetricCreate(BaseModel):
    """A metric of the organisation's own."""

    model_config = ConfigDict(extra="forbid")

    code: StrictStr = Field(description="Lower-case code, e.g. scrap_steel_sold")
    title: StrictStr
    quantity: Quantity
    unit: StrictStr = Field(description="Canonical unit, e.g. t, kWh, m**3, person")
    aggregation: Aggregation = Aggregation.SUM
    section: StrictStr = ""
    breakdowns: list[StrictStr] = Field(default_factory=list)
    kpis: list[StrictStr] = Field(default_factory=list)
    description: StrictStr = ""


class ValueCreate(BaseModel):
    """A value to submit (or re-submit while it is not approved)."""

    model_config = ConfigDict(extra="forbid")

    entity: StrictStr
    metric: StrictStr
    period: StrictStr = Field(description="2025, 2025-Q2, 2025-M07 (month of the FY) or 2025-07")
    value: DecimalValue
    unit: StrictStr = Field(description="Any unit of the metric's dimension, e.g. MWh")
    breakdown: StrictStr = Field(default="", description="dimension=member, e.g. gender=female")
    source_note: StrictStr = ""
    evidence: StrictStr = Field(default="", description="A reference to the supporting document")

    def entry(self) -> Entry:
        """The entry this body describes."""
        return Entry(
            self.entity,
            self.metric,
            self.period,
            self.value,
            self.unit,
            self.breakdown,
            self.source_note,
            self.evidence,
        )


class Value(BaseModel):
    """A recorded value and where it stands in review."""

    id: int
    entity: str
    metric: str
    year: int
    slice: str = Field(description="FY (whole year), Q1-Q4 or M01-M12 of the financial year")
    breakdown: str
    value: DecimalValue = Field(description="In the metric's canonical unit")
    unit: str
    entered_value: DecimalValue
    entered_unit: str
    source_note: str
    evidence: str
    status: ReviewStatus
    submitted_by: str
    submitted_at: datetime
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_comment: str

    @classmethod
    def of(cls, record: ValueRecord) -> Value:
        """The body of a stored value."""
        row = record.row
        return cls(
            id=row.id,
            entity=record.entity,
            metric=row.metric,
            year=row.year,
            slice=row.slice,
            breakdown=row.breakdown,
            value=plain(row.value),
            unit=row.unit,
            entered_value=plain(row.entered_value),
            entered_unit=row.entered_unit,
            source_note=row.source_note,
            evidence=row.evidence,
            status=ReviewStatus(row.status),
            submitted_by=row.submitted_by,
            submitted_at=row.submitted_at,
            reviewed_by=row.reviewed_by,
            reviewed_at=row.reviewed_at,
            review_comment=row.review_comment,
        )


class ValueList(BaseModel):
    """One page of values."""

    items: list[Value]
    next_after: int | None = Field(description="Pass as `after` for the next page")


class ReviewRequest(BaseModel):
    """A checker's comment (required to return or reopen a value)."""

    model_config = ConfigDict(extra="forbid")

    comment: StrictStr = ""


class BulkApproval(BaseModel):
    """Values to approve at once."""

    model_config = ConfigDict(extra="forbid")

    ids: list[Annotated[StrictInt, Field(ge=1, le=MAX_RECORD_ID)]] = Field(
        min_length=1, max_length=10_000
    )


class Approved(BaseModel):
    """How many values were approved."""

    approved: int


class ValueChange(BaseModel):
    """One change of a value."""

    action: str
    actor: str
    at: datetime
    before_value: DecimalValue | None
    before_unit: str
    before_status: str
    after_value: DecimalValue | None
    after_unit: str
    after_status: str
    comment: str

    @classmethod
    def of(cls, row: EsgValueChangeRow) -> ValueChange:
        """The body of a stored change."""
        return cls(
            action=row.action,
            actor=row.actor,
            at=row.at,
            before_value=plain(row.before_value) if row.before_value is not None else None,
            before_unit=row.before_unit,
            before_status=row.before_status,
            after_value=plain(row.after_value) if row.after_value is not None else None,
            after_unit=row.after_unit,
            after_status=row.after_status,
            comment=row.comment,
        )


class ImportOut(BaseModel):
    """What an import wrote."""

    import_id: int
    rows: int
    created: int
    updated: int
    unchanged: int
    encoding: str | None = Field(
        description="The text encoding the CSV file was read in, e.g. utf-8 or cp950; null for XLSX"
    )


class ExplanationIn(BaseModel):
    """Why a KPI is left out (omission) or why a figure moved (change)."""

    model_config = ConfigDict(extra="forbid")

    year: StrictInt = Field(ge=1900, le=9999)
    kind: ExplanationKind
    subject: StrictStr = Field(description="A KPI code (A2.5) or a metric code")
    text: StrictStr


class Explanation(BaseModel):
    """An explanation as written."""

    model_config = ConfigDict(from_attributes=True)

    year: int
    kind: ExplanationKind
    subject: str
    text: str
    written_by: str
    written_at: datetime
