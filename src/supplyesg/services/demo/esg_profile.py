"""The figures behind the demo ESG data: a fictional truck maker's plants, FY2023 to FY2025.

Annual amounts are for FY2025; each series has a factor for FY2024 and FY2023, so the demo
tells a plausible story: production grows about 7 % a year while electricity and gas grow less
(energy efficiency work), water falls after a recycling project in 2024, and rooftop solar at
the Xi'an plant is extended every year. Every figure is invented.
"""

from __future__ import annotations

from decimal import Decimal

D = Decimal
YEARS = (2023, 2024, 2025)

GROUP = "ZLT"
SITES = ("ZLT-CQ", "ZLT-CQE", "ZLT-XA", "ZLT-WH", "ZLT-HKO")
PLANTS = SITES[:4]

ENTITIES = (
    # code, name, kind, country, parent, grid region, city
    ("ZLT", "Zhenlu Trucks Group Ltd.", "group", "CN", None, "", "Chongqing"),
    ("ZLT-HT", "Zhenlu Heavy Trucks Co., Ltd.", "subsidiary", "CN", "ZLT", "", "Chongqing"),
    ("ZLT-LT", "Zhenlu Light Trucks Co., Ltd.", "subsidiary", "CN", "ZLT", "", "Xi'an"),
    ("ZLT-HKL", "Zhenlu Trucks (Hong Kong) Limited", "subsidiary", "HK", "ZLT", "HK", "Hong Kong"),
    ("ZLT-CQ", "Chongqing truck assembly plant", "site", "CN", "ZLT-HT", "", "Chongqing"),
    ("ZLT-CQE", "Chongqing engine plant", "site", "CN", "ZLT-HT", "", "Chongqing"),
    ("ZLT-XA", "Xi'an light truck plant", "site", "CN", "ZLT-LT", "", "Xi'an"),
    ("ZLT-WH", "Wuhan axle and cab plant", "site", "CN", "ZLT-LT", "", "Wuhan"),
    ("ZLT-HKO", "Hong Kong office", "site", "HK", "ZLT-HKL", "HK", "Hong Kong"),
)

VEHICLES = {  # vehicles produced by plant and year
    "ZLT-CQ": {2023: 12_900, 2024: 14_100, 2025: 15_200},
    "ZLT-XA": {2023: 28_300, 2024: 30_700, 2025: 32_400},
}

# metric: (unit, {site: FY2025 amount}, FY2024 factor, FY2023 factor, seasonality)
MONTHLY: dict[str, tuple[str, dict[str, Decimal], Decimal, Decimal, str]] = {
    "electricity_purchased": (
        "kWh",
        {"ZLT-CQ": D(14_200_000), "ZLT-CQE": D(9_100_000), "ZLT-XA": D(10_400_000),
         "ZLT-WH": D(6_300_000), "ZLT-HKO": D(262_000)},
        D("0.97"), D("0.95"), "power",
    ),
    "natural_gas_stationary": (
        "m3",
        {"ZLT-CQ": D(1_950_000), "ZLT-CQE": D(1_120_000), "ZLT-XA": D(1_180_000),
         "ZLT-WH": D(580_000)},
        D("0.98"), D("1.02"), "heating",
    ),
    "diesel_mobile": (
        "L",
        {"ZLT-CQ": D(720_000), "ZLT-XA": D(560_000), "ZLT-WH": D(48_000)},
        D("0.95"), D("0.90"), "production",
    ),
    "diesel_stationary": ("L", {"ZLT-CQE": D(18_000), "ZLT-WH": D(6_000)}, D(1), D(1), "flat"),
    "gasoline_mobile": (
        "L", {"ZLT-CQ": D(26_000), "ZLT-XA": D(58_000)}, D("1.05"), D("1.12"), "production"
    ),
    "lpg_stationary": ("kg", {"ZLT-CQ": D(16_500), "ZLT-XA": D(12_800)}, D(1), D(1), "flat"),
    "water_consumption": (
        "m3",
        {"ZLT-CQ": D(268_000), "ZLT-CQE": D(121_000), "ZLT-XA": D(205_000),
         "ZLT-WH": D(83_000), "ZLT-HKO": D(1_900)},
        D("1.01"), D("1.08"), "power",
    ),
    "wastewater_discharged": (
        "m3",
        {"ZLT-CQ": D(188_000), "ZLT-CQE": D(85_000), "ZLT-XA": D(142_000), "ZLT-WH": D(57_000)},
        D("1.01"), D("1.09"), "power",
    ),
}  # fmt: skip

