"""Webhook subscriptions (administrators only): create, list, disable, the delivery log and
a test delivery. A subscription's secret is in the answer that creates it, and nowhere else.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StrictStr

from supplyesg.db.models import WebhookAttemptRow, WebhookDeliveryRow, WebhookSubscriptionRow
from supplyesg.domain.events import EventKind
from supplyesg.services import webhooks as service
from supplyesg.web.api.types import MAX_RECORD_ID
from supplyesg.web.deps import ActorDep, ClockDep, DatabaseDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/webhooks", tags=["webhooks"], responses=PROBLEM_RESPONSES)

SubscriptionId = Annotated[int, Path(ge=1, le=MAX_RECORD_ID, description="The subscription's id")]


class WebhookCreate(BaseModel):
    """A new subscription: where to send which kinds of event."""

    model_config = ConfigDict(extra="forbid")

    url: StrictStr = Field(
        max_length=500, description="https:// address (http:// only to 127.0.0.1 or localhost)"
    )
    event_kinds: list[EventKind] = Field(min_length=1, description="The kinds of event to send")
    description: StrictStr = Field(default="", max_length=200, description="What it is for")


class Webhook(BaseModel):
    """A subscription (never its secret)."""

    id: int
    url: str
    description: str
    event_kinds: list[str]
    active: bool
    created_by: str
    created_at: datetime
    disabled_at: datetime | None
    disabled_by: str | None

    @classmethod
    def of(cls, row: WebhookSubscriptionRow) -> Webhook:
        """The schema of a subscription."""
        return cls(
            id=row.id,
            url=row.url,
            description=row.description,
            event_kinds=list(row.event_kinds),
            active=row.active,
            created_by=row.created_by,
            created_at=row.created_at,
            disabled_at=row.disabled_at,
            disabled_by=row.disabled_by,
        )


class WebhookCreated(Webhook):
    """A subscription just created, with the secret its deliveries are signed with."""

    secret: str = Field(description="Shown once: keep it to verify X-Supplyesg-Signature")


class Attempt(BaseModel):
    """One attempt at a delivery and what the receiver answered."""

    attempt: int
    at: datetime
    status_code: int | None = Field(description="The HTTP status; null when none came back")
    error: str | None
    duration_ms: int

    @classmethod
    def of(cls, row: WebhookAttemptRow) -> Attempt:
        """The schema of an attempt."""
        return cls(
            attempt=row.attempt,
            at=row.at,
            status_code=row.status_code,
            error=row.error,
            duration_ms=row.duration_ms,
        )


class Delivery(BaseModel):
    """An event (or a test) owed to a subscription: its state and every attempt at it."""

    id: int
    event_id: int | None = Field(description="The business event; null for a test delivery")
    kind: str
    state: str = Field(description="pending, delivered or failed")
    attempts: int
    status_code: int | None
    error: str | None
    duration_ms: int | None
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    created_at: datetime
    body: dict[str, Any] = Field(description="The document sent")
    log: list[Attempt]

    @classmethod
    def of(cls, row: WebhookDeliveryRow, attempts: list[WebhookAttemptRow]) -> Delivery:
        """The schema of a delivery with its attempts."""
        return cls(
            id=row.id,
            event_id=row.event_id,
            kind=row.kind,
            state=row.state,
            attempts=row.attempts,
            status_code=row.status_code,
            error=row.error,
            duration_ms=row.duration_ms,
            next_attempt_at=row.next_attempt_at,
            last_attempt_at=row.last_attempt_at,
            created_at=row.created_at,
            body=service.LoggedDelivery(row, attempts).event,
            log=[Attempt.of(a) for a in attempts],
        )


@router.get("", response_model=list[Webhook])
def list_webhooks(db: DatabaseDep) -> list[Webhook]:
    """Every webhook subscription, oldest first."""
    return [Webhook.of(row) for row in service.subscriptions(db)]


@router.post("", response_model=WebhookCreated, status_code=201)
def create_webhook(
    body: WebhookCreate, db: DatabaseDep, actor: ActorDep, clock: ClockDep
) -> WebhookCreated:
    """Subscribe an address to kinds of event from now on; the answer holds the secret."""
    created = service.create_subscription(
        db, body.url, [k.value for k in body.event_kinds], actor, body.description, clock
    )
    return WebhookCreated(**Webhook.of(created.subscription).model_dump(), secret=created.secret)


@router.get("/{subscription_id}", response_model=Webhook)
def get_webhook(subscription_id: SubscriptionId, db: DatabaseDep) -> Webhook:
    """One subscription."""
    return Webhook.of(service.subscription(db, subscription_id))


@router.post("/{subscription_id}/disable", response_model=Webhook)
def disable_webhook(
    subscription_id: SubscriptionId, db: DatabaseDep, actor: ActorDep, clock: ClockDep
) -> Webhook:
    """Stop sending to a subscription (what is waiting is not sent either)."""
    return Webhook.of(service.disable_subscription(db, subscription_id, actor, clock))


@router.get("/{subscription_id}/deliveries", response_model=list[Delivery])
def webhook_deliveries(
    subscription_id: SubscriptionId,
    db: DatabaseDep,
    limit: Annotated[int, Query(ge=1, le=service.MAX_LOG)] = 50,
) -> list[Delivery]:
    """The delivery log: the latest deliveries, newest first, with each attempt's answer."""
    logged = service.delivery_log(db, subscription_id, limit)
    return [Delivery.of(item.delivery, list(item.attempts)) for item in logged]


@router.post("/{subscription_id}/test", response_model=Delivery)
def test_webhook(
    subscription_id: SubscriptionId, db: DatabaseDep, clock: ClockDep, request: Request
) -> Delivery:
    """Send a test delivery now, once, and answer what the receiver said."""
    sent = service.send_test(db, subscription_id, clock, request.app.state.webhook_sender)
    logged = service.logged_delivery(db, sent.id)
    return Delivery.of(logged.delivery, list(logged.attempts))
