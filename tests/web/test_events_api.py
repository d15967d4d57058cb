from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient

from programme_builders import ACTOR, MEDIUM, audited, supplier
from supplyesg.clock import FixedClock
from supplyesg.db.repositories import events as event_log
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.suppliers import SupplierStatus
from supplyesg.services import suppliers

CLOCK = FixedClock(datetime(2026, 11, 21, 9, 0, tzinfo=UTC))


def cursor(db: Database) -> int:
    with db.transaction() as session:
        return event_log.last_id(session)


@pytest.fixture
def history(db: Database) -> int:
    """Three events after the cursor returned: an audit, a suspension and a reactivation."""
    supplier(db, "S-1")
    start = cursor(db)
    audited(db, date(2026, 3, 10), "S-1", reference="A-1", **MEDIUM)
    for day, status in ((3, SupplierStatus.SUSPENDED), (4, SupplierStatus.ACTIVE)):
        suppliers.change_status(db, "S-1", status, "checked", ACTOR, date(2026, 11, day), CLOCK)
    return start


def test_the_feed_gives_events_after_the_cursor_one_page_at_a_time(
    client_as: Callable[..., TestClient], history: int
) -> None:
    client = client_as(Role.PROCUREMENT)
    first = client.get("/api/v1/events", params={"after": history, "limit": 2})
    assert first.status_code == 200
    body = first.json()
    assert [(e["kind"], e["effective_on"]) for e in body["items"]] == [
        ("audit.completed", "2026-03-10"),
        ("supplier.status_changed", "2026-11-03"),
    ]
    assert body["has_more"] is True
    assert body["next_cursor"] == body["items"][-1]["id"]
    second = client.get("/api/v1/events", params={"after": body["next_cursor"], "limit": 2}).json()
    [last] = second["items"]
    assert (last["supplier"], last["payload"]["to_status"], second["has_more"]) == (
        "S-1",
        "active",
        False,
    )
    assert last["recorded_at"] == "2026-11-21T09:00:00Z"
    rest = client.get("/api/v1/events", params={"after": second["next_cursor"]}).json()
    assert rest == {"items": [], "next_cursor": second["next_cursor"], "has_more": False}


@pytest.mark.parametrize("role", [Role.ADMIN, Role.ESG_MANAGER, Role.AUDITOR, Role.VIEWER])
def test_staff_who_read_the_programme_read_the_feed(
    client_as: Callable[..., TestClient], history: int, role: Role
) -> None:
    answer = client_as(role).get("/api/v1/events", params={"after": history})
    assert answer.status_code == 200
    assert len(answer.json()["items"]) == 3


def test_a_supplier_user_is_told_the_feed_does_not_exist(
    client_as: Callable[..., TestClient], history: int
) -> None:
    answer = client_as(Role.SUPPLIER_USER, supplier="S-1").get("/api/v1/events")
    assert answer.status_code == 404
    assert "items" not in answer.json()


@pytest.mark.parametrize(
    "query", [{"after": "-1"}, {"limit": "0"}, {"limit": "501"}, {"after": "x"}]
)
def test_a_bad_cursor_or_limit_is_refused_naming_the_field(
    client: TestClient, query: dict[str, str]
) -> None:
    answer = client.get("/api/v1/events", params=query)
    assert answer.status_code == 422
    assert next(iter(query)) in answer.text


def test_the_feed_is_documented(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/v1/events"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"after", "limit"}
    assert "200" in operation["responses"]
