"""Code of conduct pages: the version in effect by pillar, every version, import and export."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from supplyesg.db.models import ConductCodeRow
from supplyesg.domain.conduct import Pillar
from supplyesg.domain.errors import DomainError, InvalidInputError, NotFoundError, Problem
from supplyesg.services import conduct as service
from supplyesg.web.deps import DatabaseDep
from supplyesg.web.ui.audit_pages import pillars_of, today
from supplyesg.web.ui.flash import flash
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors
from supplyesg.web.ui.rendering import _, render

router = APIRouter(prefix="/code-of-conduct")

REFUSED = "The file was not imported."


@router.get("", name="code_of_conduct")
def current_code(request: Request, db: DatabaseDep) -> Response:
    """The version in effect today, grouped by pillar, and every version."""
    codes = service.list_codes(db)
    current = in_effect(codes)
    return _page(request, db, current.version if current else None, codes, NO_ERRORS)


@router.post("/import")
async def import_code(
    request: Request, db: DatabaseDep, file: Annotated[UploadFile | None, File()] = None
) -> Response:
    """Store the version of the code in an uploaded .yaml, .csv or .xlsx file."""
    upload = file
    try:
        if upload is None or not upload.filename:
            raise InvalidInputError(REFUSED, [Problem("file", "choose a file to import")])
        content = await _read(request, upload)
        row = service.import_code_file(db, content, upload.filename)
    except DomainError as error:
        if isinstance(error, NotFoundError):
            raise
        codes = service.list_codes(db)
        current = in_effect(codes)
        return _page(
            request, db, current.version if current else None, codes, file_errors(error), 422
        )
    message = _("Version %(version)s of the code of conduct imported.", version=row.version)
    return flash(RedirectResponse(f"/code-of-conduct/{row.version}", status_code=303), message)


@router.get("/{version}", name="code_version")
def code_version(request: Request, db: DatabaseDep, version: str) -> Response:
    """One version of the code, grouped by pillar."""
    service.get_code(db, version)  # a 404 page for an unknown version
    return _page(request, db, version, service.list_codes(db), NO_ERRORS)


def in_effect(codes: Sequence[ConductCodeRow]) -> ConductCodeRow | None:
    """The version that took effect last on or before today (codes come latest effective first)."""
    day = today()
    return next((c for c in codes if c.effective_from <= day), None)


def file_errors(error: DomainError) -> FormErrors:
    """Why a file was refused: problems of the file beside its field, the rest by row."""
    beside = [p.reason for p in error.problems if p.field == "file" and p.row is None]
    listed = [
        " ".join(
            part
            for part in (
                f"Row {p.row}:" if p.row is not None else "",
                f"{p.field}: {p.reason}",
                f"(value: {p.value})" if p.value not in (None, "") else "",
            )
            if part
        )
        for p in error.problems
        if not (p.field == "file" and p.row is None)
    ]
    return FormErrors(error.detail, {"file": beside} if beside else {}, listed)


async def _read(request: Request, upload: UploadFile) -> bytes:
    limit = request.app.state.settings.max_upload_mb * 1024 * 1024
    content = await upload.read(limit + 1)
    if len(content) > limit:
        name = upload.filename or "upload"
        raise InvalidInputError(
            f"{name} is larger than {limit // (1024 * 1024)} MB.", [Problem("file", "too large")]
        )
    return content


def _page(
    request: Request,
    db: DatabaseDep,
    version: str | None,
    codes: Sequence[ConductCodeRow],
    errors: FormErrors,
    status_code: int = 200,
) -> Response:
    code = service.get_code(db, version) if version else None
    current = in_effect(codes)
    return render(
        request,
        "programme/conduct.html",
        status_code=status_code,
        area="programme",
        code=code,
        pillars=pillars_of(code) if code else [],
        pillar_weights={p: sum((r.weight for r in code.in_pillar(p)), Decimal(0)) for p in Pillar}
        if code
        else {},
        codes=codes,
        current=current.version if current else None,
        errors=errors,
    )
