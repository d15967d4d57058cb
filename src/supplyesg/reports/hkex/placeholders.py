"""The named placeholders the company's text may quote, and their values in a year's report.

Each value is the text of a figure of the content model (`figures.py`), the same object the
tables show, so a figure quoted in the company's text always equals the table's. The names are
those of `domain.report_workspace.FIXED_PLACEHOLDERS` and one per metric or ratio code of the
catalogue ('water_consumption'), whose value is the report year's total with its unit.
"""

from __future__ import annotations

from collections.abc import Iterable

from supplyesg.domain.report_workspace import FIXED_PLACEHOLDERS
from supplyesg.reports.document import NOT_REPORTED, Figure
from supplyesg.reports.hkex.figures import HkexFigures
from supplyesg.reports.hkex.inputs import HkexInputs
from supplyesg.reports.hkex.tables import year_label
from supplyesg.reports.words import EN, Words


def placeholder_names(metric_codes: Iterable[str]) -> dict[str, str]:
    """Every placeholder a year's text may quote, with what it stands for."""
    names = dict(FIXED_PLACEHOLDERS)
    for code in sorted(metric_codes):
        names.setdefault(code, "The year's total of this metric, with unit")
    return names


def placeholder_values(inputs: HkexInputs, figures: HkexFigures, w: Words = EN) -> dict[str, str]:
    """The text of each placeholder the year's report has a figure for, in the words of the
    report's language (dates, the financial year, 'not reported')."""
    values = {
        "organisation": inputs.organisation,
        "fy": year_label(inputs.year, w),
        "year": str(inputs.year),
        "previous_year": str(inputs.previous_year),
        "period_start": w.day(inputs.period_start),
        "period_end": w.day(inputs.period_end),
    }
    if figures.ghg is not None:
        values |= _shown(
            scope1_total=figures.ghg.scope_1,
            scope2_total=figures.ghg.scope_2,
            ghg_total=figures.ghg.total,
            ghg_intensity=figures.ghg.intensity,
        )
    if figures.energy is not None:
        energy = figures.energy
        values |= _shown(energy_total=energy.total, energy_intensity=energy.intensity)
    chain = figures.supply_chain
    if chain is not None:
        values |= _shown(
            suppliers_total=chain.total,
            suppliers_engaged=chain.engaged,
            suppliers_audited=chain.audited,
            suppliers_trained=chain.trained,
            suppliers_under_plan=chain.under_plan,
        )
    for code, line in figures.metrics.items():
        values.setdefault(code, line.value.with_unit)
    if w.english:
        return values
    return {name: w(value) if value == NOT_REPORTED else value for name, value in values.items()}


def _shown(**figures: Figure) -> dict[str, str]:
    return {name: figure.with_unit for name, figure in figures.items()}
