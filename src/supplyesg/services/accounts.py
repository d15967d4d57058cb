"""Managing accounts: create and change users, set passwords, issue and revoke API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cache

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.config import Settings
from supplyesg.db.models import ApiTokenRow, UserRow
from supplyesg.db.repositories import accounts as repo
from supplyesg.db.repositories import suppliers as supplier_repo
from supplyesg.db.session import Database
from supplyesg.domain.access import Permission, Role, needs_supplier, token_ceiling
from supplyesg.domain.accounts import (
    AccountProfile,
    SecurityPolicy,
    account_problems,
    normalised_email,
    password_problems,
    token_problems,
)
from supplyesg.domain.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    Problem,
    refuse_if,
)
from supplyesg.domain.suppliers import supplier_code

TOKEN_PREFIX = "sesg_"  # noqa: S105 - a marker that makes leaked tokens easy to spot
PREFIX_SHOWN = 12

PASSWORDS = PasswordHash((Argon2Hasher(),))
"""Argon2id with the library's defaults (t=3, m=64 MiB, p=4), above OWASP's minimum."""


def hash_password(password: str) -> str:
    """The Argon2id hash a password is kept as."""
    return PASSWORDS.hash(password)


def verify_password(password: str, hashed: str) -> tuple[bool, str | None]:
    """Whether the password matches, and a fresh hash if the stored one uses weaker settings."""
    return PASSWORDS.verify_and_update(password, hashed)


def waste_a_password_check(password: str) -> None:
    """Take as long as a real check, so unknown accounts cannot be told apart by timing."""
    PASSWORDS.verify(password, _decoy_hash(PASSWORDS))


@cache
def _decoy_hash(hasher: PasswordHash) -> str:
    return hasher.hash("not the password of anyone")


def now(clock: Clock = SYSTEM_CLOCK) -> datetime:
    """The current instant, in UTC, by the clock."""
    return clock.now()


def digest(secret: str) -> str:
    """What is stored of a random secret (session, token, reset link): its SHA-256.

    The secrets carry 256 random bits, so a fast hash is enough; a slow one is for passwords.
    """
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    """A fresh random secret, safe in URLs and cookies."""
    return secrets.token_urlsafe(32)


def security_policy(settings: Settings) -> SecurityPolicy:
    """The account rules as configured."""
    return replace(
        SecurityPolicy(),
        max_failed_logins=settings.max_failed_logins,
        lockout=timedelta(minutes=settings.lockout_minutes),
        session_idle=timedelta(minutes=settings.session_idle_minutes),
        session_lifetime=timedelta(hours=settings.session_hours),
        reset_link_lifetime=timedelta(minutes=settings.reset_link_minutes),
        max_reset_links=settings.reset_links_per_hour,
    )


@dataclass(frozen=True, slots=True)
class NewUser:
    """What an administrator enters to create an account."""

    email: str
    display_name: str
    role: Role
    supplier_code: str | None = None
    password: str | None = None


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A new API token: the row, and the token itself, shown this once and never again."""

    row: ApiTokenRow
    secret: str


def get_user(db: Database, user_id: int) -> UserRow:
    """The user with this id."""
    with db.transaction() as session:
        return require_user(session, user_id)


def require_user(session: Session, user_id: int) -> UserRow:
    """The user with this id, or NotFoundError."""
    row = repo.user_by_id(session, user_id)
    if row is None:
        raise NotFoundError(f"There is no user with id {user_id}.")
    return row


def user_by_email(db: Database, email: str) -> UserRow:
    """The account with this e-mail address."""
    with db.transaction() as session:
        row = repo.user_by_email(session, normalised_email(email))
    if row is None:
        raise NotFoundError(
            f"There is no account for {email}.", [Problem("email", "has no account", email)]
        )
    return row


def list_users(db: Database) -> Sequence[UserRow]:
    """Every user, by e-mail address."""
    with db.transaction() as session:
        return repo.users(session)


def supplier_codes(db: Database, users: Sequence[UserRow]) -> dict[int, str]:
    """The supplier code of each supplier user given, by supplier id."""
    with db.transaction() as session:
        return repo.supplier_codes(session, {u.supplier_id for u in users if u.supplier_id})


def create_user(db: Database, new: NewUser, clock: Clock = SYSTEM_CLOCK) -> UserRow:
    """Open an account; without a password the user sets one through a reset link."""
    with db.transaction() as session:
        supplier_id = _supplier_id(session, new.supplier_code)
        profile = AccountProfile(new.email, new.display_name, new.role, supplier_id)
        problems = account_problems(profile)
        if new.password is not None:
            problems += password_problems(new.password, new.email)
        refuse_if(problems, "The account cannot be saved.")
        email = normalised_email(new.email)
        if repo.user_by_email(session, email) is not None:
            raise ConflictError(
                f"An account for {email} already exists.",
                [Problem("email", "is already used by another account", email)],
            )
        at = clock.now()
        row = UserRow(
            email=email,
            display_name=new.display_name.strip(),
            role=str(new.role),
            supplier_id=supplier_id,
            password_hash=hash_password(new.password) if new.password else None,
            is_active=True,
            failed_logins=0,
            created_at=at,
            updated_at=at,
        )
        session.add(row)
        session.flush()
        return row


