"""Supplier files: import suppliers from a CSV or XLSX file, export the registry as one.

These routes are included before `suppliers.router`, whose `/suppliers/{code}` would
otherwise take `/suppliers/export` for a supplier coded "export".
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from enum import StrEnum
from typing import IO, Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, UploadFile
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from supplyesg.services import supplier_files
from supplyesg.web.deps import ActorDep, ClockDep, DatabaseDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/suppliers", tags=["suppliers"], responses=PROBLEM_RESPONSES)

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_IN_MEMORY_BYTES = 16 * 1024 * 1024
_CHUNK_BYTES = 256 * 1024


class FileFormat(StrEnum):
    """The formats of a supplier file."""

    CSV = "csv"
    XLSX = "xlsx"


class SupplierImport(BaseModel):
    """What an import changed."""

    created: int
    updated: int
    unchanged: int
    status_changes: int
    links_added: int
    links_removed: int
    encoding: str | None = Field(
        description="The text encoding the CSV file was read in, e.g. utf-8 or cp950; null for XLSX"
    )


_TOO_LARGE: dict[int | str, dict[str, Any]] = {
    413: {"description": "The file is larger than the upload limit", **PROBLEM_RESPONSES[422]},
}
_DOWNLOAD: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The supplier file, one row per supplier",
        "content": {media_type: {} for media_type in MEDIA_TYPES.values()},
    }
}


@router.post("/import", response_model=SupplierImport, responses=_TOO_LARGE)
def import_suppliers(
    file: UploadFile, request: Request, db: DatabaseDep, actor: ActorDep
) -> SupplierImport:
    """Create or update suppliers by code from a .csv or .xlsx file, with their links.

    All or nothing: if any row is bad, nothing is written and the 422 answer lists every
    problem with its row and column.
    """
    limit_mb: int = request.app.state.settings.max_upload_mb
    if file.size is not None and file.size > limit_mb * 1024 * 1024:
        raise HTTPException(413, f"The file is larger than the {limit_mb} MB upload limit.")
    summary = supplier_files.import_file(db, file.file, file.filename or "upload", actor)
    return SupplierImport(
        created=summary.created,
        updated=summary.updated,
        unchanged=summary.unchanged,
        status_changes=summary.status_changes,
        links_added=summary.links_added,
        links_removed=summary.links_removed,
        encoding=summary.encoding,
    )


@router.get("/export", response_class=StreamingResponse, responses=_DOWNLOAD)
def export_suppliers(
    db: DatabaseDep,
    clock: ClockDep,
    fmt: Annotated[FileFormat, Query(alias="format")] = FileFormat.CSV,
) -> StreamingResponse:
    """Every supplier, with its customers and contacts, as a CSV or XLSX download."""
    spool = tempfile.SpooledTemporaryFile(max_size=_IN_MEMORY_BYTES)  # noqa: SIM115 -- closed by _read
    supplier_files.export_file(db, spool, fmt.value)
    spool.seek(0)
    stamp = clock.today().isoformat()
    return StreamingResponse(
        _read(spool),
        media_type=MEDIA_TYPES[fmt.value],
        headers={"Content-Disposition": f'attachment; filename="suppliers-{stamp}.{fmt.value}"'},
    )


def _read(spool: IO[bytes]) -> Iterator[bytes]:
    with spool:
        while chunk := spool.read(_CHUNK_BYTES):
            yield chunk
