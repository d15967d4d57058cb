"""Report workspace endpoints: the company's text of each HKEX section and each reason for
omission, per year and language; confirming a text; opening a year from last year's text.

Writing needs the right to write reports. A text quotes figures only through the placeholders
the report offers (`GET .../sections/placeholders`); an unknown one is a 422 naming the section,
the placeholder and the names allowed. Whoever wrote a text cannot confirm it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field, StrictStr

from supplyesg.db.models import ReportTextRow
from supplyesg.domain.report_workspace import LANGUAGES, MAX_TEXT, TextKind, TextState
from supplyesg.reports import publish
from supplyesg.reports.hkex import workspace
from supplyesg.web.deps import ClockDep, DatabaseDep, PersonDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/reports/hkex", tags=["report workspace"], responses=PROBLEM_RESPONSES)

YearPath = Annotated[
    int, Path(ge=publish.MIN_YEAR, le=publish.MAX_YEAR, description="Financial year")
]
SectionPath = Annotated[str, Path(max_length=80, description="The section's key ('energy')")]
ItemPath = Annotated[str, Path(max_length=40, description="The guide item ('A2.2')")]
LanguageQuery = Annotated[
    str,
    Query(
        max_length=10,
        description="Language of the text",
        json_schema_extra={"enum": list(LANGUAGES)},
    ),
]


class TextWrite(BaseModel):
    """A text to write: Markdown paragraphs and '- ' bullets, figures as {{ placeholders }}."""

    text: StrictStr = Field(max_length=MAX_TEXT * 2)
    language: StrictStr = Field("en", max_length=10, json_schema_extra={"enum": list(LANGUAGES)})


class TextReview(BaseModel):
    """Who wrote a text, when, and where its review stands."""

    state: TextState | None = Field(description="None: nothing written yet")
    author: str | None
    updated_at: datetime | None
    updated_on: date | None = Field(description="The business day it was last written")
    confirmed_by: str | None
    confirmed_on: date | None
    carried_from: int | None = Field(description="The year it was carried over from, if it was")

    @staticmethod
    def of(row: ReportTextRow | None) -> dict[str, object]:
        """The review fields of a stored text (all None when nothing was written)."""
        if row is None:
            return dict.fromkeys(TextReview.model_fields)
        return {name: getattr(row, name) for name in TextReview.model_fields}


class SectionSummary(TextReview):
    """A section of the report and where its text stands."""

    key: str
    number: str
    title: str
    language: str
    url: str

    @classmethod
    def from_section(cls, year: int, found: workspace.SectionText, language: str) -> SectionSummary:
        """A section as the API lists it."""
        return cls(
            key=found.key,
            number=found.plan.number,
            title=found.plan.title,
            language=language,
            url=f"/api/v1/reports/hkex/{year}/sections/{found.key}?language={language}",
            **cls.of(found.row),
        )


class SectionText(SectionSummary):
    """A section's text in a language."""

    text: str = Field(description="The text as written, placeholders unfilled ('' if none)")


class Placeholder(BaseModel):
    """A name the text may quote as {{ name }}."""

    name: str
    meaning: str


class OpenedYear(BaseModel):
    """What opening a year carried over from the year before."""

    year: int
    carried_over: list[str] = Field(description="'section energy (en)', 'omission A2.2 (en)'")


class ReasonText(TextReview):
    """A reason for omission of a guide item, in a language."""

    item: str
    language: str
    text: str


def _section(year: int, found: workspace.SectionText, language: str) -> SectionText:
    summary = SectionSummary.from_section(year, found, language)
    return SectionText(**summary.model_dump(), text=found.row.text if found.row else "")


def _reason(item: str, language: str, row: ReportTextRow | None) -> ReasonText:
    return ReasonText(
        item=item,
        language=language,
        text=row.text if row else "",
        **TextReview.of(row),
    )


@router.get("/{year}/sections", response_model=list[SectionSummary])
def list_sections(
    db: DatabaseDep, year: YearPath, language: LanguageQuery = "en"
) -> list[SectionSummary]:
    """Every section of the year's report, with the state and author of its text."""
    return [
        SectionSummary.from_section(year, found, language)
        for found in workspace.sections(db, year, language)
    ]


