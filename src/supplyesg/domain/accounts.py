"""Accounts: what a valid account is, password rules, lockout after failed logins, and
how long sessions, password-reset links and API tokens live.

Time and policy are parameters: the rules never read the clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from supplyesg.domain.access import Permission, Role, needs_supplier
from supplyesg.domain.errors import DomainError, Problem

EMAIL_PATTERN = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
MAX_EMAIL_LENGTH = 254
MAX_NAME_LENGTH = 200
MAX_TOKEN_NAME_LENGTH = 100


@dataclass(frozen=True, slots=True)
class SecurityPolicy:
    """How strict the accounts are; every duration is a parameter of the rules below."""

    min_password_length: int = 12
    max_password_length: int = 256
    max_failed_logins: int = 5
    lockout: timedelta = timedelta(minutes=15)
    session_idle: timedelta = timedelta(hours=2)
    session_lifetime: timedelta = timedelta(hours=12)
    reset_link_lifetime: timedelta = timedelta(hours=1)
    # Self-service reset links an account may be sent per window, so that nobody can flood
    # someone's mailbox through the public "forgot my password" form.
    max_reset_links: int = 3
    reset_window: timedelta = timedelta(hours=1)


DEFAULT_POLICY = SecurityPolicy()


class LoginRefusedError(DomainError):
    """Wrong e-mail address or password, or a locked or deactivated account.

    One message for every cause, so that a stranger learns nothing about which accounts exist.
    """

    title = "Login refused"


def login_refusal(policy: SecurityPolicy = DEFAULT_POLICY) -> str:
    """What a refused login is told, whatever the cause."""
    minutes = int(policy.lockout.total_seconds() // 60)
    return (
        "The e-mail address or the password is not right. After "
        f"{policy.max_failed_logins} failed attempts in a row an account is locked for "
        f"{minutes} minutes."
    )


@dataclass(frozen=True, slots=True)
class AccountProfile:
    """The facts of an account as an administrator enters them."""

    email: str
    display_name: str
    role: Role
    supplier_id: int | None = None


def normalised_email(email: str) -> str:
    """The e-mail address as stored and compared: trimmed and lower-case."""
    return email.strip().lower()


def account_problems(profile: AccountProfile) -> list[Problem]:
    """Every rule the account breaks; empty when it is valid."""
    problems = []
    email = normalised_email(profile.email)
    if not EMAIL_PATTERN.match(email) or len(email) > MAX_EMAIL_LENGTH:
        problems.append(Problem("email", "is not an e-mail address", profile.email))
    if not profile.display_name.strip():
        problems.append(Problem("display_name", "is required"))
    elif len(profile.display_name.strip()) > MAX_NAME_LENGTH:
        problems.append(Problem("display_name", f"is longer than {MAX_NAME_LENGTH} characters"))
    if needs_supplier(profile.role) and profile.supplier_id is None:
        problems.append(Problem("supplier", "is required for a supplier user"))
    if not needs_supplier(profile.role) and profile.supplier_id is not None:
        problems.append(Problem("supplier", "is only for supplier users", profile.supplier_id))
    return problems


def password_problems(
    password: str, email: str, policy: SecurityPolicy = DEFAULT_POLICY
) -> list[Problem]:
    """Why a new password is refused; empty when it is acceptable.

    Length is what makes a password strong (NIST SP 800-63B, 5.1.1.2): no composition rules,
    but at least `min_password_length` characters and not the e-mail address itself.
    The value is never echoed back.
    """
    if len(password) < policy.min_password_length:
        return [
            Problem("password", f"must be at least {policy.min_password_length} characters long")
        ]
    if len(password) > policy.max_password_length:
        return [
            Problem("password", f"must be at most {policy.max_password_length} characters long")
        ]
    if password.strip().lower() in {normalised_email(email), normalised_email(email).split("@")[0]}:
        return [Problem("password", "must not be the e-mail address")]
    if len(set(password)) < 4:
        return [Problem("password", "is too repetitive")]
    return []


@dataclass(frozen=True, slots=True)
class LoginState:
    """An account's record of recent failed logins."""

    failed_logins: int = 0
    locked_until: datetime | None = None


def is_locked(state: LoginState, now: datetime) -> bool:
    """Whether the account refuses every login for now."""
    return state.locked_until is not None and now < state.locked_until


def after_failed_login(
    state: LoginState, now: datetime, policy: SecurityPolicy = DEFAULT_POLICY
) -> LoginState:
    """The state after a wrong password: the n-th consecutive failure locks the account."""
    lock_expired = state.locked_until is not None and not is_locked(state, now)
    count = (0 if lock_expired else state.failed_logins) + 1
    if count >= policy.max_failed_logins:
        return LoginState(failed_logins=count, locked_until=now + policy.lockout)
    return LoginState(failed_logins=count, locked_until=None)


def after_successful_login() -> LoginState:
    """A successful login clears the failures."""
    return LoginState()


@dataclass(frozen=True, slots=True)
class SessionTimes:
    """When a login session began and was last used."""

    created_at: datetime
    last_seen_at: datetime


def session_is_valid(
    times: SessionTimes, now: datetime, policy: SecurityPolicy = DEFAULT_POLICY
) -> bool:
    """Whether a session may still be used: not idle too long, not older than its lifetime."""
    return (
        now - times.last_seen_at < policy.session_idle
        and now - times.created_at < policy.session_lifetime
    )


def reset_link_is_usable(expires_at: datetime, used_at: datetime | None, now: datetime) -> bool:
    """A password-reset link works once, before it expires."""
    return used_at is None and now < expires_at


def may_send_reset_link(
    sent_at: Iterable[datetime], now: datetime, policy: SecurityPolicy = DEFAULT_POLICY
) -> bool:
    """Whether another reset link may go out, given when the earlier ones were sent."""
    recent = sum(1 for at in sent_at if now - policy.reset_window < at <= now)
    return recent < policy.max_reset_links


def token_is_usable(
    revoked_at: datetime | None, expires_at: datetime | None, now: datetime
) -> bool:
    """An API token works until it is revoked or expires."""
    return revoked_at is None and (expires_at is None or now < expires_at)


def token_problems(name: str, scopes: list[str]) -> list[Problem]:
    """Why a new API token is refused; empty when it can be issued."""
    problems = []
    if not name.strip():
        problems.append(Problem("name", "is required"))
    elif len(name.strip()) > MAX_TOKEN_NAME_LENGTH:
        problems.append(Problem("name", f"is longer than {MAX_TOKEN_NAME_LENGTH} characters"))
    problems.extend(
        Problem("scopes", "is not a permission (area:read or area:write)", scope)
        for scope in scopes
        if Permission.parse(scope) is None
    )
    return problems
