"""Fixtures of the supplier portal's page and API tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from portal_builders import ENDED
from programme_builders import MEDIUM, audited, supplier
from supplyesg.db.models import EsgAuditRow
from supplyesg.db.session import Database
from supplyesg.domain.access import Role


@pytest.fixture
def two_suppliers(db: Database) -> dict[str, EsgAuditRow]:
    """OWN and OTHER, each with a completed medium-risk audit and four open non-conformities."""
    found = {}
    for code in ("OWN", "OTHER"):
        supplier(db, code)
        found[code] = audited(db, ENDED, code, **MEDIUM)
    return found


@pytest.fixture
def own(client_as: Callable[..., TestClient], two_suppliers: dict[str, EsgAuditRow]) -> TestClient:
    """A supplier user of OWN (with an API token, as its own systems would act)."""
    return client_as(Role.SUPPLIER_USER, supplier="OWN")
