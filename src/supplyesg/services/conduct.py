"""Managing the versions of the supplier code of conduct: import, read, list, remove.

A version, once stored, never changes: audits are scored against it. A new text is a new
version.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.models import ConductCodeRow, ConductRequirementRow
from supplyesg.db.repositories import conduct as repo
from supplyesg.db.session import Database
from supplyesg.domain.conduct import CodeOfConduct, Pillar, Requirement, code_problems
from supplyesg.domain.errors import ConflictError, NotFoundError, Problem, refuse_if
from supplyesg.services import conduct_files


def code_of(row: ConductCodeRow) -> CodeOfConduct:
    """The domain value of a stored version of the code."""
    return CodeOfConduct(
        version=row.version,
        title=row.title,
        effective_from=row.effective_from,
        requirements=tuple(
            Requirement(
                r.requirement_id, Pillar(r.pillar), r.text, plain(r.weight), r.zero_tolerance
            )
            for r in row.requirements
        ),
    )


def plain(number: Decimal) -> Decimal:
    """The number without trailing zeros or an exponent: 2.0000000000 is 2, 1.50 is 1.5."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def import_code(db: Database, code: CodeOfConduct, clock: Clock = SYSTEM_CLOCK) -> ConductCodeRow:
    """Store a new version of the code; a version that exists already is refused."""
    refuse_if(code_problems(code), "The code of conduct cannot be saved.")
    with db.transaction() as session:
        if repo.by_version(session, code.version) is not None:
            raise ConflictError(
                f"Version {code.version!r} of the code of conduct already exists.",
                [Problem("version", "is already used; give the new text a new version")],
            )
        row = ConductCodeRow(
            version=code.version,
            title=code.title.strip(),
            effective_from=code.effective_from,
            created_at=clock.now(),
            requirements=[
                ConductRequirementRow(
                    position=index,
                    requirement_id=r.id,
                    pillar=r.pillar.value,
                    text=r.text.strip(),
                    weight=r.weight,
                    zero_tolerance=r.zero_tolerance,
                )
                for index, r in enumerate(code.requirements)
            ],
        )
        session.add(row)
        session.flush()
        return row


def import_code_file(db: Database, source: Path | bytes, file_name: str) -> ConductCodeRow:
    """Store the version of the code in a .yaml, .csv or .xlsx file."""
    return import_code(db, conduct_files.read_code(source, file_name))


def install_default_code(db: Database) -> ConductCodeRow:
    """The shipped code of conduct, stored on first use."""
    code = conduct_files.read_code(conduct_files.DEFAULT_CODE, conduct_files.DEFAULT_CODE.name)
    with db.transaction() as session:
        existing = repo.by_version(session, code.version)
    return existing if existing is not None else import_code(db, code)


def get_code(db: Database, version: str) -> CodeOfConduct:
    """The version of the code with this number."""
    with db.transaction() as session:
        return code_of(require(session, version))


def require(session: Session, version: str) -> ConductCodeRow:
    """The stored version of the code, or NotFoundError."""
    row = repo.by_version(session, version)
    if row is None:
        raise NotFoundError(f"There is no code of conduct version {version!r}.")
    return row


def list_codes(db: Database) -> Sequence[ConductCodeRow]:
    """Every version of the code, latest effective first."""
    with db.transaction() as session:
        return repo.all_codes(session)


def delete_code(db: Database, version: str) -> None:
    """Remove a version of the code that no audit uses."""
    with db.transaction() as session:
        row = require(session, version)
        if repo.is_used(session, row.id):
            raise ConflictError(
                f"Version {version!r} of the code of conduct is used by audits.",
                [Problem("version", "audits are scored against it; it cannot be removed")],
            )
        session.delete(row)
