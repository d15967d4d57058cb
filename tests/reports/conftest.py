"""A year of report inputs shaped like the services' outputs, with easy figures to check."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D  # noqa: N817

import pytest
from report_data import COMPANY_CONTENT

from supplyesg.domain.frameworks import Framework
from supplyesg.reports.frameworks import framework
from supplyesg.reports.hkex.content import (
    HkexContent,
    HkexReport,
    build_hkex_report,
    load_hkex_content,
)
from supplyesg.reports.hkex.inputs import (
    Denominator,
    EmissionLine,
    Energy,
    EnergyCarrier,
    Entity,
    FactorStep,
    Ghg,
    GhgYear,
    HkexInputs,
    MetricLine,
    SupplyChainKpis,
)
from supplyesg.reports.supply_chain.content import (
    SupplyChainReport,
    build_supply_chain_report,
    load_supply_chain_content,
)
from supplyesg.reports.supply_chain.inputs import (
    Coverage,
    OnSiteResult,
    PlanOutcomes,
    RiskCount,
    ScoringStandard,
    SupplyChainInputs,
    TopicFindings,
    TrainingSession,
)

YEARS = (2025, 2024, 2023)
KG_TO_T = FactorStep("Kilograms to tonnes", D("0.001"), "t/kg", "SI definition of the tonne")
GRID = FactorStep("Grid factor CN 2023", D("0.5366"), "kg/kWh", "MEE 2023 national grid average")
DIESEL_EF = FactorStep("Diesel CO2", D("2.6300"), "kg/L", "IPCC 2006 Vol. 2 Table 3.2.1")


def sample_lines() -> tuple[EmissionLine, ...]:
    """Two sites: diesel (Scope 1) and electricity (Scope 2); tonnes are activity x factors."""
    return (
        EmissionLine(
            1,
            "Plant A",
            "Diesel",
            "CO2",
            D("1000000"),
            "L",
            (DIESEL_EF, KG_TO_T),
            D("2630"),
            D("0.00263"),
        ),
        EmissionLine(
            1,
            "Plant B",
            "Diesel",
            "CO2",
            D("500000"),
            "L",
            (DIESEL_EF, KG_TO_T),
            D("1315"),
            D("0.00263"),
        ),
        EmissionLine(
            2,
            "Plant A",
            "Electricity",
            "CO2",
            D("20000000"),
            "kWh",
            (GRID, KG_TO_T),
            D("10732"),
            D("0.0005366"),
        ),
        EmissionLine(
            2,
            "Plant B",
            "Electricity",
            "CO2",
            D("10000000"),
            "kWh",
            (GRID, KG_TO_T),
            D("5366"),
            D("0.0005366"),
        ),
    )


CERTIFICATE = FactorStep(
    "Energy attribute certificate, 2025-01-01 to 2025-12-31",
    D("0"),
    "kg/kWh",
    "Evidence: GEC 2025-000001 to 020000",
)
RESIDUAL = FactorStep(
    "Residual mix CN 2022", D("0.5856"), "kg/kWh", "MEE 2022 national average excluding"
)


def market_lines() -> tuple[EmissionLine, ...]:
    """Market-based: Plant A's power covered by certificates, Plant B's at the residual mix."""
    return (
        EmissionLine(
            2,
            "Plant A",
            "Electricity, contractual instrument",
            "CO2e",
            D("20000000"),
            "kWh",
            (CERTIFICATE, KG_TO_T),
            D("0"),
            D("0"),
        ),
        EmissionLine(
            2,
            "Plant B",
            "Electricity, residual mix",
            "CO2",
            D("10000000"),
            "kWh",
            (RESIDUAL, KG_TO_T),
            D("5856"),
            D("0.0005856"),
            "residual mix: Residual mix CN 2022",
        ),
    )


def sample_inputs() -> HkexInputs:
    """FY2025 with two earlier years: GHG, energy, water, waste, workforce and suppliers."""
    per_vehicle = "vehicle produced"
    return HkexInputs(
        organisation="Example Trucks Holdings Ltd",
        year=2025,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        years=YEARS,
        entities=(
            Entity("GRP", "Example Trucks Holdings Ltd", "group", "HK"),
            Entity("CQ", "Example Trucks (Chongqing) Co., Ltd", "subsidiary", "CN"),
        ),
        metrics=(
            MetricLine(
                "water_withdrawn",
                "Water consumed",
                "m3",
                "environmental",
                "Water",
                ("A2.2",),
                {2025: D("693180"), 2024: D("733685"), 2023: None},
                {2025: D("14.29"), 2024: D("17.02")},
                "m3/vehicle",
                D("-5.52"),
                0,
            ),
            MetricLine(
                "hazardous_waste",
                "Hazardous waste",
                "t",
                "environmental",
                "Waste",
                ("A1.3",),
                {2025: D("719.72"), 2024: D("660.34"), 2023: D("612.5")},
                {2025: D("0.01484"), 2024: D("0.01532"), 2023: D("0.0149")},
                "t/vehicle",
                D("8.99"),
            ),
            MetricLine(
                "workforce",
                "Employees",
                "persons",
                "social",
                "Employment",
                ("B1.1",),
                {2025: D("2980"), 2024: D("3025"), 2023: D("3010")},
                {},
                "",
                D("-1.49"),
                0,
            ),
        ),
        ghg=Ghg(
            years=(
                GhgYear(2025, D("3945"), D("16098"), D("20043"), D("0.4133"), D("5856")),
                GhgYear(2024, D("4100.5"), D("17000.25"), D("21100.75"), D("0.4896")),
                GhgYear(2023, D("4200"), D("17500"), D("21700"), None),
            ),
            lines=sample_lines(),
            change_pct=D("-5.0111"),
            intensity_unit="tCO2e/vehicle",
            method="GHG Protocol Corporate Standard; Scope 2 location-based.",
            market_lines=market_lines(),
        ),
        energy=Energy(
            carriers=(
                EnergyCarrier(
                    "Diesel", True, {2025: D("14850.5"), 2024: D("15200"), 2023: D("15010")}
                ),
                EnergyCarrier(
                    "Electricity", False, {2025: D("30000"), 2024: D("31000"), 2023: None}
                ),
            ),
            total_mwh={2025: D("44850.5"), 2024: D("46200"), 2023: D("15010")},
            intensity={2025: D("0.9248"), 2024: D("1.072")},
            intensity_unit="MWh/vehicle",
            change_pct=D("-2.9210"),
        ),
        denominator=Denominator(
            "Vehicles produced",
            per_vehicle,
            "vehicles",
            {2025: D("48500"), 2024: D("43100"), 2023: D("41000")},
        ),
        supply_chain=SupplyChainKpis(
            by_region=(("Mainland China", 310), ("Japan", 12), ("Europe", 6)),
            total=328,
            engaged=214,
            audited=187,
            trained=47,
            under_plan=46,
        ),
    )


@pytest.fixture(scope="session")
def guide() -> Framework:
    """The HKEX guide as the project ships it."""
    return framework()


@pytest.fixture(scope="session")
def hkex_content(guide: Framework) -> HkexContent:
    """The shipped templates with the content the test company wrote."""
    return load_hkex_content(guide, content=COMPANY_CONTENT)


@pytest.fixture(scope="session")
def hkex_report(guide: Framework, hkex_content: HkexContent) -> HkexReport:
    """The FY2025 report of the sample inputs."""
    return build_hkex_report(sample_inputs(), hkex_content, guide)


@pytest.fixture(scope="session")
def sample_hkex_inputs() -> HkexInputs:
    """The sample inputs, shared by module-wide fixtures (never changed: they are frozen)."""
    return sample_inputs()


@pytest.fixture
def hkex_inputs() -> HkexInputs:
    """The sample inputs, to vary with dataclasses.replace."""
    return sample_inputs()


def sample_programme() -> SupplyChainInputs:
    """FY2025 of the supplier programme: coverage, risk, findings, on-site audits, training."""
    return SupplyChainInputs(
        organisation="Example Trucks Holdings Ltd",
        year=2025,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        coverage=Coverage(
            suppliers=328,
            in_scope=214,
            audited=187,
            on_site_due=9,
            on_site_done=7,
            overdue_at_year_end=27,
        ),
        standards=(
            ScoringStandard("low", D("85"), 1, None, None, "Close findings in the time agreed"),
            ScoringStandard("medium", D("65"), 0, 6, -1, "Conditionally accepted"),
            ScoringStandard("high", None, -1, 3, None, "Orders terminated without a plan"),
        ),
        risk=(RiskCount("low", 141), RiskCount("medium", 37), RiskCount("high", 9)),
        topics=(
            TopicFindings("Environment", 64, 51, 13, 4, D("79.6875")),
            TopicFindings("Labour and human rights", 42, 40, 2, 0, D("95.2381")),
            TopicFindings("Health and safety", 88, 70, 18, 6, D("79.5455")),
            TopicFindings("Ethics and governance", 11, 11, 0, 0, D("100")),
        ),
        on_site=(
            OnSiteResult(
                "Hubei Castings Co.",
                "castings",
                "CN",
                date(2025, 9, 3),
                D("58.5"),
                "high",
                "not_accepted",
                14,
                True,
            ),
            OnSiteResult(
                "Yangtze Paint Ltd",
                "paint",
                "CN",
                date(2025, 4, 17),
                D("71.25"),
                "medium",
                "conditionally_accepted",
                6,
                False,
            ),
        ),
        trainings=(
            TrainingSession("Chemical safety", date(2025, 6, 12), "workshop", 24, 21),
            TrainingSession("Working hours and wages", date(2025, 10, 8), "online", 40, 33),
        ),
        suppliers_trained=47,
        plans=PlanOutcomes(required=46, met=39, missed=3, pending=4, orders_terminated=1),
        esg_weight_pct=D("5"),
    )


@pytest.fixture(scope="session")
def supply_chain_report() -> SupplyChainReport:
    """The FY2025 supply chain report of the sample programme."""
    return build_supply_chain_report(sample_programme(), load_supply_chain_content())


@pytest.fixture
def programme_inputs() -> SupplyChainInputs:
    """The sample programme inputs, to vary with dataclasses.replace."""
    return sample_programme()
