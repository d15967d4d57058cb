"""Property-based checks of the whole API against its own OpenAPI document.

For every operation, schemathesis generates valid and invalid requests; none may get a 500,
and every response must match the documented schema and status codes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from supplyesg.config import Settings
from supplyesg.db import migrate
from supplyesg.db.session import Database
from supplyesg.web.app import create_app

_DATABASE_FILE = Path(tempfile.mkdtemp(prefix="supplyesg-contract-")) / "contract.db"
_DATABASE = Database.from_url(f"sqlite:///{_DATABASE_FILE}")
migrate.upgrade(_DATABASE)
APP = create_app(Settings(database_url=str(_DATABASE.engine.url)), _DATABASE)

schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_operation_fails_or_breaks_its_contract(case: schemathesis.Case) -> None:
    # Business rules (ISO codes, tier and key-supplier combinations, cycles, duplicates) go
    # beyond what JSON Schema says, so a schema-valid body may rightly get a 4xx.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
