"""Every table; importing this package registers them all on Base.metadata."""

from supplyesg.db.base import Base
from supplyesg.db.models.suppliers import (
    SupplierContactRow,
    SupplierRow,
    SupplierStatusChangeRow,
    SupplyLinkRow,
)

__all__ = [
    "Base",
    "SupplierContactRow",
    "SupplierRow",
    "SupplierStatusChangeRow",
    "SupplyLinkRow",
]
