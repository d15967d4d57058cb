"""Code of conduct endpoints: the versions, their requirements, import and export."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from fastapi import APIRouter, Request, Response, UploadFile
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr

from supplyesg.domain.conduct import CodeOfConduct as CodeValue
from supplyesg.domain.conduct import Pillar
from supplyesg.domain.conduct import Requirement as RequirementValue
from supplyesg.services import conduct as service
from supplyesg.services import conduct_files, tabular
from supplyesg.web.api.programme_schemas import read_upload
from supplyesg.web.api.types import DecimalValue
from supplyesg.web.deps import DatabaseDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/code-of-conduct", tags=["code of conduct"], responses=PROBLEM_RESPONSES)
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


class Requirement(BaseModel):
    """One requirement of the code of conduct."""

    model_config = ConfigDict(extra="forbid")

    id: StrictStr = Field(description="e.g. LAB-01")
    pillar: Pillar
    text: StrictStr
    weight: DecimalValue = Decimal(1)
    zero_tolerance: StrictBool = False


class CodeOfConductCreate(BaseModel):
    """A new version of the code of conduct."""

    model_config = ConfigDict(extra="forbid")

    version: StrictStr
    title: StrictStr
    effective_from: date
    requirements: list[Requirement]

    def value(self) -> CodeValue:
        """The domain code this body describes."""
        return CodeValue(
            self.version,
            self.title,
            self.effective_from,
            tuple(
                RequirementValue(r.id, r.pillar, r.text, r.weight, r.zero_tolerance)
                for r in self.requirements
            ),
        )


class CodeOfConduct(CodeOfConductCreate):
    """A stored version of the code of conduct."""

    @classmethod
    def of(cls, code: CodeValue) -> CodeOfConduct:
        """The schema of a domain code."""
        return cls(
            version=code.version,
            title=code.title,
            effective_from=code.effective_from,
            requirements=[
                Requirement(
                    id=r.id,
                    pillar=r.pillar,
                    text=r.text,
                    weight=r.weight,
                    zero_tolerance=r.zero_tolerance,
                )
                for r in code.requirements
            ],
        )


class CodeOfConductSummary(BaseModel):
    """A version of the code, without its requirements."""

    version: str
    title: str
    effective_from: date
    requirement_count: int


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
