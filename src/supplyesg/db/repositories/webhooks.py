"""Queries on webhook subscriptions, deliveries and attempts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplyesg.db.models import WebhookAttemptRow, WebhookDeliveryRow, WebhookSubscriptionRow


def subscriptions(session: Session, active_only: bool = False) -> Sequence[WebhookSubscriptionRow]:
    """Every subscription (or only the active ones), oldest first."""
    query = select(WebhookSubscriptionRow).order_by(WebhookSubscriptionRow.id)
    if active_only:
        query = query.where(WebhookSubscriptionRow.active.is_(True))
    return session.scalars(query).all()


def subscription(session: Session, subscription_id: int) -> WebhookSubscriptionRow | None:
    """The subscription with this id."""
    return session.get(WebhookSubscriptionRow, subscription_id)


def delivery(session: Session, delivery_id: int) -> WebhookDeliveryRow | None:
    """The delivery with this id."""
    return session.get(WebhookDeliveryRow, delivery_id)


def locked_delivery(session: Session, delivery_id: int) -> WebhookDeliveryRow | None:
    """The delivery with this id, locked until the transaction ends (PostgreSQL)."""
    return session.scalar(
        select(WebhookDeliveryRow).where(WebhookDeliveryRow.id == delivery_id).with_for_update()
    )


def pending_candidates(session: Session, until: datetime, limit: int) -> Sequence[int]:
    """Ids of pending deliveries whose next attempt is at or before the instant, oldest first."""
    query = (
        select(WebhookDeliveryRow.id)
        .where(WebhookDeliveryRow.state == "pending")
        .where(WebhookDeliveryRow.next_attempt_at <= until)
        .order_by(WebhookDeliveryRow.next_attempt_at, WebhookDeliveryRow.id)
        .limit(limit)
    )
    return session.scalars(query).all()


def deliveries(session: Session, subscription_id: int, limit: int) -> Sequence[WebhookDeliveryRow]:
    """The latest deliveries to a subscription, newest first."""
    query = (
        select(WebhookDeliveryRow)
        .where(WebhookDeliveryRow.subscription_id == subscription_id)
        .order_by(WebhookDeliveryRow.id.desc())
        .limit(limit)
    )
    return session.scalars(query).all()


def attempts(session: Session, delivery_ids: Sequence[int]) -> Sequence[WebhookAttemptRow]:
    """Every attempt at the deliveries, in the order they were made."""
    if not delivery_ids:
        return []
    query = (
        select(WebhookAttemptRow)
        .where(WebhookAttemptRow.delivery_id.in_(list(delivery_ids)))
        .order_by(WebhookAttemptRow.delivery_id, WebhookAttemptRow.attempt)
    )
    return session.scalars(query).all()
