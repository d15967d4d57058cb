import io
from decimal import Decimal

import pytest

from planning_builders import rating, supplier
from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError
from supplyesg.domain.periods import Quarter
from supplyesg.domain.scorecard import ComponentWeight
from supplyesg.services import scorecard, tabular

Q1, Q2, Q3 = Quarter(2026, 1), Quarter(2026, 2), Quarter(2026, 3)


def weights(*pairs: tuple[str, str]) -> list[ComponentWeight]:
    return [ComponentWeight(name, Decimal(value)) for name, value in pairs]


def csv(text: str) -> bytes:
    return text.strip().replace("\n", "\r\n").encode()


def test_the_shipped_weights_apply_until_a_set_is_saved(db: Database) -> None:
    found = scorecard.weights_for(db, Q1)
    assert found.effective_from is None
    assert [(c.component, c.weight_percent) for c in found.weights.components] == [
        ("quality", Decimal(35)),
        ("delivery", Decimal(30)),
        ("cost", Decimal(20)),
        ("service", Decimal(10)),
        ("esg", Decimal(5)),
    ]


def test_saved_weights_apply_from_their_quarter_on(db: Database) -> None:
    scorecard.set_weights(db, Q2, weights(("quality", "60"), ("esg", "40")), "buyer")
    scorecard.set_weights(db, Q3, weights(("quality", "98"), ("esg", "2")), "buyer")
    assert scorecard.weights_for(db, Q1).effective_from is None
    assert scorecard.weights_for(db, Q2).weights.names == ("quality", "esg")
    assert scorecard.weights_for(db, Quarter(2027, 4)).weights.weight_of("esg") == Decimal(2)
    assert [w.effective_from for w in scorecard.weight_history(db)] == [Q2, Q3]
    # saving a quarter again replaces its set
    scorecard.set_weights(db, Q2, weights(("delivery", "50"), ("esg", "50")), "buyer")
    assert scorecard.weights_for(db, Q2).weights.names == ("delivery", "esg")


def test_an_esg_weight_below_the_policy_minimum_is_refused(db: Database) -> None:
    with pytest.raises(InvalidInputError) as refused:
        scorecard.set_weights(db, Q1, weights(("quality", "99.5"), ("esg", "0.5")), "buyer")
    assert [(p.field, p.reason) for p in refused.value.problems] == [
        (
            "components[2].weight_percent",
            "the ESG weight must be at least 1% of the scorecard (manual section 3)",
        )
    ]
    assert scorecard.weight_history(db) == []


def test_a_score_file_is_imported_whole(db: Database) -> None:
    supplier(db, "S1")
    supplier(db, "S2")
    result = scorecard.import_file(
        db,
        csv(
            """
supplier_code,quarter,quality,delivery,cost,service
S1,2026Q1,80,90,70,60
S2,2026Q1,95.5,,85,
S1,2025-Q4,70,70,70,70
"""
        ),
        "scores.csv",
    )
    assert (result.rows, result.scores, result.quarters) == (3, 10, (Quarter(2025, 4), Q1))
    # a second import of the same keys replaces the scores, blank cells leave them alone
    scorecard.import_file(db, csv("supplier_code,quarter,quality,cost\nS1,2026Q1,81,"), "fix.csv")
    card = scorecard.quarter_scorecard(db, Q1)
    s1 = next(line for line in card.categories["software"] if line.supplier_code == "S1")
    assert {p.component: p.score for p in s1.composite.parts} == {
        "quality": Decimal(81),
        "delivery": Decimal(90),
        "cost": Decimal(70),
        "service": Decimal(60),
        "esg": None,
    }


