import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import text

from esg_builders import CHECKER, MAKER, organisation, submit
from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError
from supplyesg.domain.submissions import ReviewAction
from supplyesg.services import esg_data
from supplyesg.services.esg_import import import_values
from supplyesg.services.tabular import write_table

HEADER = "entity,metric,period,value,unit,breakdown,source_note,evidence\n"


def _csv(*lines: str) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode()


GOOD = _csv(
    "CQ1,electricity_purchased,2025-01,1250.5,MWh,,Meter EM-01,invoice-2025-01.pdf",
    "CQ1,electricity_purchased,2025-02,1100,MWh,,Meter EM-01,",
    "CQ1,workforce,2025,900,persons,gender=male,HR system,",
    "CQ1,workforce,2025,100,persons,gender=female,HR system,",
    'HK1,water_consumption,FY2025,"1,200",tonnes,,Water bills,',
)


def test_a_good_file_is_imported_as_submitted_values_with_history(db: Database) -> None:
    organisation(db)
    result = import_values(db, GOOD, "values.csv", MAKER)
    assert (result.rows, result.created, result.updated, result.unchanged) == (5, 5, 0, 0)
    page = esg_data.list_values(db, year=2025)
    january = page.items[0].row
    assert (january.value, january.entered_value, january.entered_unit) == (
        Decimal("1250500"),
        Decimal("1250.5"),
        "MWh",
    )
    assert (january.source_note, january.evidence, january.import_id) == (
        "Meter EM-01",
        "invoice-2025-01.pdf",
        result.import_id,
    )
    assert january.submitted_at.tzinfo is not None
    assert abs((january.submitted_at - datetime.now(UTC)).total_seconds()) < 60
    history = esg_data.value_history(db, january.id)
    assert [(h.action, h.actor, h.after_value) for h in history] == [
        ("submit", MAKER, Decimal("1250500"))
    ]
    assert esg_data.year_figures(db, 2025).total("water_consumption") == Decimal("1200")


def test_importing_the_same_file_twice_changes_nothing(db: Database) -> None:
    organisation(db)
    import_values(db, GOOD, "values.csv", MAKER)
    again = import_values(db, GOOD, "values.csv", MAKER)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)


def test_a_corrected_file_replaces_values_still_in_review(db: Database) -> None:
    organisation(db)
    import_values(db, GOOD, "values.csv", MAKER)
    corrected = _csv("CQ1,electricity_purchased,2025-02,1150,MWh,,Meter EM-01,")
    result = import_values(db, corrected, "fix.csv", MAKER)
    assert (result.created, result.updated) == (0, 1)
    february = esg_data.list_values(db, year=2025).items[1].row
    assert february.value == Decimal("1150000")
    changes = esg_data.value_history(db, february.id)
    assert [(c.before_value, c.after_value) for c in changes] == [
        (None, Decimal("1100000")),
        (Decimal("1100000"), Decimal("1150000")),
    ]


def test_every_bad_row_is_reported_and_nothing_is_written(db: Database) -> None:
    organisation(db)
    bad = _csv(
        "CQ1,electricity_purchased,2025-01,100,L,,,",
        "XX9,electricity_purchased,2025-01,100,kWh,,,",
        "CQ1,water_volume,2025,5,m3,,,",
        "CQ1,workforce,2025,12.5,persons,,,",
        "CQ1,workforce,2025-13,12,persons,,,",
        "CQ1,workforce,2025,twelve,persons,gender=other,,",
        "CQ1,water_consumption,2025,10,m3,,,",
        "CQ1,water_consumption,2025,11,m3,,,",
        "CQ1,electricity_purchased,2025-03,5,kWh,,,",
    )
    with pytest.raises(InvalidInputError, match="nothing was imported") as error:
        import_values(db, bad, "bad.csv", MAKER)
    problems = [(p.row, p.field, p.value, p.reason) for p in error.value.problems]
    assert problems == [
        (
            2,
            "unit",
            "L",
            "L measures a volume, but the value must be an energy in kWh (electricity_purchased)",
        ),
        (3, "entity", "XX9", "is not a reporting entity"),
        (4, "metric", "water_volume", "is not a metric of the catalogue"),
        (5, "value", Decimal("12.5"), "Total workforce is counted in whole numbers"),
        (6, "period", "2025-13", "the month must be 01 to 12"),
        (7, "value", "twelve", "is not a number"),
        (9, "period", "FY2025", "the same point is already on row 8"),
    ]
    assert esg_data.list_values(db).items == []


