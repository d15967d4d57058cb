from decimal import Decimal

import pytest

from supplyesg.domain.figures import MONTHS, DataPoint, Figure
from supplyesg.domain.intensity import Intensity
from supplyesg.domain.metrics import (
    Breakdown,
    Catalogue,
    Dimension,
    KpiRequirement,
    KpiSource,
    Member,
    Metric,
    Quantity,
)
from supplyesg.domain.organisation import WHOLE_YEAR
from supplyesg.domain.quality import (
    IssueKind,
    QualityPolicy,
    Series,
    Severity,
    breakdown_issues,
    incomplete_years,
    missing_kpis,
    ordered,
    power_of_ten,
    powers_of_ten,
    unexplained_changes,
    unit_mismatches,
    zero_intensities,
)

D = Decimal
POLICY = QualityPolicy()
CATALOGUE = Catalogue(
    "t",
    "T",
    (Dimension("gender", "Gender", (Member("female", "F"), Member("male", "M"))),),
    (
        Metric("electricity", "Electricity", Quantity.ENERGY, "kWh", kpis=("A2.1",)),
        Metric(
            "workforce",
            "Workforce",
            Quantity.COUNT,
            "person",
            kpis=("B1.1",),
            breakdowns=("gender",),
        ),
    ),
    (),
    (
        KpiRequirement("A2.1", "Energy", "comply_or_explain", KpiSource.ENTERED),
        KpiRequirement("B1.1", "Workforce", "comply_or_explain", KpiSource.ENTERED),
        KpiRequirement("B5.1", "Suppliers", "comply_or_explain", KpiSource.SUPPLIER_PROGRAMME),
        KpiRequirement("X.1", "Optional", "recommended", KpiSource.ENTERED),
    ),
)


def test_comply_or_explain_kpis_without_figures_or_explanation_are_listed() -> None:
    issues = missing_kpis(CATALOGUE, answered={"A2.1"}, explained={"B1.1"})
    assert [(i.kind, i.kpi, i.severity) for i in issues] == [
        (IssueKind.MISSING_KPI, "B5.1", Severity.WARNING)
    ]
    assert "supplier data" in issues[0].message


def _figure(metric: str, total: str | None, year: int = 2025, *parts: tuple[str, str]) -> Figure:
    return Figure(
        metric,
        "GRP",
        year,
        D(total) if total is not None else None,
        tuple((Breakdown.from_key(k), D(v)) for k, v in parts),  # type: ignore[misc]
    )


@pytest.mark.parametrize(
    ("current", "previous", "explained", "flagged"),
    [
        ("125", "100", set(), True),
        ("79", "100", set(), True),
        ("120", "100", set(), False),
        ("80", "100", set(), False),
        ("150", "100", {"electricity"}, False),
        ("150", "0", set(), False),
    ],
)
def test_changes_beyond_the_threshold_need_an_explanation(
    current: str, previous: str, explained: set[str], flagged: bool
) -> None:
    issues = unexplained_changes(
        [_figure("electricity", current)],
        {"electricity": _figure("electricity", previous, 2024)},
        explained,
        POLICY,
    )
    assert bool(issues) is flagged


def test_a_change_issue_says_by_how_much() -> None:
    (issue,) = unexplained_changes(
        [_figure("electricity", "125")],
        {"electricity": _figure("electricity", "100", 2024)},
        set(),
        POLICY,
    )
    assert issue.message.startswith("electricity changed by +25.0 % from FY2024")
    assert (issue.value, issue.expected) == (D("125"), D("100"))


@pytest.mark.parametrize(
    ("value", "history", "exponent"),
    [
        (D("3950000"), [D("3900"), D("4000"), D("3980")], 3),
        (D("3.95"), [D("3900"), D("4000")], -3),
        (D("41000"), [D("4000"), D("4100")], 1),
        (D("5200"), [D("4000"), D("4100")], None),
        (D("25000"), [D("4000"), D("4100")], None),
        (D("0"), [D("4000")], None),
        (D("4000"), [], None),
        (D("4000"), [D("0")], None),
    ],
)
def test_values_off_by_a_power_of_ten_against_their_history(
    value: Decimal, history: list[Decimal], exponent: int | None
) -> None:
    assert power_of_ten(value, history, POLICY.power_of_ten_margin) == exponent


def test_a_power_of_ten_issue_names_the_usual_value() -> None:
    series = Series(
        "electricity", "SITE", "", "FY2025-M03", D("350000"), (D("340"), D("360")), "kWh"
    )
    (issue,) = powers_of_ten([series], POLICY)
    assert issue.kind is IssueKind.POWER_OF_TEN
    assert "about 10^3 times its usual value (350 kWh)" in issue.message


def _point(slice_index: int, unit: str, entered: str) -> DataPoint:
    return DataPoint("SITE", "electricity", 2025, MONTHS[slice_index], D("1"), None, unit, entered)


def test_a_month_entered_in_another_unit_than_its_series_is_flagged() -> None:
    points = [_point(i, "kWh", "kWh") for i in range(11)] + [_point(11, "kWh", "MWh")]
    (issue,) = unit_mismatches(points, CATALOGUE)
    assert (issue.severity, issue.period) == (Severity.WARNING, "FY2025-M12")
    assert "entered in MWh" in issue.message


def test_a_value_stored_in_a_unit_the_metric_no_longer_uses_must_be_fixed() -> None:
    (issue,) = unit_mismatches([_point(0, "MWh", "MWh")], CATALOGUE)
    assert issue.severity is Severity.ERROR
    assert "stored in MWh" in issue.message


def test_intensities_that_print_as_zero_are_flagged() -> None:
    small = Intensity("nox", "production_volume", 2025, D("0.000534"), "t/vehicle")
    large = Intensity("water", "production_volume", 2025, D("14.29"), "m3/vehicle")
    (issue,) = zero_intensities([small, large], POLICY)
    assert issue.metric == "nox"
    assert "5.340E-4" in issue.message


def test_breakdowns_must_add_up_and_required_ones_must_be_there() -> None:
    good = _figure("workforce", "100", 2025, ("gender=female", "40"), ("gender=male", "60"))
    bad = _figure("workforce", "100", 2025, ("gender=female", "40"), ("gender=male", "59"))
    bare = _figure("workforce", "100")
    assert breakdown_issues([good], CATALOGUE, POLICY) == []
    (mismatch,) = breakdown_issues([bad], CATALOGUE, POLICY)
    assert (mismatch.kind, mismatch.value, mismatch.expected) == (
        IssueKind.BREAKDOWN_MISMATCH,
        D("99"),
        D("100"),
    )
    (missing,) = breakdown_issues([bare], CATALOGUE, POLICY)
    assert (missing.kind, missing.breakdown) == (IssueKind.MISSING_BREAKDOWN, "gender")


def test_a_year_entered_by_month_must_have_every_month() -> None:
    points = [_point(i, "kWh", "kWh") for i in range(10)]
    points.append(DataPoint("SITE2", "electricity", 2025, WHOLE_YEAR, D("5")))
    (issue,) = incomplete_years(points)
    assert issue.message == "electricity at SITE has no value for M11, M12 of FY2025"


def test_errors_come_before_warnings() -> None:
    warnings = missing_kpis(CATALOGUE, set(), set())
    errors = incomplete_years([_point(0, "kWh", "kWh")])
    assert [i.severity for i in ordered([*warnings, *errors])][:2] == [
        Severity.ERROR,
        Severity.WARNING,
    ]
