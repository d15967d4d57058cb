"""The demo targets: what the truck maker's board set in January 2025, against FY2023.

Scope 1 and 2 emissions per vehicle produced down 30% by FY2030, and energy per vehicle down
15% by FY2027, both from the demo's own FY2023 figures (its first year), gross, for the whole
group: the FY2025 report shows them under A1.5, A2.3 and Part D with their progress.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from supplyesg.clock import SYSTEM_CLOCK
from supplyesg.db.session import Database
from supplyesg.domain.targets import Target, TargetKind, TargetMetric
from supplyesg.services import targets

ADOPTED_ON = date(2025, 1, 15)
"""The day the board adopted the targets."""
BASE_YEAR = 2023

DEMO_TARGETS = (
    Target(
        TargetMetric.GHG_TOTAL,
        base_year=BASE_YEAR,
        target_year=2030,
        kind=TargetKind.INTENSITY,
        normaliser="production_volume",
        reduction_pct=Decimal("30"),
        description=(
            "Cut the Scope 1 and Scope 2 emissions of every vehicle we build by 30% against "
            "FY2023, without carbon credits"
        ),
        steps=(
            "Rooftop solar at the Chongqing plants; heat pumps replacing the gas "
            "boilers of the paint shops; an energy review of every plant each year"
        ),
        owner="Chief Operating Officer, reporting to the ESG Committee of the board",
        adopted_on=ADOPTED_ON,
    ),
    Target(
        TargetMetric.ENERGY,
        base_year=BASE_YEAR,
        target_year=2027,
        kind=TargetKind.INTENSITY,
        normaliser="production_volume",
        reduction_pct=Decimal("15"),
        description="Use 15% less energy per vehicle built than in FY2023",
        steps=(
            "LED lighting and variable-speed drives on the press and paint lines; compressed "
            "air leaks found and fixed every quarter"
        ),
        owner="Head of Manufacturing Engineering",
        adopted_on=ADOPTED_ON,
    ),
)


def load(db: Database) -> None:
    """Set the demo targets, unless targets are already set."""
    if targets.list_targets(db, include_withdrawn=True):
        return
    for target in DEMO_TARGETS:
        targets.add_target(db, target, SYSTEM_CLOCK)
