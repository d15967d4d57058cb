"""The publishing checklist of the HKEX report: its items from the content model and the data,
and the appendix that prints the items acknowledged before publication.

The rules are in `domain.publishing_checklist`; here the report's own findings (an item of the
guide left unanswered, a section with no text of the company, a number of the text that no
table shows) and its figures are turned into the rules' inputs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from supplyesg.domain.errors import Problem
from supplyesg.domain.publishing_checklist import (
    PER_PERSON_PER_YEAR,
    CheckedItem,
    ChecklistItem,
    Rate,
    SupplierCounts,
    quality_item,
    rate_items,
    supplier_count_items,
    water_items,
)
from supplyesg.reports.document import Cell, Column, Row, Section, Table
from supplyesg.reports.hkex.inputs import HkexInputs, MetricLine
from supplyesg.reports.words import EN, Words

APPENDIX_TITLE = "Items acknowledged before publication"
WATER_CONSUMED, WASTEWATER = "water_consumption", "wastewater_discharged"
WORKFORCE = "workforce"
OMISSION = "Reason for omission of"
"""How `unconfirmed_texts` names a reason for omission carried over from last year."""
_TIME_UNITS = {"hour": "hour/person", "day": "day/person"}


def content_items(
    index: Iterable[Problem],
    unwritten: Iterable[Problem],
    unfilled: Iterable[Problem],
    unconfirmed: Iterable[Problem],
    unbacked: Iterable[Problem],
    untranslated: Iterable[Problem] = (),
) -> list[ChecklistItem]:
    """The report's own findings: the content index, unwritten sections, placeholders with no
    figure, texts carried over and not confirmed, numbers of the text no table shows, and
    English texts with none yet in the report's language."""
    items = []
    for problem in index:
        code = str(problem.value) if problem.field.startswith(("claims.", "explanations.")) else ""
        if code:
            items.append(ChecklistItem("index.unknown_item", code, f"{code} {problem.reason}"))
        else:
            reason = f"{problem.field} ({problem.value}) {problem.reason}"
            items.append(ChecklistItem("index.not_reported", problem.field, reason))
    items += [
        ChecklistItem("section.unwritten", str(p.value), f"{p.field} {p.reason}") for p in unwritten
    ]
    items += [
        ChecklistItem(
            "section.placeholder_unfilled", f"{p.field}/{p.value}", f"{p.field} {p.reason}"
        )
        for p in unfilled
    ]
    items += [
        ChecklistItem(
            "index.reason_unconfirmed" if p.field.startswith(OMISSION) else "section.unconfirmed",
            str(p.value),
            f"{p.field}: {p.reason}",
        )
        for p in unconfirmed
    ]
    items += [
        ChecklistItem(
            "index.reason_untranslated" if p.field.startswith(OMISSION) else "text.untranslated",
            str(p.value),
            f"{p.field}: {p.reason}",
        )
        for p in untranslated
    ]
    items += [
        ChecklistItem(
            "text.unbacked_number", f"{p.field}/{p.value}", f"{p.field}: {p.reason} ({p.value})"
        )
        for p in unbacked
    ]
    return items


def data_items(inputs: HkexInputs) -> list[ChecklistItem]:
    """The data's findings: every quality check, and the figures that cannot disagree."""
    lines = {line.code: line for line in inputs.metrics}
    items = [quality_item(issue) for issue in inputs.quality_issues]
    if inputs.supply_chain is not None:
        kpis = inputs.supply_chain
        counts = SupplierCounts(
            kpis.total,
            tuple(count for _, count in kpis.by_region),
            kpis.engaged,
            kpis.audited,
            kpis.trained,
            kpis.under_plan,
        )
        items += supplier_count_items(counts)
    if WATER_CONSUMED in lines and WASTEWATER in lines:
        items += water_items(lines[WATER_CONSUMED].values, lines[WASTEWATER].values)
    return items + rate_items(rates(inputs.metrics, _workforce(inputs, lines)))


def _workforce(inputs: HkexInputs, lines: Mapping[str, MetricLine]) -> Mapping[int, Decimal | None]:
    if WORKFORCE in lines:
        return lines[WORKFORCE].values
    basis = inputs.denominator
    return basis.values if basis is not None and basis.metric == WORKFORCE else {}


def rates(lines: Iterable[MetricLine], workforce: Mapping[int, Decimal | None]) -> list[Rate]:
    """Every ratio the report shows, and the time per person of each amount of hours or days
    that no ratio of the report already divides by the workforce."""
    listed = list(lines)
    divided = {line.numerator for line in listed if line.numerator}
    found = [
        Rate(line.code, line.name, line.unit, year, value)
        for line in listed
        if line.numerator
        for year, value in sorted(line.values.items())
        if value is not None
    ]
    for line in listed:
        unit = _TIME_UNITS.get(line.unit)
        if unit is None or line.code in divided or unit not in PER_PERSON_PER_YEAR:
            continue
        for year, value in sorted(line.values.items()):
            people = workforce.get(year)
            if value is not None and people:
                found.append(
                    Rate(line.code, f"{line.name} per employee", unit, year, value / people)
                )
    return found


def appendix(items: Iterable[CheckedItem], w: Words = EN) -> Section | None:
    """The appendix listing each acknowledged item with its reason, if there is any."""
    acknowledged = [c for c in items if c.acknowledgement is not None]
    if not acknowledged:
        return None
    rows = tuple(
        Row(
            (
                Cell.of(c.item.id),
                Cell.of(c.item.reason),
                Cell.of(c.acknowledgement.reason),
                Cell.of(f"{c.acknowledgement.by}, {_on(c.acknowledgement.on, w)}"),
            )
        )
        for c in acknowledged
        if c.acknowledgement is not None
    )
    columns = (
        Column(w("Item")),
        Column(w("Finding")),
        Column(w("Reason")),
        Column(w("Acknowledged by")),
    )
    table = Table("acknowledged-items", w(APPENDIX_TITLE), columns, rows)
    return Section("", w(APPENDIX_TITLE), (table,))


def _on(day: date, w: Words) -> str:
    return day.isoformat() if w.english else w.day(day)
