"""Webhooks: subscriptions, turning recorded business events into deliveries, and sending them.

Events are recorded in the transactions of the changes they tell of (`services.events`); each
subscription keeps its place in that log, and `queue_deliveries` turns the events after it into
one delivery per subscription that wants them. `deliver_due` sends the deliveries whose time
has come, each attempt outside any transaction, and records what the receiver answered; the job
worker runs both every minute (`run`). What a delivery is signed with and when it is tried again
is `domain.webhooks`.
"""

from __future__ import annotations

import json
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.models import WebhookAttemptRow, WebhookDeliveryRow, WebhookSubscriptionRow
from supplyesg.db.repositories import events as event_repo
from supplyesg.db.repositories import webhooks as repo
from supplyesg.db.session import Database
from supplyesg.domain import webhooks as rules
from supplyesg.domain.errors import NotFoundError
from supplyesg.domain.webhooks import DeliveryState, RetrySchedule, Subscription
from supplyesg.services.events import document

TIMEOUT_SECONDS = 10.0
CLAIM = timedelta(minutes=2)
"""How long a worker holds a delivery it is sending, so that no other worker sends it too."""
EVENTS_PER_RUN = 500
DELIVERIES_PER_RUN = 200
MAX_LOG = 200
USER_AGENT = "supplyesg-webhooks/1"
TEST_SCHEDULE = RetrySchedule(max_attempts=1)
"""A test delivery is tried once: the administrator sees its answer at once."""


@dataclass(frozen=True, slots=True)
class Answer:
    """What the receiver said to an attempt: its status, or why there was none."""

    status_code: int | None
    error: str | None = None


class Sender(Protocol):
    """Where deliveries are posted (HTTP, `post_json`; tests may pass another)."""

    def __call__(self, url: str, headers: Mapping[str, str], body: bytes) -> Answer: ...


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A receiver that redirects is answered as it answered: a webhook is never re-posted to
    # an address nobody subscribed.
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def post_json(url: str, headers: Mapping[str, str], body: bytes) -> Answer:
    """POST the body over HTTP(S) with a short timeout; the status, or why none came back."""
    if not url.startswith(("https://", "http://")):
        return Answer(None, "only http(s) addresses are posted to")
    # The scheme is checked above and when the subscription is made (domain.webhooks).
    request = urllib.request.Request(url, data=body, method="POST", headers=dict(headers))  # noqa: S310
    try:
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
            return Answer(int(response.status))
    except urllib.error.HTTPError as error:
        return Answer(int(error.code), f"HTTP {error.code} {error.reason}"[:300])
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return Answer(None, f"{type(error).__name__}: {reason}"[:300])


# -- subscriptions --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewSubscription:
    """A subscription just created, with its secret: the only time the secret is shown."""

    subscription: WebhookSubscriptionRow
    secret: str


def create_subscription(
    db: Database,
    url: str,
    event_kinds: Collection[str],
    created_by: str,
    description: str = "",
    clock: Clock = SYSTEM_CLOCK,
) -> NewSubscription:
    """Subscribe an address to kinds of event from now on (earlier events are not sent)."""
    url = url.strip()
    kinds = sorted(set(event_kinds))
    rules.check_subscription(url, kinds)
    secret = "whsec_" + secrets.token_hex(32)
    with db.transaction() as session:
        row = WebhookSubscriptionRow(
            url=url,
            description=description.strip()[:200],
            event_kinds=kinds,
            secret=secret,
            active=True,
            after_event_id=event_repo.last_id(session),
            created_by=created_by,
            created_at=clock.now(),
        )
        session.add(row)
        session.flush()
        session.expunge(row)
    return NewSubscription(row, secret)


def subscriptions(db: Database) -> Sequence[WebhookSubscriptionRow]:
    """Every subscription, oldest first."""
    with db.transaction() as session:
        rows = repo.subscriptions(session)
        session.expunge_all()
    return rows


def subscription(db: Database, subscription_id: int) -> WebhookSubscriptionRow:
    """The subscription with this id, or NotFoundError."""
    with db.transaction() as session:
        row = _subscription(session, subscription_id)
        session.expunge(row)
    return row


