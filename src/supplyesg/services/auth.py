"""Authentication: logging in and out, who a session or API token belongs to, and resetting
a forgotten password by a link sent by e-mail.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from supplyesg.db.models import PasswordResetRow, SessionRow, UserRow
from supplyesg.db.repositories import accounts as repo
from supplyesg.db.session import Database
from supplyesg.domain.access import Principal, Role, permissions_of, token_permissions
from supplyesg.domain.accounts import (
    DEFAULT_POLICY,
    LoginRefusedError,
    LoginState,
    SecurityPolicy,
    SessionTimes,
    after_failed_login,
    after_successful_login,
    is_locked,
    login_refusal,
    may_send_reset_link,
    normalised_email,
    reset_link_is_usable,
    session_is_valid,
    token_is_usable,
)
from supplyesg.domain.errors import InvalidInputError, Problem
from supplyesg.services.accounts import (
    digest,
    new_secret,
    now,
    require_user,
    store_password,
    token_scopes,
    verify_password,
    waste_a_password_check,
)
from supplyesg.services.mailer import Email, Mailer, MailError

log = logging.getLogger(__name__)

TOUCH_EVERY = timedelta(minutes=1)
"""How stale `last_seen_at` may get before a request refreshes it (saves a write per request)."""


@dataclass(frozen=True, slots=True)
class LoginSession:
    """A new login: the cookie's secret value (never stored) and who logged in."""

    secret: str
    principal: Principal


def principal_of(user: UserRow) -> Principal:
    """What a logged-in user may do."""
    role = Role(user.role)
    return Principal(
        user_id=user.id,
        email=user.email,
        display_name=user.display_name,
        role=role,
        permissions=permissions_of(role),
        supplier_id=user.supplier_id,
    )


def log_in(
    db: Database, email: str, password: str, policy: SecurityPolicy = DEFAULT_POLICY
) -> LoginSession:
    """Check the password and open a session, or raise LoginRefusedError (and count the failure)."""
    at = now()
    with db.transaction() as session:
        user = repo.user_by_email(session, normalised_email(email))
        if user is None or not user.is_active or user.password_hash is None:
            waste_a_password_check(password)
            opened = None
        else:
            opened = _check_password(session, user, password, at, policy)
    if opened is None:
        raise LoginRefusedError(login_refusal(policy))
    return opened


def _check_password(
    session: Session, user: UserRow, password: str, at: datetime, policy: SecurityPolicy
) -> LoginSession | None:
    state = LoginState(user.failed_logins, user.locked_until)
    if is_locked(state, at):
        return None
    assert user.password_hash is not None
    valid, rehashed = verify_password(password, user.password_hash)
    if not valid:
        state = after_failed_login(state, at, policy)
        user.failed_logins, user.locked_until = state.failed_logins, state.locked_until
        if state.locked_until is not None:
            log.warning("account %s locked after %d failed logins", user.id, state.failed_logins)
        return None
    state = after_successful_login()
    user.failed_logins, user.locked_until = state.failed_logins, state.locked_until
    user.last_login_at = at
    if rehashed is not None:
        user.password_hash = rehashed
    secret = new_secret()
    session.add(
        SessionRow(token_hash=digest(secret), user_id=user.id, created_at=at, last_seen_at=at)
    )
    return LoginSession(secret=secret, principal=principal_of(user))


def log_out(db: Database, secret: str) -> None:
    """End the session this cookie belongs to."""
    with db.transaction() as session:
        repo.end_session(session, digest(secret))


def session_principal(
    db: Database, secret: str, policy: SecurityPolicy = DEFAULT_POLICY
) -> Principal | None:
    """Who a session cookie belongs to; None if it is unknown, expired or its user inactive."""
    at = now()
    with db.transaction() as session:
        row = repo.session_by_hash(session, digest(secret))
        if row is None:
            return None
        if not session_is_valid(SessionTimes(row.created_at, row.last_seen_at), at, policy):
            session.delete(row)
            return None
        if not row.user.is_active:
            return None
        if at - row.last_seen_at >= TOUCH_EVERY:
            repo.touch_session(session, row.id, at)
        return principal_of(row.user)


def token_principal(db: Database, secret: str) -> Principal | None:
    """Who an API token acts for, limited to its scopes; None if unknown, revoked or expired."""
    at = now()
    with db.transaction() as session:
        row = repo.token_by_hash(session, digest(secret))
        if row is None or not row.user.is_active:
            return None
        if not token_is_usable(row.revoked_at, row.expires_at, at):
            return None
        if row.last_used_at is None or at - row.last_used_at >= TOUCH_EVERY:
            row.last_used_at = at
        role = Role(row.user.role)
        return Principal(
            user_id=row.user.id,
            email=row.user.email,
            display_name=row.user.display_name,
            role=role,
            permissions=token_permissions(role, token_scopes(row)),
            supplier_id=row.user.supplier_id,
            token_name=row.name,
        )


