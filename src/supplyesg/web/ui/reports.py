"""Report pages: choose a report and a year, read it in the browser, download it in any format."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse
from markupsafe import Markup
from starlette.responses import Response

from supplyesg.reports import publish, render_html
from supplyesg.reports.renderers import RENDERERS
from supplyesg.web.deps import DatabaseDep, request_today
from supplyesg.web.ui.rendering import render

router = APIRouter(prefix="/reports")

YearPath = Annotated[int, Path(ge=publish.MIN_YEAR, le=publish.MAX_YEAR)]


def last_year() -> int:
    """The year most reports are written about: the one that ended last."""
    return request_today().year - 1


@router.get("", name="reports")
def reports_page(request: Request) -> Response:
    """The reports there are, with a year to choose and every format to download."""
    return render(
        request,
        "reports/index.html",
        area="reports",
        kinds=list(publish.REPORT_KINDS.values()),
        formats=list(RENDERERS.values()),
        year=last_year(),
        min_year=publish.MIN_YEAR,
        max_year=publish.MAX_YEAR,
    )


@router.get("/open")
def open_report(
    report: Annotated[str, Query(max_length=40)],
    year: Annotated[int, Query(ge=publish.MIN_YEAR, le=publish.MAX_YEAR)],
) -> Response:
    """The choice of the reports page, sent on to the report's own address."""
    kind = publish.report_kind(report)
    return RedirectResponse(f"/reports/{kind.key}/{year}", status_code=303)


@router.get("/report.css", name="report_stylesheet")
def report_stylesheet() -> Response:
    """The report's screen stylesheet, linked by report pages (no inline style is allowed)."""
    return Response(render_html.stylesheet(), media_type="text/css")


@router.get("/{report}/{year}", name="report")
def report_page(request: Request, db: DatabaseDep, report: str, year: YearPath) -> Response:
    """A report of a year, read in the browser, with its warnings and download links."""
    kind = publish.report_kind(report)
    document = publish.report_document(db, report, year)
    return render(
        request,
        "reports/view.html",
        area="reports",
        kind=kind,
        document=document,
        formats=list(RENDERERS.values()),
        body=Markup(render_html.body(document)),  # noqa: S704 - escaped by the report templates
    )


@router.get("/{report}/{year}/download", name="report_download")
def download(
    db: DatabaseDep,
    report: str,
    year: YearPath,
    format: Annotated[str, Query(max_length=10)] = "pdf",
) -> Response:
    """A report of a year as a file."""
    produced = publish.report_file(db, report, year, format)
    return Response(
        produced.content,
        media_type=produced.media_type,
        headers={"Content-Disposition": f'attachment; filename="{produced.filename}"'},
    )
