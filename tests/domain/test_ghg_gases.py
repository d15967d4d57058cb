"""Every gas: CH4 and N2O by use, refrigerant blends by mass, factor sets by fuel and country."""

from decimal import Decimal

import pytest
from ghg_examples import DEFAULTS, DENSITY, FUELS, GRID, MOBILE, STATIONARY, factor

from supplyesg.domain.ghg.accounting import account
from supplyesg.domain.ghg.factors import (
    Basis,
    FactorKind,
    FactorLibrary,
    FactorSetChoice,
    Fuel,
    Refrigerant,
)
from supplyesg.domain.ghg.traces import Activity, EmissionSource, Scope

D = Decimal
FUGITIVE = EmissionSource.FUGITIVE_REFRIGERANT

CH4_STATIONARY = factor(
    "ch4.st", FactorKind.EMISSION, "diesel", "0.003", "kg/GJ", gas="CH4", basis=Basis.ENERGY
)
CH4_ROAD = factor(
    "ch4.road", FactorKind.EMISSION, "diesel", "0.0039", "kg/GJ", gas="CH4", basis=Basis.ENERGY
)
N2O_ROAD = factor(
    "n2o.road", FactorKind.EMISSION, "diesel", "0.0039", "kg/GJ", gas="N2O", basis=Basis.ENERGY
)
CO2_PER_L = factor("hk.co2", FactorKind.EMISSION, "diesel", "2.614", "kg/L")
GWPS = (
    factor("gwp.ar6.n2o", FactorKind.GWP, "AR6", "273", "kg CO2e/kg", gas="N2O"),
    factor("gwp.ar6.hfc32", FactorKind.GWP, "AR6", "771", "kg CO2e/kg", gas="HFC-32"),
    factor("gwp.ar6.hfc125", FactorKind.GWP, "AR6", "3740", "kg CO2e/kg", gas="HFC-125"),
    factor("gwp.ar5.hfc32", FactorKind.GWP, "AR5", "677", "kg CO2e/kg", gas="HFC-32"),
    factor("gwp.ar5.hfc125", FactorKind.GWP, "AR5", "3170", "kg CO2e/kg", gas="HFC-125"),
)
DIESEL_IPCC = Fuel(
    "diesel",
    "Diesel",
    "L",
    density="density.diesel",
    calorific_value="ncv.diesel",
    emission_factors=("co2.diesel",),
    stationary_factors=("ch4.st",),
    mobile_factors=("ch4.road", "n2o.road"),
    factor_set="ipcc2006",
)
DIESEL_HK = Fuel("diesel", "Diesel (HK)", "L", stationary_factors=("hk.co2",), factor_set="hk_epd")
R410A = Refrigerant("R-410A", "R-410A", (("HFC-32", D("0.5")), ("HFC-125", D("0.5"))), "ASHRAE 34")
FACTORS = (*DEFAULTS, CH4_STATIONARY, CH4_ROAD, N2O_ROAD, CO2_PER_L, *GWPS)


def _library(*choices: FactorSetChoice) -> FactorLibrary:
    fuels = (DIESEL_IPCC, DIESEL_HK, *(f for f in FUELS if f.code != "diesel"))
    return FactorLibrary("test-2", fuels, FACTORS, (DENSITY,), (R410A,), choices)


def _diesel(use: EmissionSource, country: str = "CN", litres: str = "1000") -> Activity:
    return Activity("CQ1", "diesel", D(litres), "L", use, "diesel", country)


@pytest.mark.parametrize(
    ("use", "gases"),
    [
        (STATIONARY, {"CO2": D("2.676492"), "CH4": D("0.003023244")}),
        # 36.12 GJ x 0.0039 kg/GJ x 27.9 = 0.00393022 t; x 273 = 0.03845696 t
        (MOBILE, {"CO2": D("2.676492"), "CH4": D("0.00393021720"), "N2O": D("0.0384569640")}),
    ],
)
def test_methane_and_nitrous_oxide_follow_the_use_of_the_fuel(
    use: EmissionSource, gases: dict[str, Decimal]
) -> None:
    summary = account(2025, "CQ1", [_diesel(use)], _library(), "AR6")
    assert {line.gas: line.t_co2e for line in summary.lines} == gases
    assert summary.gaps == ()


