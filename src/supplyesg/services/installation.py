"""A new installation's first start: what it needs beside the schema, and what it still lacks.

Outside demo mode nothing fictional is loaded: the shipped code of conduct is stored (audits
are recorded against a version of it), the shipped policy edition is in force as it is, and
the first administrator is made by a person at the command line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from supplyesg.db.repositories import accounts as account_repo
from supplyesg.db.session import Database
from supplyesg.services import conduct, policy_editions

FIRST_ADMIN_COMMAND = 'supplyesg users create you@example.com --name "Your Name"'


@dataclass(frozen=True, slots=True)
class Installation:
    """What a started installation holds: the code and policy in force, its administrators."""

    code_version: str
    policy_version: str
    administrators: int


def prepare(db: Database, today: date) -> Installation:
    """Store the shipped code of conduct if it is missing; say what is in force and who
    administers (running it again changes nothing)."""
    code = conduct.install_default_code(db)
    edition = policy_editions.in_force(db, today)
    with db.transaction() as session:
        administrators = account_repo.count_active_admins(session)
    return Installation(code.version, edition.policy.version, administrators)
