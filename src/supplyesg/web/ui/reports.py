"""Report pages: choose a report and a year, read it in the browser, download it in any format,
or have it built in the background; the report's versions are in a panel of its page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse
from markupsafe import Markup
from starlette.responses import Response

from supplyesg.db.session import Database
from supplyesg.domain.access import Principal
from supplyesg.reports import publish, render_html
from supplyesg.reports.renderers import RENDERERS
from supplyesg.reports.words import LANGUAGE_NAMES
from supplyesg.web.deps import CurrentUserDep, DatabaseDep, JobQueueDep, public_url, request_today
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors, PostedForm
from supplyesg.web.ui.rendering import render
from supplyesg.web.ui.version_panel import may_start_new, versions_shown
from supplyesg.worker import kinds

router = APIRouter(prefix="/reports")

YearPath = Annotated[int, Path(ge=publish.MIN_YEAR, le=publish.MAX_YEAR)]
LangQuery = Annotated[str, Query(max_length=10)]


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
def report_page(
    request: Request,
    db: DatabaseDep,
    user: CurrentUserDep,
    report: str,
    year: YearPath,
    lang: LangQuery = "en",
) -> Response:
    """A report of a year in a language, read in the browser, with its warnings, download
    links and versions."""
    return show_report(request, db, user, report, year, language=lang)


def show_report(
    request: Request,
    db: Database,
    user: Principal,
    report: str,
    year: int,
    version_errors: FormErrors = NO_ERRORS,
    status_code: int = 200,
    typed_reason: str = "",
    language: str = "en",
) -> Response:
    """The report's page; a refused version step shows its reasons in the Versions panel."""
    kind = publish.report_kind(report)
    document = publish.report_document(db, report, year, public_url(request), language)
    shown = versions_shown(db, report, year, user)
    return render(
        request,
        "reports/view.html",
        status_code,
        area="reports",
        kind=kind,
        document=document,
        formats=list(RENDERERS.values()),
        body=Markup(render_html.body(document)),  # noqa: S704 - escaped by the report templates
        versions=shown,
        may_start_new=may_start_new(shown),
        version_errors=version_errors,
        typed_reason=typed_reason,
        report_languages=[(code, LANGUAGE_NAMES[code]) for code in kind.languages],
        lang_query="" if language == "en" else f"&lang={language}",
    )


@router.post("/{report}/{year}/jobs", name="report_job")
def build_in_background(
    queue: JobQueueDep, user: CurrentUserDep, form: PostedForm, report: str, year: YearPath
) -> Response:
    """Queue the build of the report in the format chosen; its job's page follows it."""
    format, language = form.get("format", "pdf"), form.get("lang", "en")
    job = kinds.request_report_build(
        queue, report, year, format, user.actor, user.user_id, language=language
    )
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/{report}/{year}/download", name="report_download")
def download(
    request: Request,
    db: DatabaseDep,
    report: str,
    year: YearPath,
    format: Annotated[str, Query(max_length=10)] = "pdf",
    lang: LangQuery = "en",
) -> Response:
    """A report of a year as a file, in a language."""
    produced = publish.report_file(db, report, year, format, public_url(request), lang)
    return Response(
        produced.content,
        media_type=produced.media_type,
        headers={"Content-Disposition": f'attachment; filename="{produced.filename}"'},
    )