SOLAR = {2023: D(420_000), 2024: D(1_050_000), 2025: D(1_620_000)}  # kWh at ZLT-XA

SEASONS = {
    "production": (85, 55, 85, 85, 87, 85, 80, 80, 87, 82, 90, 99),
    "power": (86, 62, 84, 83, 86, 90, 94, 93, 86, 80, 86, 90),
    "heating": (120, 95, 95, 75, 60, 50, 50, 50, 60, 80, 105, 125),
    "solar": (55, 60, 80, 95, 110, 115, 120, 118, 100, 85, 65, 55),
    "flat": (1,) * 12,
}

# metric: (unit, {site: FY2025 amount}, FY2024 factor, FY2023 factor) -- entered for the year
ANNUAL: dict[str, tuple[str, dict[str, Decimal], Decimal, Decimal]] = {
    "hazardous_waste": (
        "t", {"ZLT-CQ": D("312.4"), "ZLT-CQE": D("148.9"), "ZLT-XA": D("203.6"),
              "ZLT-WH": D("71.2")}, D("0.97"), D("1.04"),
    ),
    "nox_emissions": (
        "t", {"ZLT-CQ": D("11.2"), "ZLT-CQE": D("6.1"), "ZLT-XA": D("7.4"), "ZLT-WH": D("1.6")},
        D("1.03"), D("1.10"),
    ),
    "sox_emissions": (
        "kg", {"ZLT-CQ": D(210), "ZLT-CQE": D(120), "ZLT-XA": D(140), "ZLT-WH": D(40)},
        D("1.02"), D("1.06"),
    ),
    "particulate_emissions": (
        "t", {"ZLT-CQ": D("10.8"), "ZLT-CQE": D("5.2"), "ZLT-XA": D("8.1"), "ZLT-WH": D("2.2")},
        D("1.01"), D("1.05"),
    ),
    "voc_emissions": (
        "t", {"ZLT-CQ": D("14.6"), "ZLT-XA": D("12.1"), "ZLT-WH": D("2.4")}, D("1.04"),
        D("1.12"),
    ),
    "lost_days": (
        "day", {"ZLT-CQ": D(126), "ZLT-CQE": D(58), "ZLT-XA": D(87), "ZLT-WH": D(27)},
        D("1.18"), D("1.31"),
    ),
    "work_injuries": (
        "case", {"ZLT-CQ": D(4), "ZLT-CQE": D(2), "ZLT-XA": D(2), "ZLT-WH": D(1)},
        D("1.30"), D("1.55"),
    ),
    "floor_area": (
        "m2", {"ZLT-CQ": D(412_000), "ZLT-CQE": D(186_000), "ZLT-XA": D(338_000),
               "ZLT-WH": D(121_000), "ZLT-HKO": D(1_450)}, D(1), D(1),
    ),
    "steel_purchased": ("t", {"ZLT-CQ": D(9_870), "ZLT-XA": D(18_120)}, D("0.93"), D("0.86")),
}  # fmt: skip

NON_HAZARDOUS = {  # t in FY2025 by waste type; FY2024 x0.98, FY2023 x1.03
    "ZLT-CQ": {"domestic": D("1042.5"), "timber": D("141.0"), "metal_scrap": D("388.2"),
               "other": D("96.4")},
    "ZLT-CQE": {"domestic": D("402.8"), "metal_scrap": D("512.7"), "other": D("44.1")},
    "ZLT-XA": {"domestic": D("911.3"), "timber": D("98.6"), "metal_scrap": D("301.9"),
               "other": D("77.5")},
    "ZLT-WH": {"domestic": D("318.0"), "timber": D("52.3"), "metal_scrap": D("264.8")},
    "ZLT-HKO": {"domestic": D("6.2")},
}  # fmt: skip

