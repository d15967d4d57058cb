"""Audits and their findings as a CSV or XLSX sheet: one row per finding.

The audit's columns (reference to sites) repeat on each of its rows. An import records every
audit of the file as completed (or as a draft when `status` says so) in one transaction: a
single bad row and nothing is written, with every problem listed by file row. An export adds
the stored result (revision, score, risk level, outcome, policy); an import ignores those.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.models import ConductCodeRow, EsgAuditRow, FindingRow, SupplierRow
from supplyesg.db.session import Database
from supplyesg.domain.audits import (
    VERDICT_AUDIT_TYPES,
    AuditDetails,
    AuditType,
    Finding,
    Verdict,
)
from supplyesg.domain.errors import DomainError, Problem, refuse_if
from supplyesg.domain.suppliers import supplier_code
from supplyesg.services import audit_batches, audits, tabular
from supplyesg.services.audits import AuditDraft

AUDIT_COLUMNS = (
    "reference",
    "supplier",
    "code_version",
    "audit_type",
    "auditor",
    "started_on",
    "ended_on",
    "sites",
)
FINDING_COLUMNS = ("requirement", "verdict", "notes", "evidence")
RESULT_COLUMNS = ("status", "revision", "score", "risk_level", "outcome", "policy_version")
COLUMNS = (*AUDIT_COLUMNS, *FINDING_COLUMNS, *RESULT_COLUMNS)
SEPARATOR = ";"
REFUSED = "The audit file cannot be imported."


@dataclass(slots=True)
class _Group:
    first_row: int
    header: dict[str, str]
    status: str
    finding_rows: list[int] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class AuditImport:
    """What an import recorded."""

    audits: int
    findings: int
    completed: int
    encoding: str | None = None
    """The text encoding the CSV file was read in (`domain.file_encodings`); None for XLSX."""


def import_audits(
    db: Database, source: Path | bytes, file_name: str, actor: str, clock: Clock = SYSTEM_CLOCK
) -> AuditImport:
    """Record every audit of a .csv or .xlsx file, or nothing if any row is wrong."""
    table = tabular.read_table(source, tabular.format_of(file_name))
    tabular.require_columns(table, (*AUDIT_COLUMNS, "requirement", "verdict"), REFUSED)
    groups, problems = _groups(table)
    completed: list[tuple[_Group, AuditDraft]] = []
    with db.transaction() as session:
        for group in groups.values():
            draft, found = _draft(group)
            problems += found
            if draft is not None and group.status == "draft":
                problems += _record_draft(session, group, draft, clock)
            elif draft is not None:
                completed.append((group, draft))
        drafts = [draft for _, draft in completed]
        found_by_draft = audit_batches.draft_problems(session, drafts, clock.today())
        for index, found in sorted(found_by_draft.items()):
            group = completed[index][0]
            problems += [_located(p, DomainError(REFUSED), group) for p in found]
        refuse_if(problems, REFUSED)
        audit_batches.record_in(session, drafts, actor, clock=clock)
    return AuditImport(
        audits=len(groups),
        findings=sum(len(g.findings) for g in groups.values()),
        completed=sum(1 for g in groups.values() if g.status != "draft"),
        encoding=table.encoding,
    )


def _groups(table: tabular.Table) -> tuple[dict[str, _Group], list[Problem]]:
    groups: dict[str, _Group] = {}
    problems: list[Problem] = []
    for row, values in table:
        reference = values.get("reference", "").strip()
        if not reference:
            problems.append(
                Problem("reference", "is required: it groups the rows of an audit", row=row)
            )
            continue
        header = {c: values.get(c, "").strip() for c in AUDIT_COLUMNS}
        group = groups.get(reference)
        if group is None:
            status = values.get("status", "").strip().lower() or "completed"
            if status not in ("completed", "draft"):
                problems.append(Problem("status", "must be completed or draft", status, row))
            group = groups[reference] = _Group(row, header, status)
        else:
            problems += [
                Problem(c, f"differs from row {group.first_row} of the same audit", header[c], row)
                for c in AUDIT_COLUMNS
                if header[c] != group.header[c]
            ]
        finding, found = _finding(values, row)
        problems += found
        group.finding_rows.append(row)
        group.findings.append(finding)
    return groups, problems


def _finding(values: dict[str, str], row: int) -> tuple[Finding, list[Problem]]:
    verdict_text = values.get("verdict", "").strip().lower().replace(" ", "_")
    problems = []
    if verdict_text not in {v.value for v in Verdict}:
        names = ", ".join(v.value for v in Verdict)
        problems.append(Problem("verdict", f"must be one of {names}", values.get("verdict"), row))
    finding = Finding(
        requirement_id=values.get("requirement", "").strip(),
        verdict=Verdict(verdict_text) if not problems else Verdict.NOT_APPLICABLE,
        notes=values.get("notes", "").strip(),
        evidence=_split(values.get("evidence", "")),
    )
    return finding, problems


def _details(group: _Group) -> tuple[AuditDetails | None, list[Problem]]:
    header, row = group.header, group.first_row
    problems = []
    audit_type = header["audit_type"].lower().replace(" ", "_").replace("-", "_")
    if audit_type not in {t.value for t in VERDICT_AUDIT_TYPES}:
        names = ", ".join(t.value for t in VERDICT_AUDIT_TYPES)
        problems.append(Problem("audit_type", f"must be one of {names}", header["audit_type"], row))
    days = {name: _day(header[name]) for name in ("started_on", "ended_on")}
    for name, day in days.items():
        if day is None:
            problems.append(Problem(name, "must be a date such as 2026-03-31", header[name], row))
    started_on, ended_on = days["started_on"], days["ended_on"]
    if problems or started_on is None or ended_on is None:
        return None, problems
    details = AuditDetails(
        AuditType(audit_type), header["auditor"], started_on, ended_on, _split(header["sites"])
    )
    return details, []


def _draft(group: _Group) -> tuple[AuditDraft | None, list[Problem]]:
    details, problems = _details(group)
    if details is None:
        return None, problems
    draft = AuditDraft(
        supplier_code=supplier_code(group.header["supplier"]),
        code_version=group.header["code_version"],
        details=details,
        findings=tuple(group.findings),
        reference=group.header["reference"],
    )
    return draft, []


def _record_draft(
    session: Session, group: _Group, draft: AuditDraft, clock: Clock
) -> list[Problem]:
    try:
        audits.add_draft(session, draft, clock=clock)
    except DomainError as error:
        return [_located(p, error, group) for p in error.problems or (Problem("audit", ""),)]
    return []


def _located(problem: Problem, error: DomainError, group: _Group) -> Problem:
    """A problem placed on its file row: a finding's own row, else the audit's first row."""
    finding_fields = ("requirement", "verdict", "notes", "evidence")
    if problem.row is not None and problem.field in finding_fields:
        row = group.finding_rows[problem.row - 1]
    else:
        row = group.first_row
    reason = problem.reason or error.detail
    return Problem(problem.field, reason, problem.value, row)


def export_audits(db: Database, target: Path | BinaryIO, fmt: str) -> int:
    """Write every audit with its findings and stored result; returns how many audits."""
    with db.transaction() as session:
        rows = list(_export_rows(session))
    tabular.write_table(target, fmt, COLUMNS, (cells for _, cells in rows), sheet_name="audits")
    return len({reference for reference, _ in rows})


def _export_rows(session: Session) -> Iterator[tuple[str, Sequence[tabular.Cell]]]:
    audit = EsgAuditRow
    query = (
        select(
            audit.reference,
            SupplierRow.code,
            ConductCodeRow.version,
            audit.audit_type,
            audit.auditor,
            audit.started_on,
            audit.ended_on,
            audit.sites,
            FindingRow.requirement_id,
            FindingRow.verdict,
            FindingRow.notes,
            FindingRow.evidence,
            audit.status,
            audit.revision,
            audit.score,
            audit.risk_level,
            audit.outcome,
            audit.policy_version,
        )
        .join(SupplierRow, SupplierRow.id == audit.supplier_id)
        .join(ConductCodeRow, ConductCodeRow.id == audit.code_id)
        .join(FindingRow, FindingRow.audit_id == audit.id)
        .order_by(audit.reference, FindingRow.position)
        .execution_options(yield_per=5_000)
    )
    for row in session.execute(query):
        cells = list(row)
        cells[5], cells[6] = row.started_on.isoformat(), row.ended_on.isoformat()
        cells[7], cells[11] = SEPARATOR.join(row.sites), SEPARATOR.join(row.evidence)
        yield row.reference, cells


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(SEPARATOR) if part.strip())


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
