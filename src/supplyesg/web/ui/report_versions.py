"""Report version pages: submit, approve, send back and publish from the report's page, a
published file to download, and a published version compared with the data now.

Every step is a form posted here; the gate checks its permission (`STEP_PERMISSION`, declared
on each route) and the domain its state and four eyes. A refusal shows the report page again
with the reasons in its Versions panel (422); success goes back to the panel with a message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Protocol

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from supplyesg.domain.errors import InvalidInputError
from supplyesg.domain.report_versions import STEP_PERMISSION, Step
from supplyesg.reports import publish, versions
from supplyesg.web.auth import requires
from supplyesg.web.deps import ClockDep, CurrentUserDep, DatabaseDep, PersonDep
from supplyesg.web.ui.code_labels import N_
from supplyesg.web.ui.flash import flash
from supplyesg.web.ui.forms import FormErrors, PostedForm
from supplyesg.web.ui.rendering import _, render
from supplyesg.web.ui.reports import YearPath, show_report

router = APIRouter(prefix="/reports")

NumberPath = Annotated[int, Path(ge=1, le=100_000)]
REASON_FIELDS = ("reason",)


class _Numbered(Protocol):
    number: int


def _panel(report: str, year: int) -> RedirectResponse:
    return RedirectResponse(f"/reports/{report}/{year}#versions", status_code=303)


def _step(
    request: Request,
    db: DatabaseDep,
    user: CurrentUserDep,
    report: str,
    year: int,
    take: Callable[[], _Numbered],
    message: str,
    reason: str | None = None,
) -> Response:
    """Take a step: back to the panel with `message` (its %(n)s the version's number), or the
    report page again with the domain's reasons beside the fields (422)."""
    try:
        row = take()
    except InvalidInputError as error:
        errors = FormErrors.of(error, REASON_FIELDS if reason is not None else ())
        return show_report(request, db, user, report, year, errors, 422, reason or "")
    return flash(_panel(report, year), _(message, n=row.number))


@router.post("/{report}/{year}/versions/submit")
@requires(STEP_PERMISSION[Step.SUBMIT])
def submit(
    request: Request,
    db: DatabaseDep,
    clock: ClockDep,
    person: PersonDep,
    user: CurrentUserDep,
    report: str,
    year: YearPath,
) -> Response:
    """Submit the report, as the data now stands, for review."""
    return _step(
        request,
        db,
        user,
        report,
        year,
        lambda: versions.submit_for_review(db, report, year, person, clock),
        N_("Version %(n)s submitted for review."),
    )


@router.post("/{report}/{year}/versions/approve")
@requires(STEP_PERMISSION[Step.APPROVE])
def approve(
    request: Request,
    db: DatabaseDep,
    clock: ClockDep,
    person: PersonDep,
    user: CurrentUserDep,
    report: str,
    year: YearPath,
) -> Response:
    """Sign off the version in review (not by whoever submitted it)."""
    return _step(
        request,
        db,
        user,
        report,
        year,
        lambda: versions.approve(db, report, year, person, clock),
        N_("Version %(n)s approved."),
    )


@router.post("/{report}/{year}/versions/reject")
@requires(STEP_PERMISSION[Step.REJECT])
def reject(
    request: Request,
    db: DatabaseDep,
    clock: ClockDep,
    person: PersonDep,
    user: CurrentUserDep,
    form: PostedForm,
    report: str,
    year: YearPath,
) -> Response:
    """Send the version back to draft, saying why."""
    reason = form.get("reason", "")
    return _step(
        request,
        db,
        user,
        report,
        year,
        lambda: versions.reject(db, report, year, reason, person, clock),
        N_("Version %(n)s sent back to draft."),
        reason,
    )


@router.post("/{report}/{year}/versions/publish")
@requires(STEP_PERMISSION[Step.PUBLISH])
def publish_version(
    request: Request,
    db: DatabaseDep,
    clock: ClockDep,
    person: PersonDep,
    user: CurrentUserDep,
    form: PostedForm,
    report: str,
    year: YearPath,
) -> Response:
    """Publish the approved version: every format in English, and in Traditional Chinese too
    when the form asks for it, frozen with its SHA-256."""
    also = tuple(filter(None, [form.get("lang", "")]))
    return _step(
        request,
        db,
        user,
        report,
        year,
        lambda: versions.publish(db, report, year, person, clock, also),
        N_("Version %(n)s published."),
    )


@router.get("/{report}/{year}/versions/{number}/files/{format}", name="version_file")
def version_file(
    db: DatabaseDep,
    report: str,
    year: YearPath,
    number: NumberPath,
    format: Annotated[str, Path(max_length=10)],
    language: Annotated[str, Query(max_length=10)] = "en",
) -> Response:
    """A file of a published version, its bytes checked against their SHA-256."""
    stored = versions.published_file(db, report, year, number, format, language)
    return Response(
        stored.content,
        media_type=stored.media_type,
        headers={"Content-Disposition": f'attachment; filename="{stored.filename}"'},
    )


@router.get("/{report}/{year}/versions/{number}/changes", name="version_changes")
def version_changes(
    request: Request, db: DatabaseDep, report: str, year: YearPath, number: NumberPath
) -> Response:
    """A published version beside the data now: each figure whose value moved."""
    row, changes = versions.changes_in(db, report, year, number)
    return render(
        request,
        "reports/changes.html",
        area="reports",
        kind=publish.report_kind(report),
        version=row,
        changes=changes,
    )