def test_approved_values_are_locked_against_imports(db: Database) -> None:
    organisation(db)
    value_id = submit(db, "HK1", "water_consumption", "2025", "1000", "m3")
    esg_data.review_value(db, value_id, ReviewAction.APPROVE, CHECKER)
    with pytest.raises(InvalidInputError) as error:
        import_values(db, GOOD, "values.csv", MAKER)
    assert [(p.row, p.field) for p in error.value.problems] == [(6, "value")]
    assert "approved and locked" in error.value.problems[0].reason


def test_a_year_cannot_be_entered_both_whole_and_by_month(db: Database) -> None:
    organisation(db)
    submit(db, "CQ1", "electricity_purchased", "2025", "1000000", "kWh")
    with pytest.raises(InvalidInputError) as error:
        import_values(db, GOOD, "values.csv", MAKER)
    (problem,) = error.value.problems
    assert (problem.row, problem.field) == (2, "period")
    assert "mixes a whole year, quarters and months (whole year, months)" in problem.reason


def test_missing_and_unknown_columns_are_named(db: Database) -> None:
    organisation(db)
    with pytest.raises(InvalidInputError) as error:
        import_values(
            db, b"entity,metric,period,value,uint\nCQ1,workforce,2025,1,person\n", "x.csv", MAKER
        )
    assert [(p.row, p.field) for p in error.value.problems] == [(1, "unit"), (1, "uint")]


def test_an_xlsx_file_is_imported_like_a_csv(db: Database) -> None:
    organisation(db)
    target = io.BytesIO()
    write_table(
        target,
        "xlsx",
        ["entity", "metric", "period", "value", "unit"],
        [
            ["CQ1", "diesel_mobile", "2025-Q1", Decimal("3200.5"), "L"],
            ["CQ1", "production_volume", "2025", 12000, "vehicles"],
        ],
    )
    result = import_values(db, target.getvalue(), "values.xlsx", MAKER)
    assert result.created == 2
    figures = esg_data.year_figures(db, 2025)
    assert figures.total("diesel_mobile") == Decimal("3200.5")
    assert figures.total("production_volume") == Decimal("12000")


def test_only_csv_and_xlsx_files_are_read(db: Database) -> None:
    with pytest.raises(InvalidInputError, match=r"neither a \.csv nor an \.xlsx"):
        import_values(db, b"x", "values.txt", MAKER)


def test_a_checker_approves_a_whole_import_in_one_go(db: Database) -> None:
    organisation(db)
    result = import_values(db, GOOD, "values.csv", MAKER)
    with pytest.raises(InvalidInputError, match="none was") as own:
        esg_data.approve_import(db, result.import_id, MAKER)
    assert len(own.value.problems) == 5
    assert esg_data.approve_import(db, result.import_id, CHECKER) == 5
    assert esg_data.approve_import(db, result.import_id, CHECKER) == 0
    figures = esg_data.year_figures(db, 2025, approved_only=True)
    assert figures.total("workforce") == Decimal("1000")
    first = esg_data.list_values(db, year=2025).items[0].row
    assert [c.action for c in esg_data.value_history(db, first.id)] == ["submit", "approve"]


def test_imported_values_store_their_times_like_values_entered_one_by_one(db: Database) -> None:
    organisation(db)
    submit(db, "HK1", "workforce", "2025", "45", "person")
    import_values(db, GOOD, "values.csv", MAKER)
    with db.transaction() as session:
        stored = [row[0] for row in session.execute(text("SELECT submitted_at FROM esg_value"))]
    if db.dialect == "sqlite":
        assert {len(moment) for moment in stored} == {26}  # 2025-01-02 03:04:05.678901
    else:
        assert all(moment.tzinfo is not None for moment in stored)
