from decimal import Decimal

import pytest
from ghg_examples import DEFAULTS, DENSITY, FUELS, LIBRARY

from supplyesg.domain.energy import EnergyKind, energy_use
from supplyesg.domain.ghg.factors import FactorLibrary
from supplyesg.domain.ghg.traces import Activity, EmissionSource

D = Decimal
SIX_PLACES = D("0.000001")


def _use(subject: str, amount: str, unit: str, category: EmissionSource) -> Activity:
    return Activity("SITE", subject, D(amount), unit, category, subject)


@pytest.mark.parametrize(
    ("activity", "mwh"),
    [
        # 10,000 m3 x 0.038931 GJ/m3 = 389.31 GJ = 108.141667 MWh
        (
            _use("natural_gas", "10000", "m**3", EmissionSource.STATIONARY_COMBUSTION),
            D("108.141667"),
        ),
        # 1,000 L x 0.00084 t/L x 43.0 GJ/t = 36.12 GJ = 10.033333 MWh
        (_use("diesel", "1000", "L", EmissionSource.MOBILE_COMBUSTION), D("10.033333")),
        # 2 t x 47.3 GJ/t = 94.6 GJ = 26.277778 MWh
        (_use("lpg", "2", "t", EmissionSource.STATIONARY_COMBUSTION), D("26.277778")),
        (_use("CN", "39525934", "kWh", EmissionSource.PURCHASED_ELECTRICITY), D("39525.934")),
    ],
)
def test_each_source_is_converted_to_mwh(activity: Activity, mwh: Decimal) -> None:
    summary = energy_use(2025, "GRP", [activity], LIBRARY)
    assert summary.gaps == ()
    assert summary.total_mwh.quantize(SIX_PLACES) == mwh


def test_direct_and_indirect_energy_are_told_apart() -> None:
    summary = energy_use(
        2025,
        "GRP",
        [
            _use("lpg", "2", "t", EmissionSource.STATIONARY_COMBUSTION),
            _use("CN", "50000", "kWh", EmissionSource.PURCHASED_ELECTRICITY),
        ],
        LIBRARY,
        generated=[_use("solar", "1200", "kWh", EmissionSource.PURCHASED_ELECTRICITY)],
    )
    assert summary.indirect_mwh == D("50")
    assert summary.direct_mwh.quantize(SIX_PLACES) == D("27.477778")
    assert [line.kind for line in summary.lines] == [
        EnergyKind.FUEL,
        EnergyKind.PURCHASED_ELECTRICITY,
        EnergyKind.GENERATED_ELECTRICITY,
    ]
    assert set(summary.by("kind")) == {"fuel", "purchased_electricity", "generated_electricity"}


def test_a_fuel_metered_by_volume_without_density_is_a_gap() -> None:
    library = FactorLibrary("test-1", FUELS, DEFAULTS)
    summary = energy_use(
        2025, "GRP", [_use("diesel", "1000", "L", EmissionSource.MOBILE_COMBUSTION)], library
    )
    assert summary.lines == ()
    assert [(g.field, g.value) for g in summary.gaps] == [("density", "SITE")]
    assert FactorLibrary("t", FUELS, DEFAULTS, (DENSITY,)).fuel_factors(FUELS[0]).density == DENSITY
