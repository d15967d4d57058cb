"""Webhooks end to end: events recorded by the services reach a real receiver on 127.0.0.1,
signed, retried after a server error, logged; a disabled subscription hears nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from programme_builders import ACTOR, HIGH, LOW, MEDIUM, SUPPLIER_CONTACT, audited, supplier
from supplyesg.clock import FixedClock
from supplyesg.db.repositories.audits import NcFilter
from supplyesg.db.session import Database
from supplyesg.domain import webhooks as rules
from supplyesg.domain.errors import InvalidInputError, NotFoundError
from supplyesg.domain.events import EVENT_KINDS
from supplyesg.domain.periods import Quarter
from supplyesg.domain.plans import PlanAction
from supplyesg.domain.suppliers import SupplierStatus
from supplyesg.services import audits, nonconformities, plans, rating, suppliers, webhooks
from webhook_receiver import Receiver, receiver

AT = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
CLOCK = FixedClock(AT)
ALL_KINDS = [kind.value for kind in EVENT_KINDS]


def later(minutes: float) -> FixedClock:
    return FixedClock(AT + timedelta(minutes=minutes))


@pytest.fixture
def hook() -> Iterator[Receiver]:
    with receiver() as running:
        yield running


def subscribe(db: Database, url: str, kinds: list[str] = ALL_KINDS) -> webhooks.NewSubscription:
    return webhooks.create_subscription(db, url, kinds, ACTOR, "ERP", CLOCK)


def suspend(db: Database, code: str, day: int = 2) -> None:
    suppliers.change_status(
        db, code, SupplierStatus.SUSPENDED, "fire exits locked", ACTOR, date(2026, 11, day), CLOCK
    )


def test_a_status_change_reaches_the_receiver_signed_with_the_subscription_secret(
    db: Database, hook: Receiver
) -> None:
    supplier(db, "S-1")
    created = subscribe(db, hook.url)
    suspend(db, "S-1")
    assert webhooks.run(db, CLOCK) == 1
    [request] = hook.received
    header = request.headers[rules.SIGNATURE_HEADER]
    timestamp = int(AT.timestamp())
    assert header.startswith(f"t={timestamp},v1=")
    assert rules.is_authentic(created.secret, header, request.body, timestamp)
    assert not rules.is_authentic("whsec_other", header, request.body, timestamp)
    sent = json.loads(request.body)
    assert (sent["kind"], sent["supplier"], sent["effective_on"]) == (
        "supplier.status_changed",
        "S-1",
        "2026-11-02",
    )
    assert sent["payload"]["to_status"] == "suspended"
    assert request.headers[rules.EVENT_HEADER] == "supplier.status_changed"
    assert request.headers["Content-Type"] == "application/json"


def test_a_500_is_retried_after_the_backoff_and_the_log_shows_both_answers(db: Database) -> None:
    supplier(db, "S-1")
    with receiver(answers=[500]) as hook:
        created = subscribe(db, hook.url)
        suspend(db, "S-1")
        assert webhooks.run(db, CLOCK) == 1
        [logged] = webhooks.delivery_log(db, created.subscription.id)
        assert (logged.delivery.state, logged.delivery.status_code) == ("pending", 500)
        assert logged.delivery.next_attempt_at == AT + timedelta(minutes=1)
        assert webhooks.run(db, later(0.5)) == 0  # not yet due
        assert webhooks.run(db, later(1)) == 1
        assert len(hook.received) == 2
        assert hook.received[0].body == hook.received[1].body
    [logged] = webhooks.delivery_log(db, created.subscription.id)
    assert (logged.delivery.state, logged.delivery.attempts, logged.delivery.status_code) == (
        "delivered",
        2,
        200,
    )
    assert [(a.attempt, a.status_code) for a in logged.attempts] == [(1, 500), (2, 200)]
    assert all(a.duration_ms >= 0 for a in logged.attempts)
    assert webhooks.run(db, later(60)) == 0  # delivered once, never again


def test_a_refused_delivery_is_not_retried(db: Database) -> None:
    supplier(db, "S-1")
    with receiver(answers=[404]) as hook:
        created = subscribe(db, hook.url)
        suspend(db, "S-1")
        webhooks.run(db, CLOCK)
        assert webhooks.run(db, later(120)) == 0
    [logged] = webhooks.delivery_log(db, created.subscription.id)
    assert (logged.delivery.state, logged.delivery.status_code) == ("failed", 404)


def test_no_receiver_listening_is_logged_as_an_error_and_given_up_after_eight_attempts(
    db: Database,
) -> None:
    supplier(db, "S-1")
    with receiver() as hook:
        url = hook.url  # the port is free again once the receiver stops
    created = subscribe(db, url)
    suspend(db, "S-1")
    minutes = 0.0
    for attempt in range(1, 9):
        assert webhooks.run(db, later(minutes)) == 1
        minutes += rules.DEFAULT_SCHEDULE.wait_after(attempt).total_seconds() / 60
    [logged] = webhooks.delivery_log(db, created.subscription.id)
    assert (logged.delivery.state, logged.delivery.attempts) == ("failed", 8)
    assert logged.delivery.status_code is None
    assert logged.delivery.error
    assert webhooks.run(db, later(minutes + 600)) == 0


def test_a_disabled_subscription_gets_nothing(db: Database, hook: Receiver) -> None:
    supplier(db, "S-1")
    kept = subscribe(db, hook.url)
    with receiver() as other:
        dropped = subscribe(db, other.url)
        suspend(db, "S-1")
        webhooks.queue_deliveries(db, CLOCK)  # queued before it was disabled
        webhooks.disable_subscription(db, dropped.subscription.id, ACTOR, CLOCK)
        suppliers.change_status(db, "S-1", SupplierStatus.ACTIVE, "fixed", ACTOR, clock=CLOCK)
        webhooks.run(db, CLOCK)
        assert other.received == []
    assert len(hook.received) == 2
    assert webhooks.subscription(db, dropped.subscription.id).active is False
    assert webhooks.delivery_log(db, kept.subscription.id)[0].delivery.state == "delivered"


def test_a_subscription_hears_only_its_kinds_and_only_events_after_it_was_made(
    db: Database, hook: Receiver
) -> None:
    supplier(db, "S-1")
    suspend(db, "S-1")  # before the subscription: never sent
    subscribe(db, hook.url, ["supplier.terminated"])
    suppliers.change_status(db, "S-1", SupplierStatus.ACTIVE, "fixed", ACTOR, clock=CLOCK)
    suppliers.change_status(
        db, "S-1", SupplierStatus.TERMINATED, "orders ended", ACTOR, clock=CLOCK
    )
    webhooks.run(db, CLOCK)
    assert [json.loads(r.body)["kind"] for r in hook.received] == ["supplier.terminated"]


def test_an_event_of_each_kind_produces_a_delivery(db: Database, hook: Receiver) -> None:
    for code in ("S-1", "LOW", "HIGH", "MED"):
        supplier(db, code)
    subscribe(db, hook.url)
    suspend(db, "S-1")
    audited(db, date(2026, 1, 10), "LOW", reference="L-1", **LOW)
    audited(db, date(2026, 3, 10), "MED", reference="M-1", **MEDIUM)
    audited(db, date(2026, 3, 15), "HIGH", reference="H-1", **HIGH)
    rating.rate_quarter(db, Quarter(2026, 1), clock=CLOCK)
    audit = audits.get_audit(db, "M-1")
    ncs = nonconformities.list_nonconformities(db, NcFilter(audit_id=audit.id), AT.date()).items
    actions = [PlanAction(r.row.id, "Fix", "Plant manager", date(2026, 9, 30)) for r in ncs]
    plan = plans.submit_plan(db, "M-1", actions, SUPPLIER_CONTACT, date(2026, 4, 1))
    plans.decide_plan(db, plan.id, True, "", ACTOR, date(2026, 4, 20), CLOCK)
    rating.enforce_plan_deadlines(db, date(2026, 6, 16), ACTOR, at=AT)  # HIGH had no plan
    webhooks.run(db, CLOCK)
    kinds = {json.loads(r.body)["kind"] for r in hook.received}
    assert kinds == set(ALL_KINDS)
    ids = [json.loads(r.body)["id"] for r in hook.received]
    assert ids == sorted(ids)  # in the order the events were recorded


def test_a_test_delivery_is_sent_at_once_and_logged(db: Database, hook: Receiver) -> None:
    created = subscribe(db, hook.url)
    sent = webhooks.send_test(db, created.subscription.id, CLOCK)
    assert (sent.state, sent.status_code, sent.kind, sent.event_id) == (
        "delivered",
        200,
        "webhook.test",
        None,
    )
    [request] = hook.received
    assert json.loads(request.body)["payload"] == {"test": True, "delivery": sent.id}
    timestamp = int(AT.timestamp())
    header = request.headers[rules.SIGNATURE_HEADER]
    assert rules.is_authentic(created.secret, header, request.body, timestamp)


def test_a_failed_test_delivery_is_not_retried(db: Database) -> None:
    with receiver(answers=[503]) as hook:
        created = subscribe(db, hook.url)
        sent = webhooks.send_test(db, created.subscription.id, CLOCK)
        assert (sent.state, sent.status_code) == ("failed", 503)
        assert webhooks.run(db, later(10)) == 0


def test_an_address_over_plain_http_elsewhere_is_refused(db: Database) -> None:
    with pytest.raises(InvalidInputError) as refused:
        subscribe(db, "http://erp.example.com/hook")
    assert refused.value.problems[0].field == "url"


def test_an_unknown_subscription_is_not_found(db: Database) -> None:
    with pytest.raises(NotFoundError):
        webhooks.disable_subscription(db, 999_999, ACTOR, CLOCK)