def disable_subscription(
    db: Database, subscription_id: int, actor: str, clock: Clock = SYSTEM_CLOCK
) -> WebhookSubscriptionRow:
    """Stop sending to a subscription: nothing more is queued and what waits is not sent."""
    with db.transaction() as session:
        row = _subscription(session, subscription_id)
        if row.active:
            row.active = False
            row.disabled_at = clock.now()
            row.disabled_by = actor
        session.flush()
        session.expunge(row)
    return row


def _subscription(session: Session, subscription_id: int) -> WebhookSubscriptionRow:
    row = repo.subscription(session, subscription_id)
    if row is None:
        raise NotFoundError(f"There is no webhook subscription with id {subscription_id}.")
    return row


def _rule_view(row: WebhookSubscriptionRow) -> Subscription:
    return Subscription(row.id, row.url, frozenset(row.event_kinds), row.secret, row.active)


# -- queueing and sending -------------------------------------------------------------------


def queue_deliveries(db: Database, clock: Clock = SYSTEM_CLOCK) -> int:
    """Turn the events recorded since each active subscription's place into its deliveries."""
    now = clock.now()
    queued = 0
    with db.transaction() as session:
        active = repo.subscriptions(session, active_only=True)
        if not active:
            return 0
        events = event_repo.after(session, min(s.after_event_id for s in active), EVENTS_PER_RUN)
        for event in events:
            later = [s for s in active if s.after_event_id < event.id]
            for chosen in rules.subscribers((_rule_view(s) for s in later), event.kind):
                session.add(_delivery(chosen.id, event.id, event.kind, document(event), now))
                queued += 1
        if events:
            for row in active:
                row.after_event_id = max(row.after_event_id, events[-1].id)
    return queued


def _delivery(
    subscription_id: int, event_id: int | None, kind: str, doc: Mapping[str, object], at: datetime
) -> WebhookDeliveryRow:
    return WebhookDeliveryRow(
        subscription_id=subscription_id,
        event_id=event_id,
        kind=kind,
        body=rules.body(doc).decode(),
        state=DeliveryState.PENDING.value,
        attempts=0,
        next_attempt_at=at,
        created_at=at,
    )


def deliver_due(
    db: Database,
    clock: Clock = SYSTEM_CLOCK,
    send: Sender = post_json,
    schedule: RetrySchedule = rules.DEFAULT_SCHEDULE,
) -> int:
    """Attempt every delivery whose time has come; how many attempts were made."""
    with db.transaction() as session:
        due = repo.pending_candidates(session, clock.now(), DELIVERIES_PER_RUN)
    return sum(attempt_delivery(db, delivery_id, clock, send, schedule) for delivery_id in due)


def attempt_delivery(
    db: Database,
    delivery_id: int,
    clock: Clock = SYSTEM_CLOCK,
    send: Sender = post_json,
    schedule: RetrySchedule = rules.DEFAULT_SCHEDULE,
) -> bool:
    """Send one delivery if it is due and its subscription active; whether it was attempted."""
    claimed = _claim(db, delivery_id, clock.now())
    if claimed is None:
        return False
    url, headers, content, attempt = claimed
    started = time.perf_counter()
    answer = send(url, headers, content)
    duration_ms = round((time.perf_counter() - started) * 1000)
    _record(db, delivery_id, attempt, answer, duration_ms, clock.now(), schedule)
    return True


def _claim(
    db: Database, delivery_id: int, now: datetime
) -> tuple[str, dict[str, str], bytes, int] | None:
    with db.transaction() as session:
        row = repo.locked_delivery(session, delivery_id)
        if row is None or not rules.is_due(DeliveryState(row.state), row.next_attempt_at, now):
            return None
        target = _rule_view(_subscription(session, row.subscription_id))
        if not target.active:
            return None
        row.next_attempt_at = now + CLAIM
        content = row.body.encode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            rules.EVENT_HEADER: row.kind,
            rules.DELIVERY_HEADER: str(row.id),
            rules.SIGNATURE_HEADER: rules.signature_header(
                target.secret, int(now.timestamp()), content
            ),
        }
        return target.url, headers, content, row.attempts + 1


