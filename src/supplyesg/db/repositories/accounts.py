"""Queries on users, login sessions, API tokens, password-reset links and notifications."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from supplyesg.db.models import (
    ApiTokenRow,
    DigestRow,
    EsgAuditRow,
    NonConformityRow,
    NotificationRow,
    PasswordResetRow,
    SessionRow,
    SupplierRow,
    UserRow,
)


def user_by_id(session: Session, user_id: int) -> UserRow | None:
    """The user with this id, if any."""
    return session.get(UserRow, user_id)


def user_by_email(session: Session, email: str) -> UserRow | None:
    """The user with this (normalised) e-mail address, if any."""
    return session.scalars(select(UserRow).where(UserRow.email == email)).one_or_none()


def users(session: Session, role: str | None = None) -> Sequence[UserRow]:
    """Every user (of one role, if given), by e-mail address."""
    query = select(UserRow).order_by(UserRow.email)
    if role is not None:
        query = query.where(UserRow.role == role)
    return session.scalars(query).all()


def active_users_with_role(session: Session, roles: Sequence[str]) -> Sequence[UserRow]:
    """Active users holding any of the roles."""
    return session.scalars(
        select(UserRow)
        .where(UserRow.role.in_(roles), UserRow.is_active.is_(True))
        .order_by(UserRow.email)
    ).all()


def active_supplier_users(session: Session, supplier_id: int) -> Sequence[UserRow]:
    """Active accounts of one supplier's staff."""
    return session.scalars(
        select(UserRow)
        .where(UserRow.supplier_id == supplier_id, UserRow.is_active.is_(True))
        .order_by(UserRow.email)
    ).all()


def count_active_admins(session: Session) -> int:
    """How many active administrators there are."""
    query = select(func.count()).where(UserRow.role == "admin", UserRow.is_active.is_(True))
    return session.scalar(query) or 0


def supplier_codes(session: Session, ids: set[int]) -> dict[int, str]:
    """The code of each supplier id given."""
    if not ids:
        return {}
    rows = session.execute(select(SupplierRow.id, SupplierRow.code).where(SupplierRow.id.in_(ids)))
    return {id_: code for id_, code in rows}


def session_by_hash(session: Session, token_hash: str) -> SessionRow | None:
    """The login session whose cookie hashes to this value."""
    return session.scalars(
        select(SessionRow).where(SessionRow.token_hash == token_hash)
    ).one_or_none()


def end_sessions_of(session: Session, user_id: int) -> None:
    """Log a user out everywhere."""
    session.execute(delete(SessionRow).where(SessionRow.user_id == user_id))


def end_session(session: Session, token_hash: str) -> None:
    """End one login session."""
    session.execute(delete(SessionRow).where(SessionRow.token_hash == token_hash))


def touch_session(session: Session, session_id: int, at: datetime) -> None:
    """Record that a session was just used."""
    session.execute(update(SessionRow).where(SessionRow.id == session_id).values(last_seen_at=at))