@pytest.mark.parametrize(
    ("choices", "country", "factor_set"),
    [
        ((), "CN", "ipcc2006"),
        ((FactorSetChoice("diesel", "HK", "hk_epd"),), "HK", "hk_epd"),
        ((FactorSetChoice("diesel", "HK", "hk_epd"),), "CN", "ipcc2006"),
        ((FactorSetChoice("diesel", "", "hk_epd"),), "CN", "hk_epd"),
        (
            (FactorSetChoice("diesel", "", "hk_epd"), FactorSetChoice("diesel", "CN", "ipcc2006")),
            "CN",
            "ipcc2006",
        ),
        ((FactorSetChoice("diesel", "CN", "no_such_set"),), "CN", "ipcc2006"),
    ],
)
def test_the_factor_set_is_the_organisations_choice_for_the_fuel_and_country(
    choices: tuple[FactorSetChoice, ...], country: str, factor_set: str
) -> None:
    summary = account(2025, "CQ1", [_diesel(STATIONARY, country)], _library(*choices), "AR6")
    assert {line.factor_set for line in summary.lines} == {factor_set}


def test_a_factor_set_per_litre_needs_no_density() -> None:
    library = _library(FactorSetChoice("diesel", "HK", "hk_epd"))
    (line,) = account(2025, "HK1", [_diesel(STATIONARY, "HK")], library, "AR6").lines
    # 1,000 L x 2.614 kg/L = 2.614 t
    assert (line.gas, line.t_co2e) == ("CO2", D("2.614"))
    assert [f.factor_id for f in line.factors] == ["hk.co2", "unit.kg_to_t"]


def test_a_set_without_factors_for_the_use_is_a_gap_not_a_zero() -> None:
    library = _library(FactorSetChoice("diesel", "HK", "hk_epd"))
    summary = account(2025, "HK1", [_diesel(MOBILE, "HK")], library, "AR6")
    assert summary.lines == ()
    assert [g.field for g in summary.gaps] == ["emission_factor"]


@pytest.mark.parametrize(
    ("edition", "hfc32_t_co2e", "hfc125_t_co2e"),
    [
        # 10 kg of R-410A = 5 kg HFC-32 + 5 kg HFC-125
        ("AR6", D("3.855"), D("18.700")),
        ("AR5", D("3.385"), D("15.850")),
    ],
)
def test_a_refrigerant_blend_leaks_each_gas_by_its_mass_share_and_gwp(
    edition: str, hfc32_t_co2e: Decimal, hfc125_t_co2e: Decimal
) -> None:
    leak = Activity("CQ1", "refrigerant_lost", D("10"), "kg", FUGITIVE, "R-410A", "CN")
    summary = account(2025, "CQ1", [leak], _library(), edition)
    assert {line.gas: line.t_co2e for line in summary.lines} == {
        "HFC-32": hfc32_t_co2e,
        "HFC-125": hfc125_t_co2e,
    }
    assert {line.scope for line in summary.lines} == {Scope.DIRECT}
    assert summary.by_gas()["HFC-32"] == (D("0.0050"), hfc32_t_co2e)
    assert [f.factor_id for f in summary.lines[0].factors] == [
        "refrigerant.R-410A.HFC-32",
        f"gwp.{edition.lower()}.hfc32",
        "unit.kg_to_t",
    ]


@pytest.mark.parametrize(
    ("refrigerant", "edition", "field"),
    [("R-410A", "AR4", "gwp"), ("R-22", "AR6", "refrigerant")],
)
def test_a_refrigerant_without_composition_or_gwp_is_a_gap(
    refrigerant: str, edition: str, field: str
) -> None:
    leak = Activity("CQ1", "refrigerant_lost", D("10"), "kg", FUGITIVE, refrigerant)
    summary = account(2025, "CQ1", [leak], _library(), edition)
    assert summary.lines == ()
    assert {g.field for g in summary.gaps} == {field}


def test_electricity_is_untouched_by_fuel_factor_sets() -> None:
    grid = Activity("CQ1", "electricity", D("1000"), "kWh", GRID, "CN", "CN")
    library = _library(FactorSetChoice("diesel", "", "hk_epd"))
    (line,) = account(2022, "CQ1", [grid], library, "AR6").lines
    assert (line.t_co2e, line.factor_set) == (D("0.5366"), "")
