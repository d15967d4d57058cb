"""Scope 2: the grid factor of every year (or a gap naming the nearest), and market-based
Scope 2 from contractual instruments beside the location-based figure."""

from datetime import date

import pytest
from ghg_examples import DEFAULTS, FUELS, GRID, D, factor

from supplyesg.domain.ghg.accounting import account
from supplyesg.domain.ghg.factors import FactorKind, FactorLibrary, Origin
from supplyesg.domain.ghg.market import (
    ContractualInstrument,
    InstrumentType,
    instrument_problems,
    instruments_in,
    period_problems,
)
from supplyesg.domain.ghg.traces import Activity

RESIDUAL = factor("residual.cn.2022", FactorKind.RESIDUAL_MIX, "CN", "0.5856", "kg/kWh", year=2022)
LIBRARY = FactorLibrary("test-1", FUELS, (*DEFAULTS, RESIDUAL))
FY2025 = (date(2025, 1, 1), date(2025, 12, 31))


def _electricity(entity: str, region: str, kwh: str) -> Activity:
    return Activity(entity, "electricity_purchased", D(kwh), "kWh", GRID, region)


def _instrument(
    entity: str = "SITE",
    kwh: str = "400",
    rate: str = "0",
    kind: InstrumentType = InstrumentType.CERTIFICATE,
    number: int = 1,
    starts_on: date = date(2025, 1, 1),
    ends_on: date = date(2025, 12, 31),
) -> ContractualInstrument:
    return ContractualInstrument(
        number, entity, kind, D(kwh), starts_on, ends_on, D(rate), f"GEC batch {number}"
    )


@pytest.mark.parametrize(
    ("region", "year", "expected"),
    [
        ("CN", 2022, "grid.cn.2022"),  # the year's own factor
        ("CN", 2025, "grid.cn.2022"),  # the latest earlier one
        ("CN", 2021, "grid.cn.2021"),
        ("CN", 2020, None),  # before the first published year: none, not the next one
        ("HK", 2020, None),
        ("US", 2025, None),
    ],
)
def test_a_year_takes_its_own_grid_factor_or_the_latest_earlier(
    region: str, year: int, expected: str | None
) -> None:
    found = LIBRARY.grid_factor(region, year)
    assert (found.id if found else None) == expected


@pytest.mark.parametrize(
    ("region", "year", "expected"),
    [
        ("CN", 2020, "grid.cn.2021"),  # the first year after
        ("CN", 2019, "grid.cn.2021"),
        ("CN", 2030, "grid.cn.2022"),
        ("CN-EAST", 2020, "grid.cn.2021"),  # a region with none offers its country's
        ("HK", 2015, "grid.hk"),
        ("US", 2020, None),
    ],
)
def test_the_nearest_grid_factor_is_the_closest_year_of_the_region_or_its_country(
    region: str, year: int, expected: str | None
) -> None:
    found = LIBRARY.nearest_grid_factor(region, year)
    assert (found.id if found else None) == expected


def test_fy2020_electricity_is_a_gap_naming_the_nearest_factor_never_a_silent_zero() -> None:
    summary = account(2020, "GRP", [_electricity("SITE", "CN", "1000")], LIBRARY, "AR6")
    assert summary.lines == ()
    assert summary.scope2_missing
    [gap] = summary.gaps
    assert (gap.field, gap.value) == ("grid_factor", "SITE")
    assert "no grid emission factor for region CN in FY2020 or before" in gap.reason
    assert "missing, not 0" in gap.reason
    assert "the nearest is grid.cn.2021 (2021): 0.5568 kg/kWh, source of grid.cn.2021" in gap.reason
    assert "grid factor for CN 2020" in gap.reason


def test_an_organisation_factor_for_the_year_closes_the_gap() -> None:
    own = factor(
        "org.grid.cn.2020",
        FactorKind.GRID,
        "CN",
        "0.58",
        "kg/kWh",
        year=2020,
        origin=Origin.ORGANISATION,
    )
    library = FactorLibrary("test-1", FUELS, DEFAULTS, (own,))
    summary = account(2020, "GRP", [_electricity("SITE", "CN", "1000")], library, "AR6")
    assert (summary.gaps, summary.scope2_t_co2e, summary.scope2_missing) == ((), D("0.58"), False)