def end_sessions_idle_since(session: Session, cutoff: datetime) -> int:
    """Remove sessions unused since the cutoff; how many were removed."""
    result = session.execute(delete(SessionRow).where(SessionRow.last_seen_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)


def token_by_hash(session: Session, token_hash: str) -> ApiTokenRow | None:
    """The API token that hashes to this value."""
    return session.scalars(
        select(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash)
    ).one_or_none()


def token_by_id(session: Session, token_id: int) -> ApiTokenRow | None:
    """The API token with this id."""
    return session.get(ApiTokenRow, token_id)


def tokens(session: Session, user_id: int | None = None) -> Sequence[ApiTokenRow]:
    """Every API token (of one user, if given), newest first."""
    query = select(ApiTokenRow).order_by(ApiTokenRow.id.desc())
    if user_id is not None:
        query = query.where(ApiTokenRow.user_id == user_id)
    return session.scalars(query).all()


def reset_by_hash(session: Session, token_hash: str) -> PasswordResetRow | None:
    """The password-reset link that hashes to this value."""
    return session.scalars(
        select(PasswordResetRow).where(PasswordResetRow.token_hash == token_hash)
    ).one_or_none()


def resets_sent_since(session: Session, user_id: int, since: datetime) -> list[datetime]:
    """When the user's reset links sent after a moment were created."""
    return list(
        session.scalars(
            select(PasswordResetRow.created_at).where(
                PasswordResetRow.user_id == user_id, PasswordResetRow.created_at > since
            )
        )
    )


def void_resets_of(session: Session, user_id: int, at: datetime) -> None:
    """Mark every unused reset link of a user as used, so none of them works any more."""
    session.execute(
        update(PasswordResetRow)
        .where(PasswordResetRow.user_id == user_id, PasswordResetRow.used_at.is_(None))
        .values(used_at=at)
    )


def notifications(
    session: Session, user_id: int, unread_only: bool = False, limit: int = 100
) -> Sequence[NotificationRow]:
    """A user's notifications, newest first."""
    query = select(NotificationRow).where(NotificationRow.user_id == user_id)
    if unread_only:
        query = query.where(NotificationRow.read_at.is_(None))
    return session.scalars(
        query.order_by(NotificationRow.created_at.desc(), NotificationRow.id.desc()).limit(limit)
    ).all()


def unread_count(session: Session, user_id: int) -> int:
    """How many notifications the user has not read."""
    query = select(func.count()).where(
        NotificationRow.user_id == user_id, NotificationRow.read_at.is_(None)
    )
    return session.scalar(query) or 0


def notification_keys(session: Session, user_ids: set[int]) -> set[tuple[int, str]]:
    """The (user id, key) of every notification those users already have."""
    if not user_ids:
        return set()
    rows = session.execute(
        select(NotificationRow.user_id, NotificationRow.key).where(
            NotificationRow.user_id.in_(user_ids)
        )
    )
    return {(user_id, key) for user_id, key in rows}


def mark_read(session: Session, user_id: int, ids: Sequence[int] | None, at: datetime) -> int:
    """Mark some (or, with None, all) of a user's notifications read; how many changed."""
    query = update(NotificationRow).where(
        NotificationRow.user_id == user_id, NotificationRow.read_at.is_(None)
    )
    if ids is not None:
        query = query.where(NotificationRow.id.in_(ids))
    result = session.execute(query.values(read_at=at))
    return int(getattr(result, "rowcount", 0) or 0)


def digest_users(session: Session, day: date) -> set[int]:
    """The users who were sent their digest on a day."""
    return set(session.scalars(select(DigestRow.user_id).where(DigestRow.day == day)))


def users_with_news(session: Session, user_ids: set[int]) -> set[int]:
    """Those users with a notification newer than the last digest they were sent."""
    if not user_ids:
        return set()
    last_digest = (
        select(DigestRow.user_id, func.max(DigestRow.sent_at).label("sent_at"))
        .where(DigestRow.user_id.in_(user_ids))
        .group_by(DigestRow.user_id)
        .subquery()
    )
    query = (
        select(NotificationRow.user_id)
        .outerjoin(last_digest, last_digest.c.user_id == NotificationRow.user_id)
        .where(
            NotificationRow.user_id.in_(user_ids),
            (last_digest.c.sent_at.is_(None))
            | (NotificationRow.created_at > last_digest.c.sent_at),
        )
        .distinct()
    )
    return set(session.scalars(query))


def supplier_to_follow_up(session: Session) -> str | None:
    """The code of a supplier with open non-conformities (the latest audited), if any."""
    return session.scalar(
        select(SupplierRow.code)
        .join(EsgAuditRow, EsgAuditRow.supplier_id == SupplierRow.id)
        .join(NonConformityRow, NonConformityRow.audit_id == EsgAuditRow.id)
        .where(NonConformityRow.status == "open")
        .order_by(EsgAuditRow.ended_on.desc(), SupplierRow.code)
        .limit(1)
    )
