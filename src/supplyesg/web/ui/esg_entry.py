"""Entering ESG values: the entry form (one value at a time) and the file import (many at once)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from supplyesg.domain.errors import DomainError, InvalidInputError, NotFoundError, Problem
from supplyesg.domain.metrics import Catalogue, Metric, Quantity, unit_alias
from supplyesg.services import esg_data
from supplyesg.services.esg_entries import Entry
from supplyesg.services.esg_import import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, import_values
from supplyesg.services.units import conversion, pretty_unit
from supplyesg.web.deps import DatabaseDep, PersonDep
from supplyesg.web.ui.esg_context import EsgChoices, esg_choices, esg_page, slice_keys, slice_title
from supplyesg.web.ui.flash import flash
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors, PostedForm
from supplyesg.web.ui.rendering import _

router = APIRouter(prefix="/esg-data")

FIELDS = ("entity", "year", "part", "metric", "value", "unit", "breakdown")
NOTES = ("source_note", "evidence")
PLACED = frozenset({"entity", "metric", "period", "value", "unit", "breakdown", *NOTES})
"""The fields problems are shown beside (a period problem sits beside the year and part)."""
UNIT_CANDIDATES: dict[Quantity, tuple[str, ...]] = {
    Quantity.ENERGY: ("kWh", "MWh", "GWh", "MJ", "GJ", "TJ"),
    Quantity.MASS: ("t", "kg"),
    Quantity.VOLUME: ("m3", "L", "kL", "ML"),
    Quantity.DURATION: ("hour", "day", "min"),
    Quantity.AREA: ("m2", "ha"),
    Quantity.RATIO: ("percent",),
}
"""Units offered for each quantity; a unit is offered only if the converter accepts it."""
REFUSED_FILE = "The file was not imported; nothing was written."


@dataclass(frozen=True, slots=True)
class EntryForm:
    """The entry form's fields as text, exactly as shown or typed."""

    values: dict[str, str] = field(default_factory=dict)

    @classmethod
    def posted(cls, form: dict[str, str]) -> EntryForm:
        """The form as sent."""
        return cls({name: form.get(name, "").strip() for name in (*FIELDS, *NOTES)})

    def get(self, name: str) -> str:
        """One field's text."""
        return self.values.get(name, "")

    @property
    def period(self) -> str:
        """The period as the service reads it: 2025, 2025-Q2 or 2025-M07."""
        year, part = self.get("year"), self.get("part") or "FY"
        return year if part == "FY" else f"{year}-{part}"

    def entry(self) -> Entry:
        """The value the form describes, for services.esg_data.submit_value."""
        return Entry(
            entity=self.get("entity"),
            metric=self.get("metric"),
            period=self.period,
            value=self.get("value"),
            unit=self.get("unit"),
            breakdown=self.get("breakdown"),
            source_note=self.get("source_note"),
            evidence=self.get("evidence"),
        )


def unit_choices(metric: Metric) -> list[tuple[str, str]]:
    """(unit to send, unit as shown) the metric accepts: its own and those that convert to it."""
    candidates = (*UNIT_CANDIDATES.get(metric.quantity, ()), metric.unit)
    candidates += tuple(alias for alias, _target in metric.unit_aliases)
    found: dict[str, str] = {}
    for unit in candidates:
        if not isinstance(conversion(unit_alias(metric, unit), metric.unit), Problem):
            found.setdefault(pretty_unit(unit), unit)
    return [(unit, shown) for shown, unit in found.items()]


def default_unit(metric: Metric) -> str:
    """The unit the form starts with: the metric's own, written as people type it."""
    return next(
        (unit for unit, shown in unit_choices(metric) if shown == pretty_unit(metric.unit)),
        metric.unit,
    )


def breakdown_choices(
    metric: Metric, catalogue: Catalogue
) -> list[tuple[str, bool, list[tuple[str, str]]]]:
    """(dimension title, asked for by the KPI, [(dimension=member, member title)]) per dimension."""
    found = []
    for code in metric.allowed_breakdowns:
        dimension = catalogue.dimension(code)
        if dimension is not None:
            members = [(f"{code}={m.code}", m.title) for m in dimension.members]
            found.append((dimension.title, code in metric.breakdowns, members))
    return found


@router.get("/new", name="esg_entry")
def entry_form(
    request: Request,
    db: DatabaseDep,
    entity: str = "",
    year: str = "",
    part: str = "",
    metric: str = "",
    correct: int | None = None,
) -> Response:
    """The entry form, empty or prefilled (to enter the next value, or to correct one)."""
    choices = esg_choices(db)
    values = {"entity": entity, "year": year, "part": part, "metric": metric}
    if correct is not None:
        values = _stored(db, correct)
    if not values["year"] and choices.years:
        values["year"] = str(choices.year_numbers[0])
    chosen = choices.catalogue.metric(values["metric"])
    if chosen is not None and not values.get("unit"):
        values["unit"] = default_unit(chosen)
    return _entry_page(request, choices, EntryForm(values), NO_ERRORS)