def _record(
    db: Database,
    delivery_id: int,
    attempt: int,
    answer: Answer,
    duration_ms: int,
    at: datetime,
    schedule: RetrySchedule,
) -> None:
    outcome = rules.after_attempt(attempt, answer.status_code, at, schedule)
    with db.transaction() as session:
        row = repo.locked_delivery(session, delivery_id)
        if row is None:
            return
        row.attempts = attempt
        row.status_code = answer.status_code
        row.error = answer.error
        row.duration_ms = duration_ms
        row.last_attempt_at = at
        row.state = outcome.state.value
        row.next_attempt_at = outcome.next_attempt_at
        session.add(
            WebhookAttemptRow(
                delivery_id=delivery_id,
                attempt=attempt,
                at=at,
                status_code=answer.status_code,
                error=answer.error,
                duration_ms=duration_ms,
            )
        )


def run(db: Database, clock: Clock = SYSTEM_CLOCK, send: Sender = post_json) -> int:
    """What the worker does each minute: queue the new events, send what is due."""
    queue_deliveries(db, clock)
    return deliver_due(db, clock, send)


def send_test(
    db: Database, subscription_id: int, clock: Clock = SYSTEM_CLOCK, send: Sender = post_json
) -> WebhookDeliveryRow:
    """Send a test delivery to a subscription now, once, and return what came of it."""
    now = clock.now()
    with db.transaction() as session:
        target = _subscription(session, subscription_id)
        row = _delivery(target.id, None, rules.TEST_KIND, {}, now)
        session.add(row)
        session.flush()
        row.body = rules.body(rules.ping_document(row.id, now)).decode()
        delivery_id = row.id
        if not target.active:
            row.state = DeliveryState.FAILED.value
            row.next_attempt_at = None
            row.error = "The subscription is disabled: nothing is sent to it."
    attempt_delivery(db, delivery_id, clock, send, TEST_SCHEDULE)
    return delivery(db, delivery_id)


# -- the delivery log -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoggedDelivery:
    """A delivery with every attempt at it, for the delivery log."""

    delivery: WebhookDeliveryRow
    attempts: Sequence[WebhookAttemptRow]

    @property
    def event(self) -> dict[str, object]:
        """The document that was (or is to be) sent."""
        loaded: dict[str, object] = json.loads(self.delivery.body)
        return loaded


def delivery(db: Database, delivery_id: int) -> WebhookDeliveryRow:
    """The delivery with this id, or NotFoundError."""
    with db.transaction() as session:
        row = repo.delivery(session, delivery_id)
        if row is None:
            raise NotFoundError(f"There is no webhook delivery with id {delivery_id}.")
        session.expunge(row)
    return row


def logged_delivery(db: Database, delivery_id: int) -> LoggedDelivery:
    """One delivery with its attempts, or NotFoundError."""
    with db.transaction() as session:
        row = repo.delivery(session, delivery_id)
        if row is None:
            raise NotFoundError(f"There is no webhook delivery with id {delivery_id}.")
        tries = repo.attempts(session, [row.id])
        session.expunge_all()
    return LoggedDelivery(row, tries)


def delivery_log(db: Database, subscription_id: int, limit: int = 50) -> list[LoggedDelivery]:
    """The latest deliveries to a subscription, newest first, each with its attempts."""
    with db.transaction() as session:
        _subscription(session, subscription_id)
        rows = repo.deliveries(session, subscription_id, max(1, min(limit, MAX_LOG)))
        tries = repo.attempts(session, [row.id for row in rows])
        session.expunge_all()
    by_delivery: dict[int, list[WebhookAttemptRow]] = {}
    for attempt in tries:
        by_delivery.setdefault(attempt.delivery_id, []).append(attempt)
    return [LoggedDelivery(row, by_delivery.get(row.id, [])) for row in rows]
