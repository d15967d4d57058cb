"""The registry the benchmarks load: the demo supply base, grown to 100,000 suppliers.

Same generator as the demo data, with a fixed seed: 20,000 first-tier suppliers, 80,000
sub-suppliers in tiers 2 and 3, and 150,000 supply links between them.
"""

from __future__ import annotations

import random
from pathlib import Path

from supplyesg.domain.supplier_rows import COLUMNS
from supplyesg.services import tabular
from supplyesg.services.demo.registry import supply_base

SEED = 2026
SUPPLIERS = 100_000
LINKS = 150_000


def registry_rows(suppliers: int = SUPPLIERS, links: int = LINKS) -> list[dict[str, str]]:
    """Rows of a supplier file: a fifth first-tier suppliers, the rest sub-suppliers."""
    first_tier = suppliers // 5
    return supply_base(random.Random(SEED), first_tier, suppliers - first_tier, links)


def write_registry(rows: list[dict[str, str]], folder: Path, fmt: str) -> Path:
    """The rows written as suppliers.<fmt> in the folder."""
    path = folder / f"suppliers.{fmt}"
    tabular.write_table(path, fmt, COLUMNS, ([row[c] for c in COLUMNS] for row in rows))
    return path
