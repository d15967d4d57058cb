from __future__ import annotations

from decimal import Decimal as D  # noqa: N817

import pytest

from supplyesg.reports.consistency import numbers_in, unbacked_numbers
from supplyesg.reports.document import (
    Cell,
    Change,
    Column,
    Document,
    Figure,
    Paragraph,
    Row,
    Section,
    Table,
    places_for,
    summarised,
)


@pytest.mark.parametrize(
    ("figure", "text", "with_unit"),
    [
        (Figure(D("14705.675"), "tCO2e", 2), "14,705.68", "14,705.68 tCO2e"),
        (Figure(D("14705.665"), "tCO2e", 2), "14,705.67", "14,705.67 tCO2e"),
        (Figure(D("0.0148"), "t/vehicle", 3), "0.015", "0.015 t/vehicle"),
        (Figure(D("2980"), "persons"), "2,980", "2,980 persons"),
        (Figure(D("-6.04"), "%", 1), "-6.0", "-6.0%"),
        (Figure(D("1E+3"), "", 0), "1,000", "1,000"),
        (Figure(None, "t", 2), "not reported", "not reported"),
    ],
)
def test_a_figure_is_shown_rounded_half_up_with_separators(
    figure: Figure, text: str, with_unit: str
) -> None:
    assert (figure.text, figure.with_unit, str(figure)) == (text, with_unit, text)


@pytest.mark.parametrize(
    ("values", "places"),
    [
        ([D("814.97"), D("861.61")], 2),
        ([D("0.88"), D("0.94")], 2),
        ([D("0.0148"), D("0.0153")], 3),
        ([D("0.000534"), None, D("0")], 5),
        ([D("0.0000001")], 6),
        ([None], 2),
    ],
)
def test_intensities_get_enough_places_for_their_smallest_value(
    values: list[D | None], places: int
) -> None:
    assert places_for(values) == places


@pytest.mark.parametrize(
    ("pct", "verb", "size", "known"),
    [
        (D("-5.0111"), "fell", "5.0", True),
        (D("2.96"), "rose", "3.0", True),
        (D("0.04"), "did not change", "0.0", True),
        (None, "did not change", "not reported", False),
    ],
)
def test_a_change_reads_as_a_verb_and_a_size(
    pct: D | None, verb: str, size: str, known: bool
) -> None:
    change = Change.of(pct)
    assert (change.verb, change.size.text, change.known) == (verb, size, known)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("emitted 14,705.68 tCO2e, 3% less", ["14,705.68", "3"]),
        ("fell by -6.0% to 2,980.", ["6.0", "2,980"]),
        ("Scope 1 and Scope 2 under ISO 14001 and KPI A1.2", []),
        ("items D-MT-1 and B5.1, CO2 and PM2.5", []),
        ("from 1 January 2025 to 31 December 2025", ["2025", "2025"]),
        ("numbers 1,234, and 56.", ["1,234", "56"]),
    ],
)
def test_numbers_in_text_skip_names_and_dates(text: str, numbers: list[str]) -> None:
    assert numbers_in(text) == numbers


def _document(text: str) -> Document:
    table = Table(
        "t",
        "T",
        (Column("Name"), Column("Value", numeric=True)),
        (
            Row((Cell("Scope 1"), Cell.of(Figure(D("14705.68"), "t", 2)))),
            Row((Cell("x"), Cell("17"))),
        ),
    )
    section = Section("3.1", "Emissions", (Paragraph(text), table))
    return Document("k", "Title", "Sub", "Org", 2025, (section,))


def test_text_backed_by_a_table_figure_passes_the_check() -> None:
    assert unbacked_numbers(_document("We emitted 14,705.68 t in 2025."), {"2025"}) == []


def test_a_number_no_table_shows_is_caught_with_its_section() -> None:
    document = _document("We emitted 14,705.68 t, about 14,706 t, in 17 plants.")
    assert unbacked_numbers(document) == [("3.1 Emissions", "14,706"), ("3.1 Emissions", "17")]


def test_repeated_warnings_are_listed_once_with_their_places() -> None:
    warnings = [
        "no density for Diesel (at S001)",
        "no density for Diesel (at S002)",
        "no density for Diesel (at S001)",
        "A1.2: has no figures",
        "no density for Diesel (at S003)",
        "no density for Diesel (at S004)",
        "no density for Diesel (at S005)",
    ]
    assert summarised(warnings) == (
        "no density for Diesel (at S001, S002, S003 and 2 more)",
        "A1.2: has no figures",
    )


def test_a_long_warning_list_is_cut_with_a_count_of_the_rest() -> None:
    warnings = [f"problem {n}" for n in range(1, 26)]
    shown = summarised(warnings, most=20)
    assert len(shown) == 21
    assert shown[-1] == "... and 5 more"
