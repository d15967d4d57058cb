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
from supplyesg.domain.suppliers import SupplierProfile
from supplyesg.services import accounts, suppliers
from supplyesg.web.app import create_app

_DATABASE_FILE = Path(tempfile.mkdtemp(prefix="supplyesg-contract-")) / "contract.db"
_DATABASE = Database.from_url(f"sqlite:///{_DATABASE_FILE}")
migrate.upgrade(_DATABASE)
APP = create_app(Settings(database_url=str(_DATABASE.engine.url)), _DATABASE)
_ADMIN = accounts.create_user(
    _DATABASE, accounts.NewUser("contract@test.invalid", "Contract tests", Role.ADMIN)
)
_TOKEN = accounts.issue_token(_DATABASE, _ADMIN.id, "contract tests", None, "tests").secret
# The supplier portal's routes answer supplier users only: they are called as one.
suppliers.create_supplier(
    _DATABASE, SupplierProfile("CONTRACT", "Contract Ltd", "CN", "castings", 1), "tests"
)
_SUPPLIER_USER = accounts.create_user(
    _DATABASE,
    accounts.NewUser("supplier@test.invalid", "Supplier", Role.SUPPLIER_USER, "CONTRACT"),
)
_SUPPLIER_TOKEN = accounts.issue_token(
    _DATABASE, _SUPPLIER_USER.id, "contract tests", None, "tests"
).secret
PORTAL = "/api/v1/portal/"

schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.auth()
class AdministratorToken:
    """Every generated request acts as an administrator (on the portal, as a supplier user)."""

    def get(self, case: schemathesis.Case, ctx: schemathesis.AuthContext) -> tuple[str, str]:
        return _TOKEN, _SUPPLIER_TOKEN

    def set(
        self, case: schemathesis.Case, data: tuple[str, str], ctx: schemathesis.AuthContext
    ) -> None:
        # The tokens are fetched once and cached; each request picks the one its path needs.
        token = data[1] if case.path.startswith(PORTAL) else data[0]
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}


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