def update_user(
    db: Database,
    user_id: int,
    *,
    display_name: str | None = None,
    role: Role | None = None,
    supplier_code: str | None = None,
    is_active: bool | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> UserRow:
    """Change an account's name, role, supplier or whether it may log in."""
    with db.transaction() as session:
        row = require_user(session, user_id)
        new_role = role or Role(row.role)
        supplier_id = (
            _supplier_id(session, supplier_code) if supplier_code is not None else row.supplier_id
        )
        if not needs_supplier(new_role):
            supplier_id = None
        name = row.display_name if display_name is None else display_name
        refuse_if(
            account_problems(AccountProfile(row.email, name, new_role, supplier_id)),
            "The account cannot be saved.",
        )
        active = row.is_active if is_active is None else is_active
        _keep_an_admin(session, row, new_role, active)
        changed_access = (new_role, supplier_id, active) != (
            Role(row.role),
            row.supplier_id,
            row.is_active,
        )
        if supplier_id != row.supplier_id:
            _revoke_tokens(session, row, clock)
        row.display_name, row.role, row.supplier_id = name.strip(), str(new_role), supplier_id
        row.is_active = active
        row.updated_at = clock.now()
        if changed_access:
            repo.end_sessions_of(session, row.id)
        return row


def set_password(db: Database, user_id: int, password: str, clock: Clock = SYSTEM_CLOCK) -> UserRow:
    """Give an account a new password; every login session of it ends."""
    with db.transaction() as session:
        row = require_user(session, user_id)
        store_password(session, row, password, clock.now())
        return row


def store_password(session: Session, row: UserRow, password: str, at: datetime) -> None:
    """Hash and keep a new password, unlock the account and end its sessions."""
    refuse_if(password_problems(password, row.email), "The password cannot be used.")
    row.password_hash = hash_password(password)
    row.failed_logins = 0
    row.locked_until = None
    row.updated_at = at
    repo.end_sessions_of(session, row.id)


def issue_token(
    db: Database,
    user_id: int,
    name: str,
    scopes: Sequence[str] | None,
    created_by: str,
    expires_at: datetime | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> IssuedToken:
    """A new API token for a user, limited to `scopes` (None: everything the user may do)."""
    refuse_if(token_problems(name, list(scopes or [])), "The token cannot be issued.")
    with db.transaction() as session:
        user = require_user(session, user_id)
        granted = token_ceiling(Role(user.role))
        wanted = sorted({p for s in scopes or [] if (p := Permission.parse(s)) is not None})
        refuse_if(
            [
                Problem("scopes", "is more than the token's owner may do", str(p))
                for p in wanted
                if p not in granted
            ],
            "The token cannot be issued.",
        )
        at = clock.now()
        if expires_at is not None and expires_at <= at:
            raise InvalidInputError(
                "The token cannot be issued.", [Problem("expires_at", "is in the past")]
            )
        secret = TOKEN_PREFIX + new_secret()
        row = ApiTokenRow(
            user_id=user.id,
            name=name.strip(),
            prefix=secret[:PREFIX_SHOWN],
            token_hash=digest(secret),
            scopes=" ".join(str(p) for p in wanted) if scopes is not None else None,
            created_at=at,
            created_by=created_by,
            expires_at=expires_at,
        )
        session.add(row)
        session.flush()
        return IssuedToken(row=row, secret=secret)


def list_tokens(db: Database, user_id: int | None = None) -> Sequence[ApiTokenRow]:
    """API tokens (of one user, if given), newest first; never their secrets."""
    with db.transaction() as session:
        return repo.tokens(session, user_id)


def revoke_token(db: Database, token_id: int, clock: Clock = SYSTEM_CLOCK) -> ApiTokenRow:
    """Stop an API token from working, for good."""
    with db.transaction() as session:
        row = repo.token_by_id(session, token_id)
        if row is None:
            raise NotFoundError(f"There is no API token with id {token_id}.")
        if row.revoked_at is None:
            row.revoked_at = clock.now()
        return row


def _revoke_tokens(session: Session, user: UserRow, clock: Clock) -> None:
    """Stop a user's tokens: one issued for a supplier's systems must not follow the account
    to another supplier, nor into the buyer's side of the application."""
    at = clock.now()
    for token in repo.tokens(session, user.id):
        if token.revoked_at is None:
            token.revoked_at = at


def token_scopes(row: ApiTokenRow) -> frozenset[Permission] | None:
    """The permissions a token is limited to (None: all of its owner's)."""
    if row.scopes is None:
        return None
    return frozenset(p for s in row.scopes.split() if (p := Permission.parse(s)) is not None)


def _supplier_id(session: Session, code: str | None) -> int | None:
    if not code:
        return None
    supplier = supplier_repo.by_code(session, supplier_code(code))
    if supplier is None:
        raise InvalidInputError(
            "The account cannot be saved.",
            [Problem("supplier", "is not the code of a registered supplier", code)],
        )
    return supplier.id


def _keep_an_admin(session: Session, row: UserRow, role: Role, active: bool) -> None:
    """Refuse a change that would leave nobody able to administer the accounts."""
    loses_admin = row.role == Role.ADMIN and row.is_active and (role != Role.ADMIN or not active)
    if loses_admin and repo.count_active_admins(session) <= 1:
        raise ConflictError(
            "The last active administrator cannot be demoted or deactivated.",
            [Problem("role", "would leave no active administrator", row.email)],
        )
