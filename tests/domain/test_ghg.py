from decimal import Decimal

import pytest
from ghg_examples import DEFAULTS, DENSITY, FUELS, GRID, LIBRARY, MOBILE, STATIONARY, D, factor

from supplyesg.domain.errors import Problem
from supplyesg.domain.ghg.accounting import account
from supplyesg.domain.ghg.factors import Basis, FactorKind, FactorLibrary, Origin
from supplyesg.domain.ghg.traces import Activity, EmissionSource, Scope


def _activity(subject: str, amount: str, category: EmissionSource = STATIONARY) -> Activity:
    unit = {"diesel": "L", "natural_gas": "m**3", "lpg": "t"}.get(subject, "kWh")
    return Activity("SITE", f"{subject}_use", D(amount), unit, category, subject)


@pytest.mark.parametrize(
    ("activity", "factor_ids", "t_co2e"),
    [
        # 1,000 L x 0.00084 t/L x 43.0 GJ/t x 74.1 kg/GJ x 0.001 t/kg
        (
            _activity("diesel", "1000", MOBILE),
            ["density.diesel", "ncv.diesel", "co2.diesel"],
            D("2.676492"),
        ),
        # 10,000 m3 x 2.1622 kg/m3 (a factor per unit metered needs no calorific value)
        (_activity("natural_gas", "10000"), ["co2.gas"], D("21.622")),
        # 2 t x 47.3 GJ/t x 63.1 kg/GJ (metered in tonnes: no density)
        (_activity("lpg", "2"), ["ncv.lpg", "co2.lpg"], D("5.96926")),
        # 100,000 kWh x 0.5366 kg/kWh: FY2025 takes the latest published factor, 2022
        (_activity("CN", "100000", GRID), ["grid.cn.2022"], D("53.66")),
        (_activity("HK", "10000", GRID), ["grid.hk"], D("7")),
    ],
)
def test_each_emission_is_activity_times_its_factors(
    activity: Activity, factor_ids: list[str], t_co2e: Decimal
) -> None:
    summary = account(2025, "GRP", [activity], LIBRARY, "AR6")
    assert summary.gaps == ()
    (line,) = summary.lines
    assert [f.factor_id for f in line.factors] == [*factor_ids, "unit.kg_to_t"]
    assert line.t_co2e == t_co2e
    assert (line.activity, line.activity_unit) == (activity.amount, activity.unit)


def test_scopes_are_summed_and_split_by_source() -> None:
    summary = account(
        2025,
        "GRP",
        [
            _activity("diesel", "1000", MOBILE),
            _activity("natural_gas", "10000"),
            _activity("CN", "100000", GRID),
        ],
        LIBRARY,
        "AR6",
    )
    assert summary.scope1_t_co2e == D("24.298492")
    assert summary.scope2_t_co2e == D("53.66")
    assert summary.total_t_co2e == D("77.958492")
    assert summary.by("category") == {
        "mobile_combustion": D("2.676492"),
        "stationary_combustion": D("21.622"),
        "purchased_electricity": D("53.66"),
    }
    assert summary.scope_total(Scope.DIRECT) == summary.scope1_t_co2e


def test_a_methane_factor_is_weighted_by_its_global_warming_potential() -> None:
    ch4 = factor(
        "org.ch4.diesel",
        FactorKind.EMISSION,
        "diesel",
        "0.003",
        "kg/GJ",
        gas="CH4",
        basis=Basis.ENERGY,
        origin=Origin.ORGANISATION,
    )
    library = FactorLibrary("test-1", FUELS, DEFAULTS, (DENSITY, ch4))
    summary = account(2025, "GRP", [_activity("diesel", "1000")], library, "AR6")
    methane = next(line for line in summary.lines if line.gas == "CH4")
    # 36.12 GJ x 0.003 kg/GJ x 27.9 x 0.001
    assert methane.t_co2e == D("0.003023244")
    assert [f.factor_id for f in methane.factors][-2:] == ["gwp.ar6.ch4", "unit.kg_to_t"]
    assert summary.scope1_t_co2e == D("2.679515244")


def test_an_organisation_factor_replaces_the_default_for_the_same_fuel_and_gas() -> None:
    own = factor(
        "org.co2.gas",
        FactorKind.EMISSION,
        "natural_gas",
        "2.2",
        "kg/m**3",
        origin=Origin.ORGANISATION,
    )
    library = FactorLibrary("test-1", FUELS, DEFAULTS, (own,))
    (line,) = account(2025, "GRP", [_activity("natural_gas", "1000")], library, "AR6").lines
    assert line.t_co2e == D("2.2")
    assert line.factors[0].origin is Origin.ORGANISATION


def test_an_organisation_grid_factor_wins_over_the_default_of_its_year() -> None:
    own = factor(
        "org.grid.cn.2022",
        FactorKind.GRID,
        "CN",
        "0.5",
        "kg/kWh",
        year=2022,
        origin=Origin.ORGANISATION,
    )
    library = FactorLibrary("test-1", FUELS, DEFAULTS, (own,))
    assert library.grid_factor("CN", 2025) == own
    assert library.grid_factor("CN", 2021) == DEFAULTS[6]
    assert library.grid_factor("CN", 2020) is None


def test_missing_factors_are_listed_as_gaps_and_the_rest_is_counted() -> None:
    library = FactorLibrary("test-1", FUELS, DEFAULTS)  # no diesel density
    summary = account(
        2025,
        "GRP",
        [
            _activity("diesel", "1000"),
            _activity("CN", "1000", GRID),
            _activity("US", "1000", GRID),
            _activity("coal", "5"),
        ],
        library,
        "AR6",
    )
    assert summary.total_t_co2e == D("0.5366")
    assert [(g.field, g.value) for g in summary.gaps] == [
        ("density", "SITE"),
        ("grid_factor", "SITE"),
        ("fuel", "SITE"),
    ]
    assert "add an organisation factor of kind density" in summary.gaps[0].reason


def test_a_gas_without_a_global_warming_potential_is_a_gap() -> None:
    n2o = factor(
        "org.n2o.gas",
        FactorKind.EMISSION,
        "natural_gas",
        "0.0001",
        "kg/m**3",
        gas="N2O",
        origin=Origin.ORGANISATION,
    )
    library = FactorLibrary("test-1", FUELS, DEFAULTS, (n2o,))
    summary = account(2025, "GRP", [_activity("natural_gas", "1000")], library, "AR6")
    assert [line.gas for line in summary.lines] == ["CO2"]
    assert summary.gaps == (Problem("gwp", "no global warming potential for N2O", "SITE"),)


def test_factors_in_force_list_organisation_ones_first() -> None:
    assert LIBRARY.in_force[0] == DENSITY
    assert LIBRARY.factor("co2.gas") == DEFAULTS[3]
    assert LIBRARY.factor(None) is None
