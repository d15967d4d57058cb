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
from supplyesg.domain.access import Role
from supplyesg.services import accounts
from supplyesg.web.app import create_app

_DATABASE_FILE = Path(tempfile.mkdtemp(prefix="supplyesg-contract-")) / "contract.db"
_DATABASE = Database.from_url(f"sqlite:///{_DATABASE_FILE}")
migrate.upgrade(_DATABASE)
APP = create_app(Settings(database_url=str(_DATABASE.engine.url)), _DATABASE)
_ADMIN = accounts.create_user(
    _DATABASE, accounts.NewUser("contract@test.invalid", "Contract tests", Role.ADMIN)
)
_TOKEN = accounts.issue_token(_DATABASE, _ADMIN.id, "contract tests", None, "tests").secret

schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.auth()
class AdministratorToken:
    """Every generated request acts as an administrator, through an API token."""

    def get(self, case: schemathesis.Case, ctx: schemathesis.AuthContext) -> str:
        return _TOKEN

    def set(self, case: schemathesis.Case, data: str, ctx: schemathesis.AuthContext) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


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