# (instruments, expected market-based t CO2e, bases of the lines, gap fields)
# 1,000 kWh in CN in FY2025: location 0.5366 kg/kWh (2022), residual mix 0.5856 (2022)
CASES = [
    ([], D("0.5856"), ["residual_mix"], []),
    ([_instrument(kwh="400")], D("0.35136"), ["instrument", "residual_mix"], []),
    ([_instrument(kwh="1000")], D("0"), ["instrument"], []),
    # a supplier's rate of 0.2 kg/kWh for 500 kWh, the rest at the residual mix
    (
        [_instrument(kwh="500", rate="0.2", kind=InstrumentType.SUPPLIER_SPECIFIC)],
        D("0.3928"),
        ["instrument", "residual_mix"],
        [],
    ),
    # two certificates, the second covers only what is left: 600 of its 800 kWh
    (
        [_instrument(kwh="400"), _instrument(kwh="800", number=2)],
        D("0"),
        ["instrument", "instrument"],
        ["instrument_excess"],
    ),
    # a certificate of an entity that bought no electricity covers nothing
    ([_instrument(entity="OTHER")], D("0.5856"), ["residual_mix"], ["instrument_excess"]),
]


@pytest.mark.parametrize(("instruments", "expected", "bases", "gaps"), CASES)
def test_market_based_scope_2_covers_with_instruments_and_the_rest_at_the_residual_mix(
    instruments: list[ContractualInstrument], expected: D, bases: list[str], gaps: list[str]
) -> None:
    summary = account(
        2025, "GRP", [_electricity("SITE", "CN", "1000")], LIBRARY, "AR6", instruments
    )
    assert summary.scope2_market_t_co2e == expected
    assert [line.basis for line in summary.market_lines] == bases
    assert [gap.field for gap in summary.gaps] == gaps
    # location-based is unchanged by instruments, and the total adds location-based only
    assert summary.scope2_t_co2e == D("0.5366")
    assert summary.total_t_co2e == D("0.5366")


def test_without_a_residual_mix_the_location_factor_is_used_and_the_trace_says_so() -> None:
    summary = account(
        2025,
        "GRP",
        [_electricity("HKO", "HK", "1000")],
        LIBRARY,
        "AR6",
        [_instrument(entity="HKO", kwh="250")],
    )
    instrument, rest = summary.market_lines
    assert (instrument.t_co2e, instrument.activity) == (D("0"), D("250"))
    assert instrument.factors[0].source == "Evidence: GEC batch 1"
    assert instrument.factors[0].factor_id == "instrument.1"
    assert (rest.basis, rest.activity, rest.t_co2e) == ("location_fallback", D("750"), D("0.525"))
    assert rest.factors[0].factor_id == "grid.hk"
    assert "no residual mix is published for HK: the location-based factor" in rest.note
    assert summary.covered_kwh == D("250")
    assert summary.scope2_market_t_co2e < summary.scope2_t_co2e


def test_a_region_without_a_residual_mix_takes_its_countrys() -> None:
    summary = account(2025, "GRP", [_electricity("SITE", "CN-EAST", "1000")], LIBRARY, "AR6")
    # no location factor for CN-EAST: a location gap; market-based still has the residual mix
    assert [line.factors[0].factor_id for line in summary.market_lines] == ["residual.cn.2022"]
    assert [gap.field for gap in summary.gaps] == ["grid_factor"]


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "counts"),
    [
        (date(2025, 1, 1), date(2025, 12, 31), True),
        (date(2025, 3, 1), date(2025, 3, 31), True),
        (date(2024, 12, 1), date(2025, 1, 31), False),  # straddles two years
        (date(2024, 1, 1), date(2024, 12, 31), False),
    ],
)
def test_an_instrument_counts_in_the_year_its_period_lies_within(
    starts_on: date, ends_on: date, counts: bool
) -> None:
    instrument = _instrument(starts_on=starts_on, ends_on=ends_on)
    assert (instruments_in([instrument], *FY2025) == (instrument,)) is counts
    years = {2024: (date(2024, 1, 1), date(2024, 12, 31)), 2025: FY2025}
    assert (period_problems(starts_on, ends_on, years) == []) is (starts_on.year == ends_on.year)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kwh": D("0")}, "kwh"),
        ({"kwh": D("-5")}, "kwh"),
        ({"kwh": D("NaN")}, "kwh"),
        ({"kg_co2e_per_kwh": D("-0.1")}, "kg_co2e_per_kwh"),
        ({"kg_co2e_per_kwh": D("11")}, "kg_co2e_per_kwh"),
        ({"evidence": "  "}, "evidence"),
        ({"evidence": "x" * 301}, "evidence"),
        ({"ends_on": date(2024, 12, 31)}, "ends_on"),
        ({"entity": "no spaces"}, "entity"),
    ],
)
def test_an_instrument_is_refused_naming_the_field(changes: dict[str, object], field: str) -> None:
    from dataclasses import replace

    instrument = replace(_instrument(), **changes)  # type: ignore[arg-type]
    assert [p.field for p in instrument_problems(instrument)] == [field]


def test_a_valid_instrument_has_no_problems() -> None:
    assert instrument_problems(_instrument()) == []