PACKAGING = {  # t in FY2025 by material (spare parts dispatched); FY2024 x0.96, FY2023 x0.92
    "ZLT-WH": {"wood": D("412.5"), "paper": D("236.8"), "plastic": D("58.3"), "metal": D("21.6")},
    "ZLT-CQ": {"wood": D("118.2"), "paper": D("64.9"), "plastic": D("17.4")},
}  # fmt: skip

WORKFORCE = {  # people at year end
    "ZLT-CQ": {2023: 1_050, 2024: 1_070, 2025: 1_085},
    "ZLT-CQE": {2023: 498, 2024: 505, 2025: 512},
    "ZLT-XA": {2023: 900, 2024: 925, 2025: 946},
    "ZLT-WH": {2023: 427, 2024: 440, 2025: 452},
    "ZLT-HKO": {2023: 45, 2024: 45, 2025: 45},
}

PLANT_SHARES = {
    "gender": {"male": 86, "female": 14},
    "employment_type": {"full_time": 98, "part_time": 2},
    "age_group": {"under_30": 22, "30_to_50": 58, "over_50": 20},
    "region": {"mainland_china": 100},
    "employee_category": {"senior_management": 12, "middle_management": 80, "general_staff": 908},
}
OFFICE_SHARES = {
    "gender": {"male": 45, "female": 55},
    "employment_type": {"full_time": 93, "part_time": 7},
    "age_group": {"under_30": 20, "30_to_50": 62, "over_50": 18},
    "region": {"hong_kong": 39, "overseas": 6},
    "employee_category": {"senior_management": 8, "middle_management": 25, "general_staff": 67},
}
LEAVER_SHARES = {
    "gender": {"male": 80, "female": 20},
    "age_group": {"under_30": 45, "30_to_50": 42, "over_50": 13},
}
TURNOVER = {2023: D("0.064"), 2024: D("0.058"), 2025: D("0.053")}
TRAINED = {"senior_management": D("1"), "middle_management": D("0.96"), "general_staff": D("0.88")}
HOURS = {"senior_management": D(32), "middle_management": D(38), "general_staff": D(26)}

GROUP_FIGURES: dict[str, tuple[str, dict[int, Decimal]]] = {
    "revenue": ("CNY", {2023: D("9812000000"), 2024: D("10634000000"), 2025: D("11418000000")}),
    "vehicles_sold": ("vehicle", {2023: D(40_850), 2024: D(44_420), 2025: D(47_210)}),
    "vehicles_recalled": ("vehicle", {2023: D(0), 2024: D(126), 2025: D(0)}),
    "product_complaints": ("case", {2023: D(86), 2024: D(71), 2025: D(64)}),
    "corruption_cases": ("case", {2023: D(0), 2024: D(0), 2025: D(0)}),
    "work_fatalities": ("person", {2023: D(0), 2024: D(0), 2025: D(0)}),
}
DONATIONS = {  # CNY by focus area
    2023: {"education": D(1_200_000), "health": D(350_000), "environment": D(280_000)},
    2024: {"education": D(1_300_000), "health": D(380_000), "environment": D(420_000),
           "culture_sport": D(150_000)},
    2025: {"education": D(1_350_000), "health": D(400_000), "environment": D(460_000),
           "culture_sport": D(160_000)},
}  # fmt: skip
VOLUNTEERING = {  # hours by focus area
    2023: {"education": D(2_400), "environment": D(1_100)},
    2024: {"education": D(2_650), "environment": D(1_380), "labour_needs": D(500)},
    2025: {"education": D(2_800), "environment": D(1_520), "labour_needs": D(560)},
}
