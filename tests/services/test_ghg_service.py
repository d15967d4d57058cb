from decimal import Decimal

import pytest

from esg_builders import MAKER, diesel_density, organisation, submit
from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError, NotFoundError
from supplyesg.domain.ghg.factors import Basis, Factor, FactorKind, Origin
from supplyesg.domain.ghg.traces import EmissionSource, Scope
from supplyesg.services import emission_factors
from supplyesg.services.ghg import year_account

D = Decimal


def _year(db: Database) -> None:
    """FY2025: a Chongqing plant and a Hong Kong office."""
    organisation(db)
    diesel_density(db)
    for month in range(1, 13):
        submit(db, "CQ1", "electricity_purchased", f"2025-{month:02d}", "100000", "kWh")
    submit(db, "CQ1", "natural_gas_stationary", "2025", "500000", "m3")
    submit(db, "CQ1", "diesel_mobile", "2025", "100000", "L")
    submit(db, "HK1", "electricity_purchased", "2025", "50000", "kWh")
    submit(db, "CQ1", "electricity_generated_renewable", "2025", "20000", "kWh")
    submit(db, "GRP", "production_volume", "2025", "10000", "vehicles")


def test_scope_1_and_2_are_traced_to_activity_times_factors(db: Database) -> None:
    _year(db)
    ghg = year_account(db, 2025).ghg
    lines = {(line.entity, line.metric, line.gas): line for line in ghg.lines}
    gas = lines[("CQ1", "natural_gas_stationary", "CO2")]
    # 500,000 m3 x 2.1622 kg/m3 (China default) = 1,081.1 t
    assert gas.t_co2e == D("1081.1")
    assert [f.factor_id for f in gas.factors] == ["cn.ng.co2", "unit.kg_to_t"]
    assert gas.factors[0].source.startswith("China national GHG accounting guidelines")
    diesel = lines[("CQ1", "diesel_mobile", "CO2")]
    # 100,000 L x 0.00084 t/L x 43 GJ/t x 74.1 kg/GJ = 267.6492 t
    assert diesel.t_co2e == D("267.6492")
    assert diesel.category is EmissionSource.MOBILE_COMBUSTION
    assert [(f.factor_id, f.value, f.unit) for f in diesel.factors] == [
        ("org.density.diesel", D("0.00084"), "t/L"),
        ("ipcc2006.ncv.gas_diesel", D("43"), "GJ/t"),
        ("ipcc2006.co2.gas_diesel", D("74.1"), "kg/GJ"),
        ("unit.kg_to_t", D("0.001"), "t/kg"),
    ]
    # the same 3,612 GJ in road vehicles x 3.9 kg CH4/TJ x 27.9 and x 3.9 kg N2O/TJ x 273 (AR6)
    methane = lines[("CQ1", "diesel_mobile", "CH4")]
    assert (methane.t_gas, methane.t_co2e) == (D("0.0140868"), D("0.39302172"))
    assert [f.factor_id for f in methane.factors][-3:] == [
        "ipcc2006.road.ch4.diesel",
        "gwp.ar6.ch4",
        "unit.kg_to_t",
    ]
    assert lines[("CQ1", "diesel_mobile", "N2O")].t_co2e == D("3.8456964")
    assert diesel.factor_set == "ipcc2006"
    # 1,200,000 kWh x 0.5306 (2023, the latest national factor) and 50,000 kWh x 0.7 (Hong Kong)
    assert lines[("CQ1", "electricity_purchased", "CO2")].t_co2e == D("636.72")
    assert lines[("HK1", "electricity_purchased", "CO2e")].t_co2e == D("35")
    assert (ghg.scope1_t_co2e, ghg.scope2_t_co2e, ghg.total_t_co2e) == (
        D("1352.98791812"),
        D("671.72"),
        D("2024.70791812"),
    )
    assert ghg.by_gas(Scope.DIRECT)["N2O"] == (D("0.0140868"), D("3.8456964"))
    assert ghg.gaps == ()
    assert (ghg.library_version, ghg.gwp_edition) == ("2025.3", "AR6")


def test_energy_adds_every_fuel_and_electricity_in_mwh(db: Database) -> None:
    _year(db)
    energy = year_account(db, 2025).energy
    by_metric = {k: v.quantize(D("0.001")) for k, v in energy.by("metric").items()}
    assert by_metric == {
        # 500,000 m3 x 0.038931 GJ/m3 = 19,465.5 GJ = 5,407.083 MWh
        "natural_gas_stationary": D("5407.083"),
        # 100,000 L x 0.00084 t/L x 43 GJ/t = 3,612 GJ = 1,003.333 MWh
        "diesel_mobile": D("1003.333"),
        "electricity_purchased": D("1250.000"),
        "electricity_generated_renewable": D("20.000"),
    }
    assert energy.indirect_mwh == D("1250")
    assert energy.total_mwh.quantize(D("0.001")) == D("7680.417")


