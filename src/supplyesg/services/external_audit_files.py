"""External audit results as a CSV or XLSX sheet: one row per finding.

The audit's columns (reference to code_version) repeat on each of its rows; an audit without
findings is one row with severity and description left empty. `reference` groups the rows of
an audit and becomes its reference. An import records every audit of the file in one
transaction: a single bad row and nothing is written, with every problem listed by file row,
column, value and reason. Report files are attached one by one (page, API or CLI), not imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.session import Database
from supplyesg.domain.errors import Problem, refuse_if
from supplyesg.domain.external_audits import (
    ExternalAuditDetails,
    ExternalFinding,
    PublishedResult,
    Severity,
)
from supplyesg.domain.scheme_results import Scheme
from supplyesg.services import external_audits, tabular
from supplyesg.services.external_audits import ExternalAuditDraft

AUDIT_COLUMNS = (
    "reference",
    "supplier",
    "scheme",
    "scheme_reference",
    "audit_firm",
    "started_on",
    "ended_on",
    "rating",
    "score",
    "recognition",
    "certificate_valid",
    "code_version",
)
FINDING_COLUMNS = ("severity", "description", "requirement")
COLUMNS = (*AUDIT_COLUMNS, *FINDING_COLUMNS)
REQUIRED = ("reference", "supplier", "scheme", "audit_firm", "ended_on")
REFUSED = "The external audit file cannot be imported."
_YES = frozenset({"yes", "true", "valid", "1", "y"})
_NO = frozenset({"no", "false", "not_valid", "invalid", "0", "n"})


@dataclass(slots=True)
class _Group:
    first_row: int
    header: dict[str, str]
    finding_rows: list[int] = field(default_factory=list)
    findings: list[ExternalFinding] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ExternalAuditImport:
    """What an import recorded: audits, findings, and the non-conformities they opened."""

    audits: int
    findings: int
    nonconformities: int
    encoding: str | None = None
    """The text encoding the CSV file was read in (`domain.file_encodings`); None for XLSX."""


def import_external_audits(
    db: Database, source: Path | bytes, file_name: str, actor: str, clock: Clock = SYSTEM_CLOCK
) -> ExternalAuditImport:
    """Record every external audit of a .csv or .xlsx file, or nothing if any row is wrong."""
    table = tabular.read_table(source, tabular.format_of(file_name))
    tabular.require_columns(table, REQUIRED, REFUSED)
    groups, problems = _groups(table)
    drafts: list[tuple[_Group, ExternalAuditDraft]] = []
    for group in groups.values():
        draft, found = _draft(group)
        problems += found
        if draft is not None:
            drafts.append((group, draft))
    with db.transaction() as session:
        values = [draft for _, draft in drafts]
        found_by_draft = external_audits.draft_problems(session, values, 0, clock)
        for index, found in sorted(found_by_draft.items()):
            problems += [_located(p, drafts[index][0]) for p in found]
        refuse_if(sorted(problems, key=lambda p: p.row or 0), REFUSED)
        recorded = external_audits.record_in(session, values, actor, clock)
    return ExternalAuditImport(
        audits=len(recorded),
        findings=sum(len(r.external.findings) for r in recorded),
        nonconformities=sum(r.audit.nc_count for r in recorded),
        encoding=table.encoding,
    )


def _groups(table: tabular.Table) -> tuple[dict[str, _Group], list[Problem]]:
    groups: dict[str, _Group] = {}
    problems: list[Problem] = []
    for row, values in table:
        reference = values.get("reference", "").strip()
        if not reference:
            reason = "is required: it groups the rows of an audit"
            problems.append(Problem("reference", reason, "", row))
            continue
        header = {c: values.get(c, "").strip() for c in AUDIT_COLUMNS}
        group = groups.get(reference)
        if group is None:
            group = groups[reference] = _Group(row, header)
        else:
            problems += [
                Problem(c, f"differs from row {group.first_row} of the same audit", header[c], row)
                for c in AUDIT_COLUMNS
                if header[c] != group.header[c]
            ]
        finding, found = _finding(values, row)
        problems += found
        if finding is not None:
            group.finding_rows.append(row)
            group.findings.append(finding)
    return groups, problems


def _finding(values: dict[str, str], row: int) -> tuple[ExternalFinding | None, list[Problem]]:
    given = {c: values.get(c, "").strip() for c in FINDING_COLUMNS}
    if not any(given.values()):
        return None, []
    severity = given["severity"].lower()
    if severity not in {s.value for s in Severity}:
        names = ", ".join(s.value for s in Severity)
        return None, [Problem("severity", f"must be one of {names}", given["severity"], row)]
    return ExternalFinding(Severity(severity), given["description"], given["requirement"]), []


def _draft(group: _Group) -> tuple[ExternalAuditDraft | None, list[Problem]]:
    header, row = group.header, group.first_row
    problems = []
    scheme = header["scheme"].lower().replace(" ", "_").replace("-", "_")
    if scheme not in {s.value for s in Scheme}:
        names = ", ".join(s.value for s in Scheme)
        problems.append(Problem("scheme", f"must be one of {names}", header["scheme"], row))
    ended_on = _day(header["ended_on"])
    started_on = _day(header["started_on"]) if header["started_on"] else ended_on
    for name, day in (("started_on", started_on), ("ended_on", ended_on)):
        if day is None and (header[name] or name == "ended_on"):
            problems.append(Problem(name, "must be a date such as 2026-03-31", header[name], row))
    result, found = _result(header, row)
    problems += found
    if problems or started_on is None or ended_on is None:
        return None, problems
    details = ExternalAuditDetails(
        Scheme(scheme), header["scheme_reference"], header["audit_firm"], started_on, ended_on
    )
    draft = ExternalAuditDraft(
        supplier_code=header["supplier"],
        details=details,
        result=result,
        findings=tuple(group.findings),
        code_version=header["code_version"],
        reference=header["reference"],
    )
    return draft, []


def _result(header: dict[str, str], row: int) -> tuple[PublishedResult, list[Problem]]:
    problems = []
    score: Decimal | None = None
    if header["score"]:
        try:
            score = Decimal(header["score"])
        except InvalidOperation:
            problems.append(Problem("score", "must be a number", header["score"], row))
    valid: bool | None = None
    text = header["certificate_valid"].lower().replace(" ", "_")
    if text in _YES:
        valid = True
    elif text in _NO:
        valid = False
    elif text:
        reason = "must be yes or no (is the certificate valid?)"
        problems.append(Problem("certificate_valid", reason, header["certificate_valid"], row))
    rating = header["rating"].upper()
    return PublishedResult(rating, score, header["recognition"].lower(), valid), problems


def _located(problem: Problem, group: _Group) -> Problem:
    """A problem placed on its file row: a finding's own row, else the audit's first row."""
    if problem.row is not None and problem.field in ("description", "requirement", "severity"):
        row = group.finding_rows[problem.row - 1]
    else:
        row = group.first_row
    return Problem(problem.field, problem.reason, problem.value, row)


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