@router.get("/{year}/sections/placeholders", response_model=list[Placeholder])
def list_placeholders(db: DatabaseDep, year: YearPath) -> list[Placeholder]:
    """The names a text may quote as {{ name }}, each filled with the year's figure."""
    return [Placeholder(name=n, meaning=m) for n, m in workspace.placeholders(db).items()]


@router.post("/{year}/sections/open-year", response_model=OpenedYear)
def open_year(db: DatabaseDep, clock: ClockDep, person: PersonDep, year: YearPath) -> OpenedYear:
    """Start the year from last year's text: each text the year has not got is copied,
    'carried over: review', until someone edits or confirms it."""
    copied = workspace.open_year(db, year, person, clock)
    return OpenedYear(year=year, carried_over=[f"{r.kind} {r.key} ({r.language})" for r in copied])


@router.get("/{year}/sections/{key}", response_model=SectionText)
def get_section(
    db: DatabaseDep, year: YearPath, key: SectionPath, language: LanguageQuery = "en"
) -> SectionText:
    """A section's text in a language ('' and state null when nothing is written yet)."""
    return _section(year, workspace.section_text(db, year, key, language), language)


@router.put("/{year}/sections/{key}", response_model=SectionText)
def write_section(
    db: DatabaseDep,
    clock: ClockDep,
    person: PersonDep,
    year: YearPath,
    key: SectionPath,
    body: TextWrite,
) -> SectionText:
    """Write a section's text: it becomes a draft by whoever wrote it, to be confirmed."""
    workspace.section_text(db, year, key, body.language)
    where = workspace.address(year, TextKind.SECTION, key, body.language)
    workspace.write(db, where, body.text, person, clock)
    return _section(year, workspace.section_text(db, year, key, body.language), body.language)


@router.post("/{year}/sections/{key}/confirm", response_model=SectionText)
def confirm_section(
    db: DatabaseDep,
    clock: ClockDep,
    person: PersonDep,
    year: YearPath,
    key: SectionPath,
    language: LanguageQuery = "en",
) -> SectionText:
    """Confirm a section's text as true for the year (not by whoever wrote it)."""
    workspace.section_text(db, year, key, language)
    workspace.confirm(db, workspace.address(year, TextKind.SECTION, key, language), person, clock)
    return _section(year, workspace.section_text(db, year, key, language), language)


@router.get("/{year}/omissions", response_model=list[ReasonText])
def list_reasons(
    db: DatabaseDep, year: YearPath, language: LanguageQuery = "en"
) -> list[ReasonText]:
    """The reasons for omission written for the year, by guide item."""
    return [_reason(r.key, r.language, r) for r in workspace.reasons(db, year, language)]


@router.get("/{year}/omissions/{item}", response_model=ReasonText)
def get_reason(
    db: DatabaseDep, year: YearPath, item: ItemPath, language: LanguageQuery = "en"
) -> ReasonText:
    """Why the report leaves out a guide item, in a language ('' when none is written)."""
    return _reason(item, language, workspace.reason_text(db, year, item, language))


@router.put("/{year}/omissions/{item}", response_model=ReasonText)
def write_reason(
    db: DatabaseDep,
    clock: ClockDep,
    person: PersonDep,
    year: YearPath,
    item: ItemPath,
    body: TextWrite,
) -> ReasonText:
    """Write why the report leaves out a guide item; shown in the content index when no
    section answers it."""
    workspace.reason_text(db, year, item, body.language)
    where = workspace.address(year, TextKind.OMISSION, item, body.language)
    row = workspace.write(db, where, body.text, person, clock)
    return _reason(item, body.language, row)


@router.post("/{year}/omissions/{item}/confirm", response_model=ReasonText)
def confirm_reason(
    db: DatabaseDep,
    clock: ClockDep,
    person: PersonDep,
    year: YearPath,
    item: ItemPath,
    language: LanguageQuery = "en",
) -> ReasonText:
    """Confirm a reason for omission (not by whoever wrote it)."""
    workspace.reason_text(db, year, item, language)
    where = workspace.address(year, TextKind.OMISSION, item, language)
    return _reason(item, language, workspace.confirm(db, where, person, clock))
