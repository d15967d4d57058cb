"""Report versions: submit a report for review, approve or reject it, publish it, read it back.

The figures and files come from the report layer (it builds the content model and renders
it); here they are checked against the rules of sign-off and stored. A published file is
read back only after its SHA-256 is checked again, so what is downloaded is what was signed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.models import ReportVersionFileRow, ReportVersionRow
from supplyesg.db.session import Database
from supplyesg.domain.errors import DomainError, NotFoundError, Problem, refuse_if
from supplyesg.domain.four_eyes import Person, person
from supplyesg.domain.report_versions import (
    FigureChange,
    Step,
    VersionState,
    figure_changes,
    new_version_problems,
    next_state,
    publish_problems,
    step_problems,
)

Figures = Sequence[tuple[str, str | None]]
"""The figures of a report's content model, by name, in reading order."""


@dataclass(frozen=True, slots=True)
class RenderedFile:
    """A file of a report to publish: its format, language, name, media type and bytes."""

    format: str
    language: str
    filename: str
    media_type: str
    content: bytes


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A published file read back, its SHA-256 checked."""

    filename: str
    media_type: str
    sha256: str
    content: bytes


@dataclass(frozen=True, slots=True)
class TakenStep:
    """A step taken on a version: which, by whom, when and on which business day."""

    step: Step
    by: str
    at: datetime
    on: date


def steps_taken(version: ReportVersionRow) -> list[TakenStep]:
    """The steps of a version's latest round, oldest first (a resubmission replaces the
    submission; sending back clears the approval)."""
    recorded = [
        (Step.SUBMIT, version.submitted_by, version.submitted_at, version.submitted_on),
        (Step.APPROVE, version.approved_by, version.approved_at, version.approved_on),
        (Step.REJECT, version.rejected_by, version.rejected_at, version.rejected_on),
        (Step.PUBLISH, version.published_by, version.published_at, version.published_on),
    ]
    taken = [
        TakenStep(step, by, at, on)
        for step, by, at, on in recorded
        if by is not None and at is not None and on is not None
    ]
    return sorted(taken, key=lambda s: s.at)


def submitter(version: ReportVersionRow) -> Person | None:
    """Who submitted the version for review, if anyone has."""
    if not version.submitted_by:
        return None
    return Person(version.submitted_by, version.submitted_by_account_id)


class TamperedFileError(DomainError):
    """A stored file whose bytes no longer match the SHA-256 recorded when it was published."""

    title = "Stored file damaged"


def versions_of(db: Database, framework: str, year: int) -> Sequence[ReportVersionRow]:
    """Every version of a report of a year, newest first, with their files."""
    with db.transaction() as session:
        rows = session.scalars(
            select(ReportVersionRow)
            .where(ReportVersionRow.framework == framework, ReportVersionRow.year == year)
            .order_by(ReportVersionRow.number.desc())
        ).all()
        for row in rows:
            _ = row.files
        return rows


def submit_for_review(
    db: Database,
    framework: str,
    year: int,
    figures: Figures,
    actor: Person | str,
    clock: Clock = SYSTEM_CLOCK,
) -> ReportVersionRow:
    """Send the report as the data now stands for review: the draft sent back earlier, or a
    new version when every earlier one is published."""
    who = person(actor)
    with db.transaction() as session:
        rows = _versions(session, framework, year)
        version = next((r for r in rows if r.state == VersionState.DRAFT), None)
        if version is None:
            refuse_if(
                new_version_problems([VersionState(r.state) for r in rows]),
                f"The {framework} report of {year} cannot be submitted for review.",
            )
            number = max((r.number for r in rows), default=0) + 1
            version = ReportVersionRow(framework=framework, year=year, number=number, reason="")
            version.state = VersionState.DRAFT.value
            session.add(version)
        _take(version, Step.SUBMIT, who)
        at = clock.now()
        version.state = next_state(Step.SUBMIT).value
        version.figures = [[name, value] for name, value in figures]
        version.submitted_by, version.submitted_by_account_id = who.label, who.account_id
        version.submitted_at, version.submitted_on = at, at.date()
        session.flush()
        _ = version.files
        return version


def approve(
    db: Database, framework: str, year: int, actor: Person | str, clock: Clock = SYSTEM_CLOCK
) -> ReportVersionRow:
    """Sign off the version in review (not by whoever submitted it)."""
    who = person(actor)
    with db.transaction() as session:
        version = _open_version(session, framework, year)
        _take(version, Step.APPROVE, who)
        at = clock.now()
        version.state = next_state(Step.APPROVE).value
        version.approved_by, version.approved_by_account_id = who.label, who.account_id
        version.approved_at, version.approved_on = at, at.date()
        _ = version.files
        return version


def reject(
    db: Database,
    framework: str,
    year: int,
    reason: str,
    actor: Person | str,
    clock: Clock = SYSTEM_CLOCK,
) -> ReportVersionRow:
    """Send the version in review, or approved, back to draft, saying why."""
    who = person(actor)
    with db.transaction() as session:
        version = _open_version(session, framework, year)
        _take(version, Step.REJECT, who, reason)
        at = clock.now()
        version.state = next_state(Step.REJECT).value
        version.reason = reason.strip()
        version.rejected_by, version.rejected_by_account_id = who.label, who.account_id
        version.rejected_at, version.rejected_on = at, at.date()
        version.approved_by = version.approved_by_account_id = None
        version.approved_at = version.approved_on = None
        _ = version.files
        return version


def approved_version(db: Database, framework: str, year: int) -> ReportVersionRow:
    """The version waiting to be published, refused early when there is none to publish."""
    with db.transaction() as session:
        version = _open_version(session, framework, year)
        refuse_if(
            step_problems(Step.PUBLISH, VersionState(version.state), Person(""), None),
            f"Version {version.number} of the {framework} report of {year} cannot be published.",
        )
        return version


def publish(
    db: Database,
    framework: str,
    year: int,
    figures: Figures,
    files: Sequence[RenderedFile],
    actor: Person | str,
    clock: Clock = SYSTEM_CLOCK,
) -> ReportVersionRow:
    """Publish the approved version: store every file with its SHA-256, freeze the figures.

    Refused when the figures differ from those reviewed: what is published is what was signed.
    """
    who = person(actor)
    with db.transaction() as session:
        version = _open_version(session, framework, year)
        _take(version, Step.PUBLISH, who)
        reviewed = {name: value for name, value in version.figures}
        refuse_if(
            publish_problems(figure_changes(reviewed, dict(figures))),
            f"Version {version.number} of the {framework} report of {year} cannot be published.",
        )
        at = clock.now()
        version.state = next_state(Step.PUBLISH).value
        version.published_by, version.published_by_account_id = who.label, who.account_id
        version.published_at, version.published_on = at, at.date()
        for file in files:
            session.add(
                ReportVersionFileRow(
                    version=version,
                    format=file.format,
                    language=file.language,
                    filename=file.filename,
                    media_type=file.media_type,
                    sha256=hashlib.sha256(file.content).hexdigest(),
                    size_bytes=len(file.content),
                    content=file.content,
                )
            )
        session.flush()
        _ = version.files
        return version


def download(db: Database, version_id: int, format: str, language: str = "en") -> StoredFile:
    """A file of a published version, after checking its bytes against its SHA-256."""
    with db.transaction() as session:
        file = session.scalars(
            select(ReportVersionFileRow)
            .options(undefer(ReportVersionFileRow.content))
            .where(
                ReportVersionFileRow.version_id == version_id,
                ReportVersionFileRow.format == format.lower(),
                ReportVersionFileRow.language == language,
            )
        ).one_or_none()
        if file is None:
            raise NotFoundError(
                f"Report version {version_id} has no {format} file in {language!r}.",
                [Problem("format", "not among the published files", format)],
            )
        found = hashlib.sha256(file.content).hexdigest()
        if found != file.sha256:
            raise TamperedFileError(
                f"The stored {file.filename} does not match the SHA-256 it was published with.",
                [Problem("sha256", f"recorded {file.sha256}", found)],
            )
        return StoredFile(file.filename, file.media_type, file.sha256, file.content)


def version(db: Database, version_id: int) -> ReportVersionRow:
    """A report version by its id, with its files."""
    with db.transaction() as session:
        row = session.get(ReportVersionRow, version_id)
        if row is None:
            raise NotFoundError(
                f"There is no report version {version_id}.",
                [Problem("version", "unknown", version_id)],
            )
        _ = row.files
        return row


def version_numbered(db: Database, framework: str, year: int, number: int) -> ReportVersionRow:
    """Version `number` of a report of a year, with its files."""
    with db.transaction() as session:
        row = next((r for r in _versions(session, framework, year) if r.number == number), None)
        if row is None:
            raise NotFoundError(
                f"The {framework} report of {year} has no version {number}.",
                [Problem("version", "unknown", number)],
            )
        _ = row.files
        return row


def changes_since(row: ReportVersionRow, current: Figures) -> list[FigureChange]:
    """What the data says now that the version's figures did not."""
    return figure_changes({name: value for name, value in row.figures}, dict(current))


