"""The shipped factors reproduce a published Scope 1 from its own activity data.

The reference is the 2020 ESG report of a Chongqing truck maker (HKEX-listed), whose Scope 1
was verified under Chongqing's carbon emissions trading rules. It publishes its fuels (natural
gas in m3, gasoline and diesel in litres) and Scope 1 for 2020 and 2019, but not its
densities: the organisation enters them as its own factors, with a note saying so.
"""

from decimal import Decimal

import pytest

from supplyesg.domain.ghg.accounting import account
from supplyesg.domain.ghg.factors import (
    Factor,
    FactorKind,
    FactorLibrary,
    FactorSetChoice,
    Origin,
)
from supplyesg.domain.ghg.traces import Activity, EmissionSource
from supplyesg.services.emission_factors import default_library

D = Decimal
NOTE = "assumed by the organisation; the reference report does not state its densities"
DENSITIES = (
    Factor("org.density.diesel", FactorKind.DENSITY, "diesel", D("0.00084"), "t/L", NOTE,
           origin=Origin.ORGANISATION),
    Factor("org.density.gasoline", FactorKind.DENSITY, "gasoline", D("0.00073"), "t/L", NOTE,
           origin=Origin.ORGANISATION),
)  # fmt: skip
PUBLISHED = {
    # year: (natural gas m3, gasoline L, diesel L, published Scope 1 t CO2e)
    2020: ("5035480", "86964.15", "1389259", "14705.68"),
    2019: ("4930360", "108422.35", "1259199", "14182.84"),
}


def _scope1(year: int, factor_set: str) -> Decimal:
    gas, gasoline, diesel, _ = PUBLISHED[year]
    stationary = EmissionSource.STATIONARY_COMBUSTION
    mobile = EmissionSource.MOBILE_COMBUSTION
    activities = [
        Activity("CQ", "natural_gas", D(gas), "m**3", stationary, "natural_gas", "CN"),
        Activity("CQ", "gasoline", D(gasoline), "L", mobile, "gasoline", "CN"),
        Activity("CQ", "diesel", D(diesel), "L", mobile, "diesel", "CN"),
    ]
    shipped = default_library()
    choices = tuple(
        FactorSetChoice(fuel, "CN", factor_set) for fuel in ("natural_gas", "gasoline", "diesel")
    )
    library = FactorLibrary(
        shipped.version, shipped.fuels, shipped.defaults, DENSITIES, shipped.refrigerants, choices
    )
    summary = account(year, "CQ", activities, library, "AR5")
    assert summary.gaps == ()
    assert {line.factor_set for line in summary.lines} == {factor_set}
    return summary.scope1_t_co2e


@pytest.mark.parametrize("year", [2020, 2019])
def test_china_guideline_factors_reproduce_the_published_scope_1_within_0_2_percent(
    year: int,
) -> None:
    published = D(PUBLISHED[year][3])
    computed = _scope1(year, "cn2015")
    # 2020: 14,686.26 t against 14,705.68 t published (-0.13 %)
    assert abs(computed / published - 1) < D("0.002")


def test_the_ipcc_defaults_do_not_and_say_why_the_factor_set_matters() -> None:
    # natural gas at 56.1 kg CO2/GJ (100 % oxidised) and CH4 and N2O of road vehicles
    computed = _scope1(2020, "ipcc2006")
    assert computed / D("14705.68") - 1 > D("0.015")
