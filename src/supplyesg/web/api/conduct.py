"""Code of conduct endpoints: the versions, their requirements, import and export."""

from __future__ import annotations

import io

from fastapi import APIRouter, Request, Response, UploadFile

from supplyesg.services import conduct as service
from supplyesg.services import conduct_files, tabular
from supplyesg.web.api.programme_schemas import (
    CodeOfConduct,
    CodeOfConductCreate,
    CodeOfConductSummary,
    read_upload,
)
from supplyesg.web.deps import DatabaseDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/code-of-conduct", tags=["code of conduct"], responses=PROBLEM_RESPONSES)
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@router.get("", response_model=list[CodeOfConductSummary])
def list_codes(db: DatabaseDep) -> list[CodeOfConductSummary]:
    """Every version of the code, latest effective first."""
    return [
        CodeOfConductSummary(
            version=row.version,
            title=row.title,
            effective_from=row.effective_from,
            requirement_count=len(row.requirements),
        )
        for row in service.list_codes(db)
    ]


@router.post("", response_model=CodeOfConduct, status_code=201)
def create_code(body: CodeOfConductCreate, db: DatabaseDep, response: Response) -> CodeOfConduct:
    """Store a new version of the code; an existing version is never changed."""
    row = service.import_code(db, body.value())
    response.headers["Location"] = f"/api/v1/code-of-conduct/{row.version}"
    return CodeOfConduct.of(service.code_of(row))


@router.post("/import", response_model=CodeOfConduct, status_code=201)
async def import_code(file: UploadFile, request: Request, db: DatabaseDep) -> CodeOfConduct:
    """Store the version of the code in a .yaml, .csv or .xlsx file."""
    content, name = await read_upload(file, request)
    return CodeOfConduct.of(service.code_of(service.import_code_file(db, content, name)))


@router.get("/{version}", response_model=CodeOfConduct)
def get_code(version: str, db: DatabaseDep) -> CodeOfConduct:
    """One version of the code with its requirements."""
    return CodeOfConduct.of(service.get_code(db, version))


@router.get("/{version}/export.{fmt}", response_class=Response)
def export_code(version: str, fmt: str, db: DatabaseDep) -> Response:
    """One version of the code as a sheet (fmt: xlsx or csv) that imports back."""
    fmt = tabular.format_of(f"code.{fmt}")
    buffer = io.BytesIO()
    conduct_files.write_code(service.get_code(db, version), buffer, fmt)
    return Response(
        buffer.getvalue(),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="code-of-conduct-{version}.{fmt}"'},
    )


@router.delete("/{version}", status_code=204)
def delete_code(version: str, db: DatabaseDep) -> Response:
    """Remove a version of the code that no audit uses."""
    service.delete_code(db, version)
    return Response(status_code=204)
