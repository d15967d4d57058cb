"""Demo accounts: one person per role, with the passwords the README lists.

They are made in demo mode only (SUPPLYESG_DEMO=true): published passwords have no place in a
real installation. The supplier user works for a supplier with open non-conformities, so the
portal has something to show.
"""

from __future__ import annotations

from supplyesg.config import get_settings
from supplyesg.db.audit_trail import acting_as
from supplyesg.db.repositories import accounts as repo
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.services import accounts
from supplyesg.services.accounts import NewUser
from supplyesg.services.supplier_files import Progress

ACTOR = "demo data"
DOMAIN = "demo.example.com"
PEOPLE: tuple[tuple[Role, str, str], ...] = (
    (Role.ADMIN, "Ada Admin", "admin-demo-2026"),
    (Role.ESG_MANAGER, "Mei ESG Manager", "esg-manager-demo-2026"),
    (Role.AUDITOR, "Omar Auditor", "auditor-demo-2026"),
    (Role.PROCUREMENT, "Priya Procurement", "procurement-demo-2026"),
    (Role.VIEWER, "Victor Viewer", "viewer-demo-2026"),
    (Role.SUPPLIER_USER, "Sun Supplier", "supplier-demo-2026"),
)
"""(role, name, password); each logs in as <role>@demo.example.com (see the README)."""


def email_of(role: Role) -> str:
    """The demo account's e-mail address for a role."""
    return f"{str(role).replace('_', '-')}@{DOMAIN}"


def load(db: Database, progress: Progress | None = None, *, demo: bool | None = None) -> int:
    """Create the demo accounts (in demo mode only); how many were created."""
    if not (get_settings().demo if demo is None else demo):
        return 0
    with db.transaction() as session:
        supplier = repo.supplier_to_follow_up(session)
        existing = {u.email for u in repo.users(session)}
    made = 0
    with acting_as(ACTOR):
        for role, name, password in PEOPLE:
            if email_of(role) in existing or (role is Role.SUPPLIER_USER and supplier is None):
                continue
            code = supplier if role is Role.SUPPLIER_USER else None
            accounts.create_user(db, NewUser(email_of(role), name, role, code, password))
            made += 1
    if progress is not None:
        progress("Accounts", made, made)
    return made
