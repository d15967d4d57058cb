"""The demo programme planning: scorecard weights and scores, risk table reviews, training.

Loaded after the programme's audits and ratings, through the same services a user calls:

- the scorecard weights of 2024Q4, and a review from 2026Q1 that doubles the ESG weight;
- eight quarters (2024Q4 to 2026Q3) of quality, delivery, cost and service scores for every
  first-tier supplier, imported as a score file would be, each supplier with its own level
  and quarter-to-quarter drift;
- two saved entries of the inherent-risk tables, as a programme owner's yearly review;
- five training programmes: three already held, whose attendees were proposed from the risk
  register of the time and then attended (or not) and completed, and two still to come,
  with their proposals.

The same seed always gives the same data.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from supplyesg.db.repositories.suppliers import SupplierFilter
from supplyesg.db.session import Database
from supplyesg.domain.audits import RiskLevel
from supplyesg.domain.periods import Quarter
from supplyesg.domain.risk import FactorKind
from supplyesg.domain.scorecard import ComponentWeight
from supplyesg.domain.training import AssignmentStatus, TrainingFormat, TrainingProgramme
from supplyesg.services import risk, scorecard, suppliers, training
from supplyesg.services.supplier_files import Progress
from supplyesg.services.tabular import Table

SEED = 20261122
ACTOR = "demo data"
FIRST_QUARTER, LAST_QUARTER = Quarter(2024, 4), Quarter(2026, 3)
HORIZON = date(2026, 11, 20)
COMPONENTS = ("quality", "delivery", "cost", "service")

WEIGHTS = {
    FIRST_QUARTER: (("quality", "35"), ("delivery", "30"), ("cost", "20"), ("service", "10")),
    Quarter(2026, 1): (("quality", "30"), ("delivery", "30"), ("cost", "20"), ("service", "10")),
}
ESG_WEIGHT = {FIRST_QUARTER: "5", Quarter(2026, 1): "10"}

RISK_REVIEW = (
    (
        FactorKind.CATEGORY,
        "packaging",
        RiskLevel.MEDIUM,
        "Raised in the 2026 review: pallets and board from sources we have not verified.",
    ),
    (
        FactorKind.COUNTRY,
        "MX",
        RiskLevel.HIGH,
        "Raised in the 2026 review until our own visits to the plants there are done.",
    ),
)

PROGRAMMES = (
    TrainingProgramme(
        "Working hours, overtime and rest days",
        TrainingFormat.WORKSHOP,
        date(2025, 5, 20),
        "Half a day at the Chongqing plant: legal limits, recording hours, planning peaks.",
    ),
    TrainingProgramme(
        "Storing and handling hazardous chemicals",
        TrainingFormat.ON_SITE,
        date(2025, 11, 18),
        "At the supplier's site: labelling, storage, spill kits and waste contractors.",
    ),
    TrainingProgramme(
        "Anti-bribery, gifts and conflicts of interest",
        TrainingFormat.ONLINE,
        date(2026, 6, 10),
        "Ninety minutes online with a short test at the end.",
    ),
    TrainingProgramme(
        "Fire safety and emergency drills",
        TrainingFormat.WORKSHOP,
        date(2026, 12, 8),
        "A day at the Jinan plant, with a drill on the shop floor.",
    ),
    TrainingProgramme(
        "Energy and carbon data for suppliers",
        TrainingFormat.ONLINE,
        date(2027, 3, 16),
        "How to measure and report energy use and emissions for our annual ESG report.",
    ),
)


def load(db: Database, progress: Progress | None = None) -> None:
    """Load the planning demo data into a database that holds the demo programme."""
    rng = random.Random(SEED)  # noqa: S311 -- a fixed seed, for the same demo every time
    for quarter, components in WEIGHTS.items():
        weights = [ComponentWeight(c, Decimal(w)) for c, w in components]
        weights.append(ComponentWeight("esg", Decimal(ESG_WEIGHT[quarter])))
        scorecard.set_weights(db, quarter, weights, ACTOR)
    _report(progress, "Planning: scorecard scores", 0, 1)
    scorecard.import_table(db, _score_table(db, rng), "demo scores")
    _report(progress, "Planning: scorecard scores", 1, 1)
    for kind, key, level, rationale in RISK_REVIEW:
        risk.set_factor(db, kind, key, level, rationale, ACTOR)
    for index, programme in enumerate(PROGRAMMES, start=1):
        _train(db, programme, rng)
        _report(progress, "Planning: training", index, len(PROGRAMMES))


def _first_tier_codes(db: Database) -> list[str]:
    codes: list[str] = []
    after: str | None = None
    while True:
        page = suppliers.list_suppliers(db, SupplierFilter(tier=1), after, limit=500)
        codes += [row.code for row in page.items if row.status != "prospective"]
        if page.next_after is None:
            return codes
        after = page.next_after


def _score_table(db: Database, rng: random.Random) -> Table:
    columns = ("supplier_code", "quarter", *COMPONENTS)
    return Table(columns, _score_rows(_first_tier_codes(db), rng))


def _score_rows(codes: list[str], rng: random.Random) -> Iterator[tuple[int, dict[str, str]]]:
    row = 1
    for code in codes:
        level = {c: rng.uniform(62, 96) for c in COMPONENTS}
        quarter = FIRST_QUARTER
        while quarter <= LAST_QUARTER:
            row += 1
            cells = {"supplier_code": code, "quarter": str(quarter)}
            for component in COMPONENTS:
                level[component] = min(100.0, max(30.0, level[component] + rng.gauss(0, 3)))
                cells[component] = f"{level[component]:.1f}"
            yield row, cells
            quarter = quarter.following()


def _train(db: Database, programme: TrainingProgramme, rng: random.Random) -> None:
    created = training.create_programme(db, programme, ACTOR)
    held = programme.held_on < HORIZON
    proposed_on = programme.held_on - timedelta(days=45) if held else HORIZON
    for proposal in training.propose(db, created.id, ACTOR, proposed_on):
        if not held:
            if rng.random() < 0.5:
                training.assign(db, created.id, proposal.supplier_code, ACTOR)
            continue
        if rng.random() < 0.1:
            training.move(db, proposal.id, AssignmentStatus.CANCELLED, proposed_on, ACTOR)
            continue
        training.assign(db, created.id, proposal.supplier_code, ACTOR)
        if rng.random() < 0.15:
            training.move(db, proposal.id, AssignmentStatus.ABSENT, programme.held_on, ACTOR)
            continue
        training.move(db, proposal.id, AssignmentStatus.ATTENDED, programme.held_on, ACTOR)
        if rng.random() < 0.9:
            done_on = programme.held_on + timedelta(days=rng.randrange(0, 21))
            training.move(db, proposal.id, AssignmentStatus.COMPLETED, done_on, ACTOR)


def _report(progress: Progress | None, stage: str, done: int, total: int) -> None:
    if progress is not None:
        progress(stage, done, total)
