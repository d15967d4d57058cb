"""The target pages: the list with each year's progress, and the form to set, change, withdraw."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from esg_builders import CHECKER, organisation, submit
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.targets import TargetMetric
from supplyesg.services import esg_data, targets
from supplyesg.web.ui.targets import METRIC_TITLES

ClientFactory = Any
FORM = {
    "metric": "water_consumption",
    "kind": "absolute",
    "accounting": "gross",
    "base_year": "2024",
    "target_year": "2026",
    "reduction_pct": "10",
    "description": "Use less fresh water",
    "steps": "Closed-loop rinsing",
    "owner": "Plant manager",
}


@pytest.fixture
def staff(db: Database, client_as: ClientFactory) -> TestClient:
    organisation(db)
    ids = [
        submit(db, "CQ1", "water_consumption", "2024", "1000", "m3"),
        submit(db, "CQ1", "water_consumption", "2025", "980", "m3"),
    ]
    esg_data.approve_values(db, ids, CHECKER)
    client: TestClient = client_as(Role.ESG_MANAGER, clock=FixedClock.on(date(2025, 3, 10)))
    return client


def test_a_target_set_on_the_form_is_listed_with_its_progress(
    staff: TestClient, db: Database
) -> None:
    assert "No target is set yet" in staff.get("/targets").text
    sent = staff.post("/targets/new", data=FORM, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    page = staff.get("/targets")
    assert page.status_code == 200
    assert "Use less fresh water" in page.text
    assert "Closed-loop rinsing" in page.text
    assert "1,000" in page.text  # the base
    assert "900" in page.text  # the goal
    assert "950" in page.text  # the straight line in FY2025
    assert "Behind" in page.text  # 980 is above it
    [stored] = targets.list_targets(db)
    assert staff.get(f"/targets/{stored.id}/edit").status_code == 200


def test_a_refused_form_names_each_field(staff: TestClient) -> None:
    bad = {**FORM, "base_year": "20x4", "reduction_pct": "ten", "credits": "2025"}
    page = staff.post("/targets/new", data=bad)
    assert page.status_code == 422
    assert "must be a year such as 2030" in page.text
    assert "is not a number" in page.text
    assert "write one year a line: 2025=120" in page.text
    early = staff.post("/targets/new", data={**FORM, "base_year": "2020"})
    assert early.status_code == 422
    assert "enter the base value with its source" in early.text


def test_a_target_is_changed_and_withdrawn_from_the_page(staff: TestClient, db: Database) -> None:
    staff.post("/targets/new", data=FORM)
    [stored] = targets.list_targets(db)
    changed = staff.post(
        f"/targets/{stored.id}/edit", data={**FORM, "reduction_pct": "20"}, follow_redirects=False
    )
    assert changed.status_code == 303
    assert targets.get_target(db, stored.id).target.reduction_pct == 20
    withdrawn = staff.post(f"/targets/{stored.id}/withdraw", follow_redirects=False)
    assert withdrawn.status_code == 303
    assert targets.list_targets(db) == []
    assert staff.get("/targets/0/edit").status_code == 422


def test_a_viewer_sees_targets_but_no_form(staff: TestClient, client_as: ClientFactory) -> None:
    viewer = client_as(Role.VIEWER)
    assert viewer.get("/targets").status_code == 200
    assert "Set a target" not in viewer.get("/targets").text
    assert viewer.post("/targets/new", data=FORM).status_code == 403


def test_each_metric_has_the_title_the_figures_give_it() -> None:
    assert set(METRIC_TITLES) == set(TargetMetric)
    assert METRIC_TITLES[TargetMetric.GHG_TOTAL] == "Scope 1 and 2 emissions"
