from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from supplyesg.domain import webhooks as rules
from supplyesg.domain.errors import InvalidInputError
from supplyesg.domain.webhooks import DeliveryState, RetrySchedule, Subscription

AT = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
SECRET = "whsec_test"


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://erp.example.com/hooks/esg", True),
        ("https://erp.example.com:8443/hooks", True),
        ("http://127.0.0.1:8080/hook", True),
        ("http://localhost/hook", True),
        ("http://erp.example.com/hook", False),
        ("ftp://erp.example.com/hook", False),
        ("erp.example.com/hook", False),
        ("https://", False),
        ("https://user:pw@erp.example.com/", False),
        ("https://erp.example.com:99999/", False),
        ("https://erp.example.com/" + "x" * 500, False),
    ],
)
def test_only_https_or_plain_http_to_this_machine_is_accepted(url: str, accepted: bool) -> None:
    assert (rules.url_problems(url) == []) is accepted


def test_a_subscription_needs_known_kinds_of_event() -> None:
    with pytest.raises(InvalidInputError) as refused:
        rules.check_subscription("https://erp.example.com/", ["supplier.terminated", "nope"])
    assert [(p.field, p.value) for p in refused.value.problems] == [("event_kinds", "nope")]
    with pytest.raises(InvalidInputError):
        rules.check_subscription("https://erp.example.com/", [])


@pytest.mark.parametrize(
    ("active", "kinds", "kind", "wanted"),
    [
        (True, {"rating.recorded"}, "rating.recorded", True),
        (True, {"rating.recorded"}, "audit.completed", False),
        (False, {"rating.recorded"}, "rating.recorded", False),
    ],
)
def test_an_event_goes_to_active_subscriptions_of_its_kind(
    active: bool, kinds: set[str], kind: str, wanted: bool
) -> None:
    subscription = Subscription(1, "https://x.example/", frozenset(kinds), SECRET, active)
    assert rules.subscribers([subscription], kind) == ([subscription] if wanted else [])


def test_the_signature_is_hmac_sha256_of_timestamp_dot_body() -> None:
    # echo -n '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
    header = rules.signature_header(SECRET, 1_700_000_000, b'{"a":1}')
    assert header == ("t=1700000000,v1=" + rules.signature(SECRET, 1_700_000_000, b'{"a":1}'))
    import hashlib
    import hmac

    expected = hmac.new(b"whsec_test", b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
    assert header.endswith(expected)


@pytest.mark.parametrize(
    ("secret", "body", "now", "authentic"),
    [
        (SECRET, b'{"a":1}', 1_700_000_000, True),
        (SECRET, b'{"a":1}', 1_700_000_299, True),
        (SECRET, b'{"a":1}', 1_700_000_301, False),  # too old: a replay
        (SECRET, b'{"a":2}', 1_700_000_000, False),  # another body
        ("whsec_other", b'{"a":1}', 1_700_000_000, False),
    ],
)
def test_a_receiver_accepts_only_our_recent_signature_of_the_same_body(
    secret: str, body: bytes, now: int, authentic: bool
) -> None:
    header = rules.signature_header(SECRET, 1_700_000_000, b'{"a":1}')
    assert rules.is_authentic(secret, header, body, now) is authentic


@pytest.mark.parametrize("header", ["", "t=x,v1=00", "v1=00", "t=1700000000"])
def test_a_malformed_signature_header_is_not_authentic(header: str) -> None:
    assert rules.is_authentic(SECRET, header, b"{}", 1_700_000_000) is False


def test_the_body_is_compact_json_with_sorted_keys() -> None:
    assert rules.body({"b": 1, "a": [1, 2]}) == b'{"a":[1,2],"b":1}'


@pytest.mark.parametrize(
    ("attempt", "wait"),
    [
        (1, timedelta(minutes=1)),
        (2, timedelta(minutes=2)),
        (3, timedelta(minutes=4)),
        (6, timedelta(minutes=32)),
        (7, timedelta(hours=1)),
        (20, timedelta(hours=1)),
    ],
)
def test_waits_double_up_to_an_hour(attempt: int, wait: timedelta) -> None:
    assert RetrySchedule().wait_after(attempt) == wait


@pytest.mark.parametrize(
    ("status", "retried"),
    [
        (None, True),
        (408, True),
        (429, True),
        (500, True),
        (503, True),
        (400, False),
        (401, False),
        (404, False),
        (301, False),
    ],
)
def test_no_answer_408_429_and_server_errors_are_retried(status: int | None, retried: bool) -> None:
    assert rules.is_retried(status) is retried


@pytest.mark.parametrize(
    ("attempt", "status", "state", "next_at"),
    [
        (1, 200, DeliveryState.DELIVERED, None),
        (1, 204, DeliveryState.DELIVERED, None),
        (1, 500, DeliveryState.PENDING, AT + timedelta(minutes=1)),
        (3, None, DeliveryState.PENDING, AT + timedelta(minutes=4)),
        (7, 503, DeliveryState.PENDING, AT + timedelta(hours=1)),
        (8, 503, DeliveryState.FAILED, None),
        (1, 404, DeliveryState.FAILED, None),
    ],
)
def test_after_an_attempt(
    attempt: int, status: int | None, state: DeliveryState, next_at: datetime | None
) -> None:
    assert rules.after_attempt(attempt, status, AT) == rules.AfterAttempt(state, next_at)


@pytest.mark.parametrize(
    ("state", "next_at", "due"),
    [
        (DeliveryState.PENDING, AT, True),
        (DeliveryState.PENDING, AT + timedelta(seconds=1), False),
        (DeliveryState.PENDING, None, False),
        (DeliveryState.DELIVERED, AT, False),
        (DeliveryState.FAILED, AT, False),
    ],
)
def test_a_delivery_is_due_when_pending_and_its_time_has_come(
    state: DeliveryState, next_at: datetime | None, due: bool
) -> None:
    assert rules.is_due(state, next_at, AT) is due
