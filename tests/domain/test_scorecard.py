from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supplyesg.domain.errors import InvalidInputError
from supplyesg.domain.periods import Quarter
from supplyesg.domain.policy import Policy
from supplyesg.domain.rating import RatingState
from supplyesg.domain.scorecard import (
    ComponentWeight,
    CompositeScore,
    EsgRating,
    ScoredSupplier,
    ScoreRow,
    Weights,
    component_score_problems,
    composite_score,
    duplicate_problems,
    esg_component,
    min_esg_weight_percent,
    parse_score_row,
    rank_by_category,
    score_header_problems,
    scorecard_weights,
    weights_problems,
)

POLICY = Policy()


def weights(*pairs: tuple[str, str]) -> list[ComponentWeight]:
    return [ComponentWeight(name, Decimal(value)) for name, value in pairs]


OVERDUE = EsgRating(RatingState.AUDIT_OVERDUE, None)
STANDARD = Weights(
    tuple(
        weights(
            ("quality", "40"), ("delivery", "30"), ("cost", "15"), ("service", "10"), ("esg", "5")
        )
    )
)


def test_the_policy_minimum_is_one_percent() -> None:
    assert min_esg_weight_percent(POLICY) == Decimal(1)


@pytest.mark.parametrize(
    "pairs",
    [
        (("quality", "99"), ("esg", "1")),  # exactly the minimum
        (("quality", "33.33"), ("delivery", "33.33"), ("cost", "32.34"), ("esg", "1")),
        (("esg", "100"),),
    ],
)
def test_weights_adding_up_to_100_with_enough_esg_are_accepted(
    pairs: tuple[tuple[str, str], ...],
) -> None:
    assert weights_problems(weights(*pairs), POLICY) == []


@pytest.mark.parametrize(
    ("pairs", "field", "reason_part"),
    [
        ((("quality", "99.01"), ("esg", "0.99")), "components[2].weight_percent", "at least 1%"),
        ((("quality", "100"),), "components", "must have an 'esg' component"),
        ((("quality", "90"), ("esg", "5")), "components", "add up to 95%"),
        ((("quality", "90"), ("esg", "15")), "components", "add up to 105%"),
        ((("quality", "0"), ("esg", "100")), "components[1].weight_percent", "more than 0"),
        ((("quality", "-5"), ("esg", "100")), "components[1].weight_percent", "more than 0"),
        ((("Quality", "95"), ("esg", "5")), "components[1].component", "lowercase"),
        ((("esg", "50"), ("esg", "50")), "components[2].component", "twice"),
        ((("quality", "NaN"), ("esg", "5")), "components[1].weight_percent", "more than 0"),
    ],
)
def test_each_broken_weight_rule_names_its_field(
    pairs: tuple[tuple[str, str], ...], field: str, reason_part: str
) -> None:
    problems = weights_problems(weights(*pairs), POLICY)
    assert [p.field for p in problems] == [field]
    assert reason_part in problems[0].reason


def test_a_stricter_policy_raises_the_esg_minimum() -> None:
    strict = replace(POLICY, min_esg_weight=Decimal("0.05"))
    problems = weights_problems(weights(("quality", "96"), ("esg", "4")), strict)
    assert (
        problems[0].reason
        == "the ESG weight must be at least 5% of the scorecard (manual section 3)"
    )


def test_refused_weights_raise_with_every_problem() -> None:
    with pytest.raises(InvalidInputError) as refused:
        scorecard_weights(weights(("quality", "89.5"), ("esg", "0.5")), POLICY)
    assert [p.field for p in refused.value.problems] == [
        "components[2].weight_percent",
        "components",
    ]


def rated(score: int) -> EsgRating:
    return EsgRating(RatingState.RATED, score)


@pytest.mark.parametrize(
    ("rating", "score", "rule"),
    [
        (rated(1), Decimal(100), "scorecard.esg.rated"),
        (rated(0), Decimal(50), "scorecard.esg.rated"),
        (rated(-1), Decimal(0), "scorecard.esg.rated"),
        (None, None, "scorecard.esg.not_rated"),
        (EsgRating(RatingState.NOT_RATED, None), None, "scorecard.esg.not_rated"),
        (EsgRating(RatingState.TERMINATED, None), None, "scorecard.esg.not_rated"),
        (EsgRating(RatingState.AUDIT_OVERDUE, None), Decimal(0), "scorecard.esg.audit_overdue"),
    ],
)
def test_the_esg_rating_maps_onto_the_scorecard_scale(
    rating: EsgRating | None, score: Decimal | None, rule: str
) -> None:
    value, reason = esg_component(rating)
    assert (value, reason.rule) == (score, rule)