def _versions(session: Session, framework: str, year: int) -> list[ReportVersionRow]:
    return list(
        session.scalars(
            select(ReportVersionRow)
            .where(ReportVersionRow.framework == framework, ReportVersionRow.year == year)
            .order_by(ReportVersionRow.number)
            .with_for_update()
        )
    )


def _open_version(session: Session, framework: str, year: int) -> ReportVersionRow:
    rows = [r for r in _versions(session, framework, year) if r.state != VersionState.PUBLISHED]
    if not rows:
        raise NotFoundError(
            f"The {framework} report of {year} has no version on its way to publication.",
            [Problem("version", "submit the report for review first", year)],
        )
    return rows[-1]


def _take(version: ReportVersionRow, step: Step, who: Person, reason: str = "") -> None:
    refuse_if(
        step_problems(step, VersionState(version.state), who, submitter(version), reason),
        f"Version {version.number} of the {framework_label(version)} cannot be {_DONE[step]}.",
    )


_DONE = {
    Step.SUBMIT: "submitted for review",
    Step.APPROVE: "approved",
    Step.REJECT: "sent back to draft",
    Step.PUBLISH: "published",
}


def framework_label(version: ReportVersionRow) -> str:
    """How messages name a version's report: 'hkex report of 2025'."""
    return f"{version.framework} report of {version.year}"