def test_a_bad_score_file_changes_nothing_and_lists_every_problem(db: Database) -> None:
    supplier(db, "S1")
    with pytest.raises(InvalidInputError) as refused:
        scorecard.import_file(
            db,
            csv(
                """
supplier_code,quarter,quality,delivery
S1,2026Q1,80,101
NOPE,2026Q1,80,80
S1,2026Q9,80,80
S1,2026Q2,80,80
S1,2026Q1,80,80
"""
            ),
            "scores.csv",
        )
    assert [(p.row, p.field) for p in refused.value.problems] == [
        (2, "delivery"),
        (3, "supplier_code"),
        (4, "quarter"),
        (6, "supplier_code"),  # 2026Q1 of S1 again
    ]
    assert refused.value.detail == "scores.csv was not imported: 4 problem(s); nothing was changed."
    assert scorecard.quarter_scorecard(db, Q2).categories == {}


def test_an_esg_column_is_refused_because_esg_comes_from_the_rating(db: Database) -> None:
    with pytest.raises(InvalidInputError) as refused:
        scorecard.import_file(db, csv("supplier_code,quarter,esg\nS1,2026Q1,100"), "s.csv")
    assert (
        refused.value.problems[0].reason == "the ESG component comes from the quarterly ESG rating"
    )


def test_an_xlsx_file_is_imported_like_a_csv(db: Database) -> None:
    supplier(db, "S1")
    buffer = io.BytesIO()
    tabular.write_table(
        buffer, "xlsx", ["supplier_code", "quarter", "quality"], [["S1", "2026Q1", Decimal("88.5")]]
    )
    result = scorecard.import_file(db, buffer.getvalue(), "scores.xlsx")
    assert (result.rows, result.scores) == (1, 1)


def test_the_quarter_is_ranked_per_category_with_the_esg_rating(db: Database) -> None:
    supplier(db, "A1", category="axles")
    supplier(db, "A2", category="axles")
    supplier(db, "A3", category="axles")
    supplier(db, "S1", category="steel")
    scorecard.import_file(
        db,
        csv(
            """
supplier_code,quarter,quality,delivery,cost,service
A1,2026Q1,80,90,70,60
A2,2026Q1,80,90,70,60
A3,2026Q1,80,90,70,60
S1,2026Q1,50,50,50,50
"""
        ),
        "scores.csv",
    )
    rating(db, "A1", "2026Q1", "rated", 1)
    rating(db, "A2", "2026Q1", "rated", -1)
    rating(db, "A3", "2026Q1", "audit_overdue", None)
    supplier(db, "A4", category="axles")
    rating(db, "A4", "2026Q1", "rated", 1)  # rated, but no operational score: not on the card
    card = scorecard.quarter_scorecard(db, Q1)
    # 35%*80 + 30%*90 + 20%*70 + 10%*60 = 75; plus 5% of ESG (100, 0, overdue = 0)
    assert [
        (line.rank, line.supplier_code, line.composite.score) for line in card.categories["axles"]
    ] == [
        (1, "A1", Decimal("80.00")),
        (2, "A2", Decimal("75.00")),
        (2, "A3", Decimal("75.00")),
    ]
    steel = card.categories["steel"][0]
    assert (steel.rank, steel.composite.score, steel.composite.is_complete) == (
        1,
        Decimal("50.00"),
        False,
    )
    assert list(scorecard.quarter_scorecard(db, Q1, "steel").categories) == ["steel"]


def test_a_supplier_history_covers_eight_quarters(db: Database) -> None:
    supplier(db, "S1")
    scorecard.import_file(
        db, csv("supplier_code,quarter,quality\nS1,2025Q2,60\nS1,2026Q1,90"), "scores.csv"
    )
    rating(db, "S1", "2026Q1", "rated", 0)
    history = scorecard.supplier_history(db, "S1", Q1)
    assert [str(h.quarter) for h in history] == [
        "2024Q2",
        "2024Q3",
        "2024Q4",
        "2025Q1",
        "2025Q2",
        "2025Q3",
        "2025Q4",
        "2026Q1",
    ]
    assert [h.composite.score for h in history] == [
        None,
        None,
        None,
        None,
        Decimal("60.00"),
        None,
        None,
        Decimal("85.00"),  # (35% x 90 + 5% x 50) / 40%
    ]
