"""The home page: one panel per area. An area adds its panel with one Widget line below."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import APIRouter, Request
from starlette.responses import Response

from supplyesg.db.session import Database
from supplyesg.services import esg_views, programme_views, supplier_overview
from supplyesg.web.deps import DatabaseDep
from supplyesg.web.ui.rendering import render

router = APIRouter()


@dataclass(frozen=True, slots=True)
class Widget:
    """A dashboard panel: its template (which reads `data`) and the service call that fills it."""

    template: str
    load: Callable[[Database], object]


WIDGETS: list[Widget] = [
    Widget("suppliers/_dashboard.html", supplier_overview.supplier_overview),
    Widget("programme/_dashboard.html", programme_views.programme_overview),
    Widget("esg/_dashboard.html", esg_views.latest_year),
]


@router.get("/", name="dashboard")
def dashboard(request: Request, db: DatabaseDep) -> Response:
    """The registry and programme at a glance."""
    panels = [(widget.template, widget.load(db)) for widget in WIDGETS]
    return render(request, "dashboard.html", area="dashboard", panels=panels)
