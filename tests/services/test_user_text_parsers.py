"""Every parser of text people type or upload reads it or refuses it, naming the field.

Each parser is called the way the application calls it; a parser that answers with a Problem
(or a list of them) is refused through `refuse_if`, as its callers do. Whatever the text, the
outcome is a value or an InvalidInputError whose problems name the field: never another
exception (a pint TokenError once answered a unit of "¶{" with a 500).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from supplyesg.domain.errors import InvalidInputError, Problem, refuse_if
from supplyesg.domain.metrics import parse_breakdown
from supplyesg.domain.organisation import FinancialYear, parse_period
from supplyesg.domain.periods import Quarter
from supplyesg.domain.scorecard import QUARTER_COLUMN, SUPPLIER_COLUMN, parse_score_row
from supplyesg.domain.supplier_rows import parse_entry
from supplyesg.services.esg_catalogue import shipped_catalogue
from supplyesg.services.esg_entries import entered_number
from supplyesg.services.units import to_canonical
from supplyesg.web.api.types import Day, DecimalValue
from supplyesg.web.ui.programme_forms import parse_day

CATALOGUE = shipped_catalogue()
YEARS = {2025: FinancialYear(date(2025, 1, 1)), 2026: FinancialYear(date(2026, 1, 1))}

UNIT_TEXT = st.one_of(
    st.text(),
    st.text(alphabet="kWhmgtL0123456789 */^()%.-{}[]'\"¶³²µ_", max_size=30),
    st.sampled_from(["kWh", "MWh", "m3", "m**3", "kg/(m**3)", "%", "L"]).flatmap(
        lambda unit: st.tuples(st.just(unit), st.text(max_size=6)).map("".join)
    ),
)
"""Any text, text made of the characters units are written with, and known units with a tail."""


def _refused(found: object) -> object:
    """A returned Problem (or list of them) becomes the InvalidInputError its callers raise."""
    if isinstance(found, Problem):
        refuse_if([found], "refused")
    if isinstance(found, list):
        refuse_if(found, "refused")
    return found


def _unit(text: str) -> object:
    metric = CATALOGUE.metric("electricity_purchased")
    assert metric is not None
    return _refused(to_canonical(Decimal("1"), text, metric))


def _supplier_cell(column: str) -> Callable[[str], object]:
    def parse(text: str) -> object:
        entry, problems = parse_entry(2, {column: text})
        return _refused(problems) or entry

    return parse


def _score_quarter(text: str) -> object:
    score_row, problems = parse_score_row(
        2, {SUPPLIER_COLUMN: "SUP-1", QUARTER_COLUMN: text}, lambda _: ("esg",)
    )
    return _refused(problems) or score_row


def _form_day(text: str) -> object:
    day, problems = parse_day("due_on", text)
    return _refused(problems) or day


PARSERS: list[tuple[str, Callable[[str], object]]] = [
    ("unit", _unit),
    ("quarter", Quarter.parse),
    ("period", lambda text: _refused(parse_period(text, YEARS))),
    ("breakdown", lambda text: _refused(parse_breakdown(text))),
    ("value", lambda text: _refused(entered_number(text))),
    ("tier", _supplier_cell("tier")),
    ("annual_spend", _supplier_cell("annual_spend")),
    ("key_sub_supplier", _supplier_cell("key_sub_supplier")),
    ("relationship_started_on", _supplier_cell("relationship_started_on")),
    ("status", _supplier_cell("status")),
    ("contacts", _supplier_cell("contacts")),
    ("quarter", _score_quarter),
    ("due_on", _form_day),
]


@pytest.mark.parametrize(("field", "parse"), PARSERS, ids=[f for f, _ in PARSERS])
@settings(max_examples=200, deadline=None)
@given(text=UNIT_TEXT)
def test_any_text_is_read_or_refused_naming_its_field(
    field: str, parse: Callable[[str], object], text: str
) -> None:
    assert _fields_refused(lambda: parse(text)) in ({field}, set())


def _fields_refused(parse: Callable[[], object]) -> set[str]:
    """The fields an InvalidInputError names (none when the text was read)."""
    try:
        parse()
    except InvalidInputError as refusal:
        return {problem.field for problem in refusal.problems} or {"(no field named)"}
    return set()


API_TYPES = [("day", TypeAdapter(Day)), ("decimal", TypeAdapter(DecimalValue))]


@pytest.mark.parametrize(("name", "adapter"), API_TYPES, ids=[n for n, _ in API_TYPES])
@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_the_api_field_types_read_any_text_or_say_it_does_not_match(
    name: str, adapter: TypeAdapter[object], text: str
) -> None:
    # FastAPI answers a ValidationError with a 422 naming the field.
    try:
        adapter.validate_python(text)
        errors = 0
    except ValidationError as refusal:
        errors = refusal.error_count()
    assert errors in (0, 1)
