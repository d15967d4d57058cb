"""The planning demo data: weights, eight quarters of scores, risk review, trainings."""

from __future__ import annotations

from decimal import Decimal

from supplyesg.db.session import Database
from supplyesg.domain.periods import Quarter
from supplyesg.domain.risk import FactorKind
from supplyesg.domain.training import AssignmentStatus
from supplyesg.services import risk, scorecard, training
from supplyesg.services.demo import planning, registry


def test_the_planning_demo_loads_on_the_demo_supply_base(db: Database) -> None:
    registry.load(db)
    stages: list[str] = []
    planning.load(db, lambda stage, done, total: stages.append(stage))
    assert stages[-1] == "Planning: training"

    history = scorecard.weight_history(db)
    assert [(str(w.effective_from), w.weights.weight_of("esg")) for w in history] == [
        ("2024Q4", Decimal(5)),
        ("2026Q1", Decimal(10)),
    ]

    card = scorecard.quarter_scorecard(db, Quarter(2026, 3))
    lines = [line for lines in card.categories.values() for line in lines]
    assert len(lines) > 100
    assert all(line.composite.score is not None for line in lines)
    assert all(Decimal(30) <= (line.composite.score or 0) <= Decimal(100) for line in lines)
    assert {lines[0].rank for lines in card.categories.values()} == {1}
    first = lines[0].supplier_code
    history_of_first = scorecard.supplier_history(db, first, Quarter(2026, 3))
    assert all(h.composite.score is not None for h in history_of_first)

    saved = [e for e in risk.list_factors(db, FactorKind.COUNTRY) if e.is_saved]
    assert [(e.factor.key, e.factor.level) for e in saved] == [("MX", "high")]

    programmes = training.list_programmes(db)
    assert len(programmes) == 5
    held, coming = programmes[:3], programmes[3:]
    assert all(0 < p.completed <= p.expected for p in held)
    assert all(p.counts[AssignmentStatus.PROPOSED] == 0 for p in held)
    assert all(p.counts[AssignmentStatus.ATTENDED] + p.completed == 0 for p in coming)
    assert coming[0].counts[AssignmentStatus.PROPOSED] > 0
    trained = training.supplier_trainings(
        db, training.get_programme(db, held[0].programme.id)[1][0].supplier_code
    )
    assert trained[-1].programme.topic == "Working hours, overtime and rest days"