def test_intensities_are_per_vehicle_produced(db: Database) -> None:
    _year(db)
    intensities = {i.metric: i for i in year_account(db, 2025).intensities}
    assert intensities["electricity_purchased"].value == D("125")
    assert intensities["electricity_purchased"].unit == "kWh/vehicle"
    assert intensities["ghg_total"].value == D("0.202470791812")
    assert intensities["ghg_total"].unit == "t CO2e/vehicle"
    assert "workforce" not in intensities


def test_without_a_diesel_density_the_gap_is_reported(db: Database) -> None:
    _year(db)
    emission_factors.remove_organisation_factor(db, "org.density.diesel")
    account = year_account(db, 2025)
    assert [(g.field, g.value) for g in account.ghg.gaps] == [("density", "CQ1")]
    assert [(g.field, g.value) for g in account.energy.gaps] == [("density", "CQ1")]
    assert account.ghg.scope1_t_co2e == D("1081.1")


def test_an_organisation_grid_factor_overrides_the_default(db: Database) -> None:
    _year(db)
    emission_factors.set_organisation_factor(
        db,
        Factor(
            "org.grid.cn.2024",
            FactorKind.GRID,
            "CN",
            D("0.5"),
            "kg/kWh",
            "Provincial factor published by the local authority",
            year=2024,
        ),
        MAKER,
    )
    ghg = year_account(db, 2025).ghg
    line = next(
        line for line in ghg.lines if line.entity == "CQ1" and line.metric.startswith("elec")
    )
    assert line.t_co2e == D("600")
    assert (line.factors[0].factor_id, line.factors[0].origin) == (
        "org.grid.cn.2024",
        Origin.ORGANISATION,
    )


@pytest.mark.parametrize(
    ("factor", "fields"),
    [
        (
            Factor("Bad id", FactorKind.GRID, "CN", D("0.5"), "kg/kWh", "x", year=2024),
            ["factor_id"],
        ),
        (
            Factor("org.x", FactorKind.GRID, "CN", D("0.5"), "kg/kWh", " ", year=2024),
            ["source_note"],
        ),
        (Factor("org.x", FactorKind.GRID, "CN", D("0.5"), "kg/kWh", "x"), ["year"]),
        (Factor("org.x", FactorKind.GRID, "CN", D("0.5"), "kg/L", "x", year=2024), ["unit"]),
        (Factor("org.x", FactorKind.DENSITY, "hydrogen", D("0.1"), "kg/L", "x"), ["subject"]),
        (
            Factor("org.x", FactorKind.DENSITY, "diesel", D("0"), "kg/L", "x", basis=Basis.MASS),
            ["value", "basis"],
        ),
        (Factor("org.x", FactorKind.EMISSION, "diesel", D("1"), "kg/GJ", "x", gas="H2O"), ["gas"]),
    ],
)
def test_organisation_factors_are_checked(db: Database, factor: Factor, fields: list[str]) -> None:
    with pytest.raises(InvalidInputError) as error:
        emission_factors.set_organisation_factor(db, factor, MAKER)
    assert [p.field for p in error.value.problems] == fields


def test_organisation_factors_keep_what_was_entered(db: Database) -> None:
    diesel_density(db, "0.835")
    (entered,) = emission_factors.organisation_factors(db)
    assert (entered.value, entered.unit, entered.origin) == (
        D("0.835"),
        "kg/L",
        Origin.ORGANISATION,
    )
    in_force = emission_factors.library(db).factor("org.density.diesel")
    assert in_force is not None
    assert (in_force.value, in_force.unit, in_force.published) == (
        D("0.000835"),
        "t/L",
        "0.835 kg/L",
    )
    with pytest.raises(NotFoundError):
        emission_factors.remove_organisation_factor(db, "org.nothing")


def test_shipped_factors_carry_their_sources_and_only_cited_values() -> None:
    library = emission_factors.default_library()
    assert all(f.source and f.year for f in library.defaults)
    ids = {f.id for f in library.defaults}
    # the MEE and NBS series of national averages, checked against press reports of each year
    national = {"cn.grid.national.2021", "cn.grid.national.2022", "cn.grid.national.2023"}
    assert {*national, "hk.grid.territory_default", "cn.residual.national.2023"} <= ids
    # factors of the power sector's compliance notices and project baselines are not shipped
    cn_2022 = [f for f in library.defaults if f.subject == "CN" and f.year == 2022]
    assert sorted((f.kind, f.value) for f in cn_2022) == [
        (FactorKind.GRID, D("0.5366")),
        (FactorKind.RESIDUAL_MIX, D("0.5856")),
    ]
    assert not any(f.kind is FactorKind.DENSITY for f in library.defaults)
