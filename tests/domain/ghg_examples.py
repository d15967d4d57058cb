"""A small factor library the GHG and energy tests share (figures from IPCC 2006 and MEE)."""

from decimal import Decimal

from supplyesg.domain.ghg.factors import Basis, Factor, FactorKind, FactorLibrary, Fuel, Origin
from supplyesg.domain.ghg.traces import EmissionSource

D = Decimal
STATIONARY = EmissionSource.STATIONARY_COMBUSTION
MOBILE = EmissionSource.MOBILE_COMBUSTION
GRID = EmissionSource.PURCHASED_ELECTRICITY


def factor(
    fid: str, kind: FactorKind, subject: str, value: str, unit: str, **extra: object
) -> Factor:
    return Factor(fid, kind, subject, D(value), unit, f"source of {fid}", **extra)  # type: ignore[arg-type]


DEFAULTS = (
    factor("ncv.diesel", FactorKind.CALORIFIC_VALUE, "diesel", "43.0", "GJ/t", basis=Basis.MASS),
    factor("co2.diesel", FactorKind.EMISSION, "diesel", "74.1", "kg/GJ", basis=Basis.ENERGY),
    factor("ncv.gas", FactorKind.CALORIFIC_VALUE, "natural_gas", "0.038931", "GJ/m**3"),
    factor("co2.gas", FactorKind.EMISSION, "natural_gas", "2.1622", "kg/m**3"),
    factor("ncv.lpg", FactorKind.CALORIFIC_VALUE, "lpg", "47.3", "GJ/t", basis=Basis.MASS),
    factor("co2.lpg", FactorKind.EMISSION, "lpg", "63.1", "kg/GJ", basis=Basis.ENERGY),
    factor("grid.cn.2021", FactorKind.GRID, "CN", "0.5568", "kg/kWh", year=2021),
    factor("grid.cn.2022", FactorKind.GRID, "CN", "0.5366", "kg/kWh", year=2022),
    factor("grid.hk", FactorKind.GRID, "HK", "0.7", "kg/kWh", year=2021, gas="CO2e"),
    factor("gwp.ar6.ch4", FactorKind.GWP, "AR6", "27.9", "kg CO2e/kg", gas="CH4"),
)
FUELS = (
    Fuel(
        "diesel",
        "Diesel",
        "L",
        density="density.diesel",
        calorific_value="ncv.diesel",
        emission_factors=("co2.diesel",),
    ),
    Fuel(
        "natural_gas",
        "Natural gas",
        "m**3",
        calorific_value="ncv.gas",
        emission_factors=("co2.gas",),
    ),
    Fuel("lpg", "LPG", "t", by_mass=True, calorific_value="ncv.lpg", emission_factors=("co2.lpg",)),
)
DENSITY = factor(
    "density.diesel", FactorKind.DENSITY, "diesel", "0.00084", "t/L", origin=Origin.ORGANISATION
)
LIBRARY = FactorLibrary("test-1", FUELS, DEFAULTS, (DENSITY,))
