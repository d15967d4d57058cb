from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from supplyesg.domain.access import Role
from supplyesg.domain.accounts import (
    AccountProfile,
    LoginState,
    SecurityPolicy,
    SessionTimes,
    account_problems,
    after_failed_login,
    after_successful_login,
    is_locked,
    login_refusal,
    may_send_reset_link,
    normalised_email,
    password_problems,
    reset_link_is_usable,
    session_is_valid,
    token_is_usable,
    token_problems,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
POLICY = SecurityPolicy()


def test_an_email_is_compared_trimmed_and_in_lower_case() -> None:
    assert normalised_email("  Li.Wei@Example.CN ") == "li.wei@example.cn"


@pytest.mark.parametrize(
    ("profile", "fields"),
    [
        (AccountProfile("ana@example.com", "Ana", Role.VIEWER), []),
        (AccountProfile("ana@example.com", "Ana", Role.SUPPLIER_USER, 7), []),
        (AccountProfile("not-an-email", "Ana", Role.VIEWER), ["email"]),
        (AccountProfile("ana@example.com", "  ", Role.VIEWER), ["display_name"]),
        (AccountProfile("ana@example.com", "A" * 201, Role.VIEWER), ["display_name"]),
        (AccountProfile("ana@example.com", "Ana", Role.SUPPLIER_USER), ["supplier"]),
        (AccountProfile("ana@example.com", "Ana", Role.AUDITOR, 7), ["supplier"]),
    ],
)
def test_an_account_needs_an_email_a_name_and_a_supplier_only_for_supplier_users(
    profile: AccountProfile, fields: list[str]
) -> None:
    assert [p.field for p in account_problems(profile)] == fields


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("correct horse battery", None),
        ("short", "must be at least 12 characters long"),
        ("x" * 257, "must be at most 256 characters long"),
        ("ana@example.com", "must not be the e-mail address"),
        ("ANA@example.com", "must not be the e-mail address"),
        ("abababababababab", "is too repetitive"),
    ],
)
def test_a_password_is_long_enough_and_not_the_email(password: str, reason: str | None) -> None:
    problems = password_problems(password, "ana@example.com", POLICY)
    assert [p.reason for p in problems] == ([reason] if reason else [])
    assert all(p.value is None for p in problems)  # a password is never echoed


def test_the_fifth_failure_in_a_row_locks_the_account_for_fifteen_minutes() -> None:
    state = LoginState()
    for minute in range(4):
        state = after_failed_login(state, T0 + timedelta(minutes=minute), POLICY)
        assert not is_locked(state, T0 + timedelta(minutes=minute))
    state = after_failed_login(state, T0 + timedelta(minutes=4), POLICY)
    assert state == LoginState(5, T0 + timedelta(minutes=19))
    assert is_locked(state, T0 + timedelta(minutes=18, seconds=59))
    assert not is_locked(state, T0 + timedelta(minutes=19))


def test_a_failure_after_the_lock_expired_starts_counting_again() -> None:
    locked = LoginState(5, T0)
    assert after_failed_login(locked, T0 + timedelta(seconds=1), POLICY) == LoginState(1, None)


def test_a_success_clears_the_failures() -> None:
    assert after_successful_login() == LoginState(0, None)


def test_the_refusal_says_the_same_whatever_the_cause_and_states_the_policy() -> None:
    assert "5 failed attempts" in login_refusal(POLICY)
    assert "15 minutes" in login_refusal(POLICY)


@pytest.mark.parametrize(
    ("created", "last_seen", "now", "valid"),
    [
        (T0, T0, T0 + timedelta(hours=1, minutes=59), True),
        (T0, T0, T0 + timedelta(hours=2), False),  # idle too long
        (T0, T0 + timedelta(hours=11), T0 + timedelta(hours=11, minutes=59), True),
        (T0, T0 + timedelta(hours=11), T0 + timedelta(hours=12), False),  # too old
    ],
)
def test_a_session_ends_when_idle_or_too_old(
    created: datetime, last_seen: datetime, now: datetime, valid: bool
) -> None:
    assert session_is_valid(SessionTimes(created, last_seen), now, POLICY) is valid


@pytest.mark.parametrize(
    ("expires", "used", "usable"),
    [
        (T0 + timedelta(seconds=1), None, True),
        (T0, None, False),
        (T0 + timedelta(hours=1), T0 - timedelta(minutes=1), False),
    ],
)
def test_a_reset_link_works_once_before_it_expires(
    expires: datetime, used: datetime | None, usable: bool
) -> None:
    assert reset_link_is_usable(expires, used, T0) is usable


@pytest.mark.parametrize(
    ("revoked", "expires", "usable"),
    [
        (None, None, True),
        (None, T0 + timedelta(days=1), True),
        (None, T0, False),
        (T0 - timedelta(days=1), None, False),
    ],
)
def test_a_token_works_until_revoked_or_expired(
    revoked: datetime | None, expires: datetime | None, usable: bool
) -> None:
    assert token_is_usable(revoked, expires, T0) is usable


def test_a_token_needs_a_name_and_real_permissions_as_scopes() -> None:
    assert token_problems("ERP", ["suppliers:read"]) == []
    problems = token_problems(" ", ["suppliers:read", "everything"])
    assert [(p.field, p.value) for p in problems] == [("name", None), ("scopes", "everything")]


def test_reset_links_are_limited_per_window() -> None:
    policy = SecurityPolicy(max_reset_links=2, reset_window=timedelta(hours=1))
    assert may_send_reset_link([], T0, policy)
    assert may_send_reset_link([T0 - timedelta(minutes=5)], T0, policy)
    two_recent = [T0 - timedelta(minutes=5), T0 - timedelta(minutes=50)]
    assert not may_send_reset_link(two_recent, T0, policy)
    # Links older than the window no longer count.
    one_old = [T0 - timedelta(minutes=5), T0 - timedelta(hours=1)]
    assert may_send_reset_link(one_old, T0, policy)
