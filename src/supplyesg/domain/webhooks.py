"""Webhooks: who hears of which business events, how a delivery is signed, when it is retried.

A subscription names an address and the kinds of event it wants. Each event of those kinds
becomes one delivery to it: the event's envelope (`domain.events.envelope`) as JSON, signed
with the subscription's secret so the receiver can tell it came from us and was not replayed
(HMAC-SHA256 over "<unix timestamp>.<body>", as Stripe and GitHub sign theirs). A delivery that
fails for a reason that may pass (no answer, 408, 429, 5xx) is tried again later, each wait
twice the last up to a cap, until it succeeds or the attempts run out.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import urlsplit

from supplyesg.domain.errors import Problem, refuse_if
from supplyesg.domain.events import EVENT_KINDS

SIGNATURE_HEADER = "X-Supplyesg-Signature"
EVENT_HEADER = "X-Supplyesg-Event"
DELIVERY_HEADER = "X-Supplyesg-Delivery"
TEST_KIND = "webhook.test"
"""The kind of the test delivery an administrator sends by hand: no business event behind it."""

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})
MAX_URL_LENGTH = 500
DEFAULT_TOLERANCE = timedelta(minutes=5)
RETRIED_STATUS_CODES = frozenset({408, 429})


class DeliveryState(StrEnum):
    """Where a delivery is: waiting for its (next) attempt, delivered, or given up on."""

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Subscription:
    """An address that hears of some kinds of business event, signed with its secret."""

    id: int
    url: str
    event_kinds: frozenset[str]
    secret: str
    active: bool

    def wants(self, kind: str) -> bool:
        """Whether the subscription is to receive an event of this kind now."""
        return self.active and kind in self.event_kinds


def url_problems(url: str) -> list[Problem]:
    """Why an address cannot receive webhooks: only https, or plain http to this machine."""
    if len(url) > MAX_URL_LENGTH:
        return [Problem("url", f"must be at most {MAX_URL_LENGTH} characters", url[:60] + "...")]
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - a bad port raises here
    except ValueError:
        return [Problem("url", "is not a valid address", url)]
    if parts.scheme not in ("https", "http") or not host:
        return [Problem("url", "must be an https:// address", url)]
    if parts.scheme == "http" and host not in LOCAL_HOSTS:
        return [Problem("url", "must use https (http only to 127.0.0.1 or localhost)", url)]
    if parts.username or parts.password:
        return [Problem("url", "must not carry a user name or password", "(hidden)")]
    return []


def kind_problems(kinds: Collection[str]) -> list[Problem]:
    """Why a set of event kinds cannot be subscribed to: empty, or kinds that do not exist."""
    if not kinds:
        return [Problem("event_kinds", "choose at least one kind of event", [])]
    known = {kind.value for kind in EVENT_KINDS}
    return [
        Problem("event_kinds", f"is not a kind of event (one of {', '.join(sorted(known))})", k)
        for k in sorted(kinds)
        if k not in known
    ]


def check_subscription(url: str, kinds: Collection[str]) -> None:
    """Refuse a subscription whose address or kinds of event are not acceptable."""
    refuse_if([*url_problems(url), *kind_problems(kinds)], "The webhook subscription is not valid.")


def subscribers(subscriptions: Iterable[Subscription], kind: str) -> list[Subscription]:
    """The subscriptions an event of this kind is delivered to."""
    return [s for s in subscriptions if s.wants(kind)]


# -- the body and its signature -------------------------------------------------------------


def body(document: Mapping[str, object]) -> bytes:
    """The exact bytes sent: compact JSON with sorted keys (what the signature covers)."""
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()


def ping_document(delivery_id: int, at: datetime) -> dict[str, object]:
    """The body of a test delivery: the envelope of an event, of the kind `webhook.test`."""
    return {
        "id": 0,
        "kind": TEST_KIND,
        "supplier": "",
        "effective_on": at.date().isoformat(),
        "recorded_at": at.isoformat(),
        "payload": {"test": True, "delivery": delivery_id},
    }


def signature(secret: str, timestamp: int, content: bytes) -> str:
    """The hex HMAC-SHA256 of "<timestamp>.<body>" under the secret."""
    signed = str(timestamp).encode() + b"." + content
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, content: bytes) -> str:
    """The value of X-Supplyesg-Signature: `t=<unix seconds>,v1=<hex>`."""
    return f"t={timestamp},v1={signature(secret, timestamp, content)}"


def is_authentic(
    secret: str,
    header: str,
    content: bytes,
    now: int,
    tolerance: timedelta = DEFAULT_TOLERANCE,
) -> bool:
    """Whether a signature header is ours for this body and recent enough (not a replay)."""
    fields: dict[str, list[str]] = {}
    for item in header.split(","):
        key, _, value = item.strip().partition("=")
        fields.setdefault(key, []).append(value)
    try:
        timestamp = int(fields.get("t", [""])[0])
    except ValueError:
        return False
    if abs(now - timestamp) > tolerance.total_seconds():
        return False
    expected = signature(secret, timestamp, content)
    return any(hmac.compare_digest(expected, given) for given in fields.get("v1", []))


# -- attempts and retries -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RetrySchedule:
    """How often a delivery is tried and how long it waits between attempts."""

    max_attempts: int = 8
    first_wait: timedelta = timedelta(minutes=1)
    max_wait: timedelta = timedelta(hours=1)

    def wait_after(self, attempt: int) -> timedelta:
        """The wait after the attempt-th failed attempt (1-based): doubling, up to the cap."""
        return min(self.first_wait * (1 << (max(attempt, 1) - 1)), self.max_wait)


DEFAULT_SCHEDULE = RetrySchedule()


def is_success(status_code: int | None) -> bool:
    """Whether the receiver took the delivery: any 2xx answer."""
    return status_code is not None and 200 <= status_code < 300


def is_retried(status_code: int | None) -> bool:
    """Whether a failed attempt may succeed later: no answer, 408, 429 or a server error."""
    return status_code is None or status_code in RETRIED_STATUS_CODES or status_code >= 500


@dataclass(frozen=True, slots=True)
class AfterAttempt:
    """What becomes of a delivery after an attempt: its state and when it is tried next."""

    state: DeliveryState
    next_attempt_at: datetime | None


def after_attempt(
    attempt: int,
    status_code: int | None,
    at: datetime,
    schedule: RetrySchedule = DEFAULT_SCHEDULE,
) -> AfterAttempt:
    """The state after the attempt-th attempt, answered with the status (None: no answer)."""
    if is_success(status_code):
        return AfterAttempt(DeliveryState.DELIVERED, None)
    if is_retried(status_code) and attempt < schedule.max_attempts:
        return AfterAttempt(DeliveryState.PENDING, at + schedule.wait_after(attempt))
    return AfterAttempt(DeliveryState.FAILED, None)


def is_due(state: DeliveryState, next_attempt_at: datetime | None, now: datetime) -> bool:
    """Whether a delivery is to be attempted now."""
    return state is DeliveryState.PENDING and next_attempt_at is not None and next_attempt_at <= now
