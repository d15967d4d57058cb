"""The demo data set: a fictional truck maker, loaded area by area into an empty database.

Each area adds its loader to `load_demo`, after the areas whose records it refers to.
"""

from __future__ import annotations

from supplyesg.db.repositories import suppliers as supplier_repo
from supplyesg.db.repositories.suppliers import SupplierFilter
from supplyesg.db.session import Database
from supplyesg.services.demo import accounts, esg_data, planning, programme, registry, targets
from supplyesg.services.supplier_files import Progress


def is_empty(db: Database) -> bool:
    """Whether the database holds no supplier yet (so the demo may be loaded)."""
    with db.transaction() as session:
        return not supplier_repo.page(session, SupplierFilter(), None, 1)


def load_demo(db: Database, progress: Progress | None = None) -> None:
    """Load every area's demo data, in order."""
    registry.load(db, progress)
    programme.load(db, progress)
    esg_data.load(db, progress)
    targets.load(db)  # after the ESG data: a target's base is its base year's figure
    planning.load(db, progress)  # after the programme's audits: training proposals read them
    accounts.load(db, progress)  # in demo mode only; the supplier user needs the programme