@router.get("/new/fields")
def metric_fields(request: Request, db: DatabaseDep, metric: str = "") -> Response:
    """The unit and breakdown fields of the metric picked (htmx swaps them in)."""
    choices = esg_choices(db)
    chosen = choices.catalogue.metric(metric)
    values = {"metric": metric, "unit": default_unit(chosen) if chosen else ""}
    return esg_page(
        request,
        "esg/_metric_fields.html",
        "entry",
        **_metric_context(choices, chosen),
        form=EntryForm(values),
        errors=NO_ERRORS,
    )


@router.post("/new")
def submit_entry(request: Request, db: DatabaseDep, actor: PersonDep, form: PostedForm) -> Response:
    """Submit the value for review, or show the form again with the reasons beside the fields."""
    typed = EntryForm.posted(form)
    try:
        record = esg_data.submit_value(db, typed.entry(), actor)
    except DomainError as error:
        if isinstance(error, NotFoundError):
            raise
        errors = FormErrors.of(error, PLACED)
        return _entry_page(request, esg_choices(db), typed, errors)
    message = _(
        "%(metric)s of %(entity)s for %(period)s submitted for review.",
        metric=record.row.metric,
        entity=record.entity,
        period=typed.period,
    )
    if form.get("then") == "another":
        keep = {name: typed.get(name) for name in ("entity", "year", "part", "metric")}
        target = f"/esg-data/new?{urlencode(keep)}"
    else:
        target = f"/esg-data/values/{record.row.id}"
    return flash(RedirectResponse(target, status_code=303), message)


def _stored(db: DatabaseDep, value_id: int) -> dict[str, str]:
    """The entry form filled with a stored value, as it was typed."""
    row = esg_data.get_value(db, value_id)
    value = row.row
    return {
        "entity": row.entity,
        "year": str(value.year),
        "part": value.slice,
        "metric": value.metric,
        "value": f"{value.entered_value.normalize():f}",
        "unit": value.entered_unit,
        "breakdown": value.breakdown,
        "source_note": value.source_note,
        "evidence": value.evidence,
    }


def _metric_context(choices: EsgChoices, metric: Metric | None) -> dict[str, object]:
    return {
        "metric": metric,
        "units": unit_choices(metric) if metric else [],
        "breakdowns": breakdown_choices(metric, choices.catalogue) if metric else [],
    }


def _entry_page(
    request: Request, choices: EsgChoices, typed: EntryForm, errors: FormErrors
) -> Response:
    year = typed.get("year")
    fy = choices.year(int(year)) if year.isdecimal() else None
    fy = fy or (choices.years[0] if choices.years else None)
    return esg_page(
        request,
        "esg/entry.html",
        "entry",
        422 if errors else 200,
        choices=choices,
        form=typed,
        errors=errors,
        parts=[(key, slice_title(fy, key)) for key in slice_keys()],
        **_metric_context(choices, choices.catalogue.metric(typed.get("metric"))),
    )


# Import


@router.get("/imports/new", name="esg_import")
def import_form(request: Request) -> Response:
    """The upload form, with the columns a file must have."""
    return _import_page(request, NO_ERRORS, [])


@router.post("/imports/new")
async def import_file(
    request: Request,
    db: DatabaseDep,
    actor: PersonDep,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Import every row of the file, or show every problem of every row and write nothing."""
    try:
        if file is None or not file.filename:
            raise InvalidInputError(REFUSED_FILE, [Problem("file", "choose a .csv or .xlsx file")])
        content = await _read(request, file)
        result = import_values(db, io.BytesIO(content), file.filename, actor)
    except DomainError as error:
        if isinstance(error, NotFoundError):
            raise
        beside = [p.reason for p in error.problems if p.field == "file" and p.row is None]
        rows = [p for p in error.problems if not (p.field == "file" and p.row is None)]
        errors = FormErrors(error.detail, {"file": beside} if beside else {})
        return _import_page(request, errors, rows, (file.filename or "") if file else "")
    message = _(
        "%(file)s imported: %(rows)s rows, %(created)s new values, %(updated)s changed, "
        "%(unchanged)s unchanged. They now wait for a checker.",
        file=file.filename,
        rows=result.rows,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
    )
    if result.encoding:
        message += " " + _("Text encoding: %(encoding)s.", encoding=result.encoding)
    target = f"/esg-data/review?import_id={result.import_id}"
    return flash(RedirectResponse(target, status_code=303), message)


async def _read(request: Request, upload: UploadFile) -> bytes:
    limit = request.app.state.settings.max_upload_mb * 1024 * 1024
    content = await upload.read(limit + 1)
    if len(content) > limit:
        raise InvalidInputError(
            REFUSED_FILE,
            [Problem("file", f"is larger than the {limit // (1024 * 1024)} MB upload limit")],
        )
    return content


def _import_page(
    request: Request, errors: FormErrors, problems: list[Problem], file_name: str = ""
) -> Response:
    return esg_page(
        request,
        "esg/import.html",
        "import",
        422 if errors else 200,
        errors=errors,
        problems=problems,
        file_name=file_name,
        required_columns=REQUIRED_COLUMNS,
        optional_columns=OPTIONAL_COLUMNS,
    )