@pytest.mark.parametrize(
    ("value", "refused"),
    [
        ("0", False),
        ("100", False),
        ("99.999", False),
        ("-0.01", True),
        ("100.01", True),
        ("NaN", True),
    ],
)
def test_a_component_score_is_from_0_to_100(value: str, refused: bool) -> None:
    assert bool(component_score_problems(Decimal(value))) is refused


def scores(**values: str) -> dict[str, Decimal]:
    return {name: Decimal(value) for name, value in values.items()}


@pytest.mark.parametrize(
    ("component_scores", "rating", "expected", "complete"),
    [
        # 0.40*80 + 0.30*90 + 0.15*70 + 0.10*60 + 0.05*100 = 32 + 27 + 10.5 + 6 + 5
        (scores(quality="80", delivery="90", cost="70", service="60"), rated(1), "80.50", True),
        (scores(quality="80", delivery="90", cost="70", service="60"), rated(0), "78.00", True),
        (scores(quality="80", delivery="90", cost="70", service="60"), rated(-1), "75.50", True),
        # audit overdue: ESG counts as 0, nothing is shared
        (scores(quality="80", delivery="90", cost="70", service="60"), OVERDUE, "75.50", True),
        # not rated: (32 + 27 + 10.5 + 6) / 0.95 = 79.47...
        (scores(quality="80", delivery="90", cost="70", service="60"), None, "79.47", False),
        # only ESG known: ESG is added to operational scores, it is not one
        ({}, rated(0), None, False),
        # delivery missing: (0.40*100 + 0.15*100 + 0.10*100 + 0.05*0) / 0.70 = 92.857...
        (scores(quality="100", cost="100", service="100"), rated(-1), "92.86", False),
        ({}, None, None, False),
    ],
)
def test_the_composite_weighs_the_scored_components(
    component_scores: dict[str, Decimal],
    rating: EsgRating | None,
    expected: str | None,
    complete: bool,
) -> None:
    result = composite_score(STANDARD, component_scores, rating)
    assert result.score == (Decimal(expected) if expected else None)
    assert result.is_complete is complete


def test_an_unrated_supplier_has_its_esg_weight_shared_and_says_so() -> None:
    result = composite_score(
        STANDARD, scores(quality="80", delivery="90", cost="70", service="60"), None
    )
    esg = result.parts[-1]
    assert (esg.component, esg.score, esg.effective_weight_percent) == ("esg", None, Decimal(0))
    quality = result.parts[0]
    assert quality.effective_weight_percent.quantize(Decimal("0.01")) == Decimal("42.11")
    assert [r.text for r in result.reasons] == [
        "ESG not rated this quarter",
        "not scored: esg; their 5% is shared among the scored components "
        "in proportion to their weights",
    ]


def test_a_rated_supplier_is_told_how_the_rating_counts() -> None:
    result = composite_score(
        STANDARD, scores(quality="80", delivery="90", cost="70", service="60"), rated(-1)
    )
    assert [r.text for r in result.reasons] == ["quarterly ESG rating -1 counts as 0"]


def test_an_imported_esg_score_is_ignored_in_favour_of_the_rating() -> None:
    result = composite_score(
        Weights(tuple(weights(("quality", "50"), ("esg", "50")))),
        scores(quality="100", esg="100"),
        rated(-1),
    )
    assert result.score == Decimal("50.00")


def test_a_component_off_the_scorecard_does_not_count() -> None:
    result = composite_score(
        Weights(tuple(weights(("quality", "50"), ("esg", "50")))),
        scores(quality="60", price="0"),
        rated(1),
    )
    assert result.score == Decimal("80.00")


@given(
    st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=4, max_size=4),
    st.sampled_from([rated(1), rated(0), rated(-1), None]),
)
def test_a_composite_stays_within_its_component_scores(
    values: list[Decimal], rating: EsgRating | None
) -> None:
    named = dict(zip(("quality", "delivery", "cost", "service"), values, strict=True))
    result = composite_score(STANDARD, named, rating)
    esg, _ = esg_component(rating)
    known = [*values, *([esg] if esg is not None else [])]
    assert result.score is not None
    assert min(known) <= result.score <= max(known)
    assert sum(p.effective_weight_percent for p in result.parts).quantize(Decimal("0.0001")) == 100


def entry(code: str, category: str, score: str | None) -> ScoredSupplier:
    composite = CompositeScore(Decimal(score) if score else None, (), True, ())
    return ScoredSupplier(code, category, composite)


