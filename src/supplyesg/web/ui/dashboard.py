"""The home page: one panel per area. An area adds its panel with one Widget line below."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from fastapi import APIRouter, Request
from starlette.responses import Response

from supplyesg.db.session import Database
from supplyesg.services import esg_views, programme_views, supplier_overview
from supplyesg.web.deps import DatabaseDep, request_today
from supplyesg.web.ui.rendering import render

router = APIRouter()


@dataclass(frozen=True, slots=True)
class Widget:
    """A dashboard panel: its template (which reads `data`) and the service call that fills it,
    as of the day shown."""

    template: str
    load: Callable[[Database, date], object]


WIDGETS: list[Widget] = [
    Widget("suppliers/_dashboard.html", lambda db, _on: supplier_overview.supplier_overview(db)),
    Widget("programme/_dashboard.html", programme_views.programme_overview),
    Widget("esg/_dashboard.html", lambda db, _on: esg_views.latest_year(db)),
]


@router.get("/", name="dashboard")
def dashboard(request: Request, db: DatabaseDep) -> Response:
    """The registry and programme at a glance."""
    on = request_today()
    panels = [(widget.template, widget.load(db, on)) for widget in WIDGETS]
    return render(request, "dashboard.html", area="dashboard", panels=panels)