def request_password_reset(
    db: Database,
    email: str,
    mailer: Mailer,
    public_url: str,
    policy: SecurityPolicy = DEFAULT_POLICY,
    *,
    throttled: bool = True,
) -> bool:
    """E-mail a single-use link to set a new password, if such an active account exists and,
    for the public form (`throttled`), it has not had its quota of links in the last hour.

    The caller tells the requester the same thing either way; the result is for logs and tests.
    An unknown address goes the same way with a decoy account (the same queries, secret and
    message) and stops only before storing the link and sending it; the page answers before
    this runs (see web.ui.auth), so neither the answer nor its timing tells accounts apart.
    """
    with db.transaction() as session:
        found = repo.user_by_email(session, normalised_email(email))
        user = found if found is not None and found.is_active else None
        at = now()
        allowed = True
        if throttled:
            user_id = user.id if user is not None else _DECOY_USER_ID
            sent = repo.resets_sent_since(session, user_id, at - policy.reset_window)
            allowed = may_send_reset_link(sent, at, policy)
        secret = new_secret()
        token_hash = digest(secret)
        to, name = (user.email, user.display_name) if user else (email, "")
        message = _reset_email(
            to, name, f"{public_url.rstrip('/')}/password-reset/{secret}", policy
        )
        if user is None:
            return False
        if not allowed:
            log.warning("password-reset link not sent: too many asked for one account")
            return False
        _store_reset(session, user, token_hash, at, policy)
    try:
        mailer.send(message)
    except MailError as error:
        log.error("password-reset e-mail not sent: %s", error)
        return False
    return True


_DECOY_USER_ID = 0
"""No account has it (ids start at 1): the reset count of an unknown address is asked for it."""


def _reset_email(to: str, name: str, link: str, policy: SecurityPolicy) -> Email:
    minutes = int(policy.reset_link_lifetime.total_seconds() // 60)
    text = (
        f"Hello {name},\n\nSomeone (we hope you) asked to set a new password for your "
        f"supplyesg account. Open this link within {minutes} minutes to choose it:\n\n"
        f"{link}\n\nThe link works once. If you did not ask for it, ignore this e-mail: "
        "your password stays as it is.\n"
    )
    return Email(to=to, subject="Set your supplyesg password", text=text)


def send_password_link(
    db: Database, user_id: int, mailer: Mailer, public_url: str, policy: SecurityPolicy
) -> bool:
    """E-mail a user the link to set their password (how a new account gets its first one)."""
    email = get_email(db, user_id)
    return request_password_reset(db, email, mailer, public_url, policy, throttled=False)


def get_email(db: Database, user_id: int) -> str:
    """The e-mail address of a user."""
    with db.transaction() as session:
        return require_user(session, user_id).email


def _store_reset(
    session: Session, user: UserRow, token_hash: str, at: datetime, policy: SecurityPolicy
) -> None:
    session.add(
        PasswordResetRow(
            token_hash=token_hash,
            user_id=user.id,
            created_at=at,
            expires_at=at + policy.reset_link_lifetime,
        )
    )


def reset_link_works(db: Database, secret: str) -> bool:
    """Whether a password-reset link can still be used."""
    with db.transaction() as session:
        row = repo.reset_by_hash(session, digest(secret))
        return row is not None and reset_link_is_usable(row.expires_at, row.used_at, now())


def reset_password(db: Database, secret: str, password: str) -> None:
    """Set a new password with a reset link; the link, and every other of the user's, is spent."""
    at = now()
    with db.transaction() as session:
        row = repo.reset_by_hash(session, digest(secret))
        if row is None or not reset_link_is_usable(row.expires_at, row.used_at, at):
            raise InvalidInputError(
                "This link has expired or was already used.",
                [Problem("link", "has expired or was already used; ask for a new one")],
            )
        store_password(session, row.user, password, at)
        repo.void_resets_of(session, row.user_id, at)


def change_password(db: Database, user_id: int, current: str, new: str) -> None:
    """Change one's own password, proving the current one first."""
    with db.transaction() as session:
        user = require_user(session, user_id)
        if user.password_hash is None or not verify_password(current, user.password_hash)[0]:
            raise InvalidInputError(
                "The password was not changed.",
                [Problem("current_password", "is not your current password")],
            )
        store_password(session, user, new, now())