def test_suppliers_are_ranked_best_first_within_their_category() -> None:
    ranked = rank_by_category(
        [
            entry("S3", "axles", "70.00"),
            entry("S1", "axles", "85.50"),
            entry("S9", "steel", "60.00"),
            entry("S2", "axles", "85.50"),
            entry("S4", "axles", "90.00"),
            entry("S5", "axles", None),
        ]
    )
    assert list(ranked) == ["axles", "steel"]
    assert [(r.rank, r.scored.supplier_code) for r in ranked["axles"]] == [
        (1, "S4"),
        (2, "S1"),  # equal scores share the rank, in code order
        (2, "S2"),
        (4, "S3"),
        (None, "S5"),  # no score: not ranked, listed last
    ]
    assert [(r.rank, r.scored.supplier_code) for r in ranked["steel"]] == [(1, "S9")]


def test_ranking_nobody_gives_no_category() -> None:
    assert rank_by_category([]) == {}


@pytest.mark.parametrize(
    ("columns", "fields"),
    [
        (["supplier_code", "quarter", "quality", "delivery"], []),
        (["supplier_code", "quality"], ["columns"]),
        (["quarter", "quality"], ["columns"]),
        (["supplier_code", "quarter", "esg"], ["esg"]),
        (["supplier_code", "quarter", "Quality Score"], ["Quality Score"]),
        (["supplier_code", "quarter", "cost", "cost"], ["cost"]),
    ],
)
def test_a_score_file_names_the_supplier_the_quarter_and_components(
    columns: list[str], fields: list[str]
) -> None:
    problems = score_header_problems(columns)
    assert [p.field for p in problems] == fields
    assert all(p.row == 1 for p in problems)


def components_of(quarter: Quarter) -> tuple[str, ...]:
    # the service component was dropped from 2026Q1 on
    return ("quality", "service", "esg") if quarter < Quarter(2026, 1) else ("quality", "esg")


@pytest.mark.parametrize(
    ("cells", "scores", "problems"),
    [
        (
            {"supplier_code": "S1", "quarter": "2025Q4", "quality": "88.5", "service": "70"},
            {"quality": Decimal("88.5"), "service": Decimal(70)},
            [],
        ),
        (
            {"supplier_code": "S1", "quarter": "2026-Q1", "quality": " 100 "},
            {"quality": Decimal(100)},
            [],
        ),
        ({"supplier_code": "S1", "quarter": "2026Q1", "quality": ""}, {}, []),  # blank: no score
        (
            {"supplier_code": "S1", "quarter": "2026Q1", "service": "70"},
            {},
            [("service", "is not a component of the scorecard in force in 2026Q1")],
        ),
        (
            {"supplier_code": "S1", "quarter": "2026Q1", "quality": "100.5"},
            {},
            [("quality", "must be a number from 0 to 100")],
        ),
        (
            {"supplier_code": "S1", "quarter": "2026Q1", "quality": "high"},
            {},
            [("quality", "must be a number from 0 to 100")],
        ),
        (
            {"supplier_code": "S1", "quarter": "2026Q1", "quality": "Infinity"},
            {},
            [("quality", "must be a number from 0 to 100")],
        ),
        (
            {"supplier_code": "", "quarter": "2026Q5", "quality": "80"},
            None,
            [("supplier_code", "is required"), ("quarter", "must be a quarter such as 2026Q1")],
        ),
    ],
)
def test_each_score_row_is_read_or_refused_with_its_row_number(
    cells: dict[str, str],
    scores: dict[str, Decimal] | None,
    problems: list[tuple[str, str]],
) -> None:
    parsed, found = parse_score_row(7, cells, components_of)
    assert [(p.field, p.reason) for p in found] == problems
    assert all(p.row == 7 for p in found)
    assert (parsed.scores if parsed else None) == scores


def test_a_supplier_quarter_may_appear_once_in_a_file() -> None:
    rows = [
        ScoreRow(2, "S1", Quarter(2026, 1), {}),
        ScoreRow(3, "S1", Quarter(2026, 2), {}),
        ScoreRow(4, "S1", Quarter(2026, 1), {}),
    ]
    assert [(p.row, p.reason) for p in duplicate_problems(rows)] == [
        (4, "2026Q1 of this supplier is already on row 2")
    ]


def test_a_rating_without_operational_scores_makes_no_composite() -> None:
    result = composite_score(STANDARD, {}, rated(1))
    assert (result.score, result.is_complete) == (None, False)
    assert result.reasons[-1].text == (
        "no operational component is scored: no composite score (ESG alone is not one)"
    )


def test_a_scorecard_of_esg_alone_is_the_rating() -> None:
    esg_only = Weights(tuple(weights(("esg", "100"))))
    assert composite_score(esg_only, {}, rated(0)).score == Decimal("50.00")
