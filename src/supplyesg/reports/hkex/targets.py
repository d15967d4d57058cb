"""The targets of the HKEX report: their figures as shown, and the tables of each topic.

A1.5 (emissions), A1.6 (waste), A2.3 (energy) and A2.4 (water) ask for the targets set and the
steps taken; Part D's metrics and targets (D-MT-12, after IFRS S2 paras. 33-36) asks for the
climate targets with base year, gross or net and the carbon credits used, and progress against
each. Every number comes measured from `HkexInputs.targets`; only how it is shown is decided
here. A topic without a target gets no table, so its item stays as open as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from supplyesg.domain.intensity import change
from supplyesg.reports.document import Cell, Column, Figure, Row, RowKind, Table, places_for
from supplyesg.reports.hkex.inputs import TargetLine
from supplyesg.reports.narrative import Placed
from supplyesg.reports.words import EN, Words

TOPICS = {"A1.5": "emissions", "A1.6": "waste", "A2.3": "energy", "A2.4": "water"}
"""The report topic of each guide item a target answers."""
CLIMATE_ITEM = "D-MT-12"
STATUS_TEXT = {
    "achieved": "Achieved",
    "on_track": "On track",
    "behind": "Behind",
    "no_figure": "No figure for the year",
}
TITLES = {
    "emissions": "Emission targets",
    "waste": "Waste reduction targets",
    "energy": "Energy efficiency targets",
    "water": "Water efficiency targets",
    "climate": "Climate-related targets",
}
STATUS_NOTE = (
    "Target (%) is the target against the base; Change (%) the year's figure against the base; "
    "Path the year's value on the straight line from the base to the target. At or beyond the "
    "target a year is achieved, at or beyond the path on track, else behind."
)
NET_NOTE = (
    "A net target subtracts the carbon credits retired in the year; the gross emissions are "
    "shown beside the net figure, never netted without saying so."
)


@dataclass(frozen=True, slots=True)
class TargetFigures:
    """A target as the report shows it, for the report year."""

    line: TargetLine
    base: Figure
    goal: Figure
    goal_change: Figure
    """The target against the base, in % (-30 for a 30 % cut)."""
    value: Figure
    path: Figure
    change: Figure
    gross: Figure
    credits: Figure
    status: str

    @property
    def title(self) -> str:
        """What is measured."""
        return self.line.title

    @property
    def description(self) -> str:
        """The company's own words for the target."""
        return self.line.description

    @property
    def owner(self) -> str:
        """Who answers for the target."""
        return self.line.owner

    @property
    def steps(self) -> str:
        """The steps taken to reach it, as the company wrote them."""
        return self.line.steps

    @property
    def measured(self) -> bool:
        """Whether the report year has a figure to measure against the target."""
        return self.value.value is not None

    @property
    def entered(self) -> bool:
        """Whether the base was entered (with a source) rather than computed."""
        return bool(self.line.base_source)


def target_figures(line: TargetLine, year: int, w: Words = EN) -> TargetFigures:
    """The figures of a target in the report year (its status in the words of `w`)."""
    found = line.of(year)
    values = [line.base, line.goal, *((found.value, found.path) if found else ())]
    places = places_for(values)

    def shown(value: Decimal | None) -> Figure:
        return Figure(value, line.unit, places)

    goal_pct = -line.reduction_pct if line.reduction_pct is not None else None
    if goal_pct is None and line.base is not None and line.goal is not None:
        relative = change(line.goal, line.base)
        goal_pct = None if relative is None else relative * 100
    return TargetFigures(
        line=line,
        base=shown(line.base),
        goal=shown(line.goal),
        goal_change=_pct(goal_pct),
        value=shown(found.value if found else None),
        path=shown(found.path if found else None),
        change=_pct(found.change_pct if found else None),
        gross=shown(found.gross if found else None),
        credits=Figure(found.credits_t_co2e if found else None, w.unit("t CO2e"), places),
        status=w(STATUS_TEXT.get(found.status, found.status)) if found else "",
    )


def _pct(value: Decimal | None) -> Figure:
    whole = value is not None and value == value.to_integral_value()
    return Figure(value, "%", 0 if whole else 2)


def by_topic(targets: tuple[TargetFigures, ...]) -> dict[str, list[TargetFigures]]:
    """The targets of each topic (emissions, waste, energy, water) and of Part D (climate)."""
    found: dict[str, list[TargetFigures]] = {topic: [] for topic in TITLES}
    for target in targets:
        for item in target.line.items:
            topic = "climate" if item == CLIMATE_ITEM else TOPICS.get(item)
            if topic:
                found[topic].append(target)
    return found


def targets_table(
    targets: tuple[TargetFigures, ...], topic: str, year: int, w: Words = EN
) -> Placed:
    """The table of a topic's targets: base, target, the year's figure, the line, the status."""
    chosen = by_topic(targets)[topic]
    if not chosen:
        return Placed(None)
    columns = (
        Column(w("Target")),
        Column(w("Unit")),
        Column(w("Base"), numeric=True),
        Column(w("Target"), numeric=True),
        Column(w("Target (%)"), numeric=True),
        Column(w.year_label(year), numeric=True),
        Column(w("Change (%)"), numeric=True),
        Column(w("Path"), numeric=True),
        Column(w("Status")),
    )
    rows: list[Row] = []
    for target in chosen:
        rows.append(_row(target, w))
        if topic == "climate" and not target.line.net:
            rows.append(_detail(w("Gross: no carbon credits counted"), Figure(None)))
        if target.line.net:
            rows.append(_detail(w("Gross emissions"), target.gross))
            rows.append(_detail(w("Carbon credits retired"), target.credits))
    notes = [w(STATUS_NOTE)]
    if any(t.line.net for t in chosen):
        notes.append(w(NET_NOTE))
    notes += [
        w(
            "{title}: the {year} base was entered by the company; source: {source}.",
            title=t.title,
            year=w.year_label(t.line.base_year),
            source=t.line.base_source,
        )
        for t in chosen
        if t.entered
    ]
    items = (
        (CLIMATE_ITEM,)
        if topic == "climate"
        else tuple(item for item, name in TOPICS.items() if name == topic)
    )
    table = Table(f"targets-{topic}", w(TITLES[topic]), columns, tuple(rows), tuple(notes))
    return Placed(table, items)


def _row(target: TargetFigures, w: Words = EN) -> Row:
    line = target.line
    label = w(
        "{title}, {base} to {target}",
        title=line.title,
        base=w.year_label(line.base_year),
        target=w.year_label(line.target_year),
    )
    if not line.group_wide:
        label += w(" ({boundary})", boundary=line.boundary)
    if line.net:
        label += w(", net of carbon credits")
    return Row(
        (
            Cell(label),
            Cell(line.unit),
            Cell.of(target.base),
            Cell.of(target.goal),
            Cell.of(target.goal_change),
            Cell.of(target.value),
            Cell.of(target.change),
            Cell.of(target.path),
            Cell(target.status),
        )
    )


def _detail(label: str, figure: Figure) -> Row:
    empty = Cell("")
    value = Cell.of(figure) if figure.value is not None else empty
    return Row(
        (Cell(label), Cell(figure.unit), empty, empty, empty, value, empty, empty, empty),
        RowKind.DETAIL,
    )
