"""Recording many completed audits at once, for imports, the demo and benchmarks.

Each audit is checked and scored by the same domain rules as `audits.record_audit`; the rows
(the audit with its result, its findings, its non-conformities and their first event) are then
written with set-based inserts in one transaction, and the audit trail gets one entry per table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.audit_trail import record_bulk
from supplyesg.db.models import EsgAuditRow, FindingRow, NcEventRow, NonConformityRow
from supplyesg.db.repositories import audits as repo
from supplyesg.db.repositories import suppliers as supplier_repo
from supplyesg.db.session import Database
from supplyesg.domain.audits import (
    AuditResult,
    RiskLevel,
    audit_result,
    details_problems,
    findings_problems,
    reference_problems,
)
from supplyesg.domain.conduct import CodeOfConduct
from supplyesg.domain.errors import InvalidInputError, NotFoundError, Problem
from supplyesg.domain.events import audit_completed
from supplyesg.domain.plans import NcStatus, NonConformity, plan_progress
from supplyesg.domain.policy import Policy
from supplyesg.domain.suppliers import supplier_code
from supplyesg.services import conduct, events, policy_files
from supplyesg.services.audits import PILLAR_COLUMNS, AuditDraft

_CHUNK = 1_000


@dataclass(frozen=True, slots=True)
class RecordedAudit:
    """A recorded audit: its id and reference, risk level and non-conformities (id, requirement)."""

    audit_id: int
    reference: str
    supplier_code: str
    ended_on: date
    risk_level: RiskLevel
    nonconformities: tuple[tuple[int, str], ...]


@dataclass(frozen=True, slots=True)
class _Checked:
    draft: AuditDraft
    reference: str
    supplier_id: int
    code_id: int
    result: AuditResult


def draft_problems(
    session: Session, drafts: Sequence[AuditDraft], today: date
) -> dict[int, list[Problem]]:
    """Every problem of each draft that completing it would meet, by the draft's position."""
    suppliers = supplier_repo.ids_by_code(session)
    codes = _codes(session, {d.code_version for d in drafts})
    given = Counter(d.reference.strip() for d in drafts if d.reference.strip())
    taken = _existing_references(session, list(given))
    found: dict[int, list[Problem]] = {}
    for index, draft in enumerate(drafts):
        problems = _draft_problems(draft, suppliers, codes, today)
        reference = draft.reference.strip()
        if reference and (given[reference] > 1 or reference in taken):
            problems.append(Problem("reference", "is already used by another audit", reference))
        if problems:
            found[index] = problems
    return found


def record_audits(
    db: Database,
    drafts: Sequence[AuditDraft],
    actor: str,
    policy: Policy | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> list[RecordedAudit]:
    """Record and score completed audits in one transaction; all of them, or none."""
    with db.transaction() as session:
        return record_in(session, drafts, actor, policy, clock)


def record_in(
    session: Session,
    drafts: Sequence[AuditDraft],
    actor: str,
    policy: Policy | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> list[RecordedAudit]:
    """Record and score completed audits inside a caller's transaction."""
    at = clock.now()
    found = draft_problems(session, drafts, at.date())
    if found:
        raise InvalidInputError(
            "The audits cannot be recorded.",
            [
                Problem(f"audits[{i + 1}].{p.field}", p.reason, p.value, p.row)
                for i, problems in sorted(found.items())
                for p in problems
            ],
        )
    checked = _checked(session, drafts, policy)
    audit_ids = _insert_audits(session, checked, at)
    _insert_findings(session, checked, audit_ids)
    ncs = _insert_nonconformities(session, checked, audit_ids, actor, at)
    record_bulk(session, "esg_audit", len(checked), {"source": "batch", "actor": actor})
    completed = (
        audit_completed(
            c.draft.supplier_code,
            c.reference,
            c.draft.details.audit_type.value,
            c.draft.details.ended_on,
            c.result.score,
            c.result.risk_level.value,
            c.result.outcome.value,
            len(ncs.get(audit_id, ())),
            "staff",
        )
        for c, audit_id in zip(checked, audit_ids, strict=True)
    )
    events.record(session, completed, at)
    return [
        RecordedAudit(
            audit_id,
            c.reference,
            c.draft.supplier_code,
            c.draft.details.ended_on,
            c.result.risk_level,
            tuple(ncs.get(audit_id, ())),
        )
        for c, audit_id in zip(checked, audit_ids, strict=True)
    ]


def _draft_problems(
    draft: AuditDraft,
    suppliers: Mapping[str, int],
    codes: Mapping[str, tuple[int, CodeOfConduct]],
    today: date,
) -> list[Problem]:
    problems = list(reference_problems(draft.reference.strip())) if draft.reference.strip() else []
    if supplier_code(draft.supplier_code) not in suppliers:
        problems.append(Problem("supplier", "there is no such supplier", draft.supplier_code))
    problems += details_problems(draft.details, today)
    if draft.code_version not in codes:
        problems.append(Problem("code_version", "no such code of conduct", draft.code_version))
    else:
        code = codes[draft.code_version][1]
        problems += findings_problems(draft.findings, code, complete=True)
    return problems


def _codes(session: Session, versions: set[str]) -> dict[str, tuple[int, CodeOfConduct]]:
    found = {}
    for version in versions:
        try:
            row = conduct.require(session, version)
        except NotFoundError:
            continue
        found[version] = (row.id, conduct.code_of(row))
    return found


def _existing_references(session: Session, references: list[str]) -> set[str]:
    taken: set[str] = set()
    for start in range(0, len(references), 900):
        chunk = references[start : start + 900]
        query = select(EsgAuditRow.reference).where(EsgAuditRow.reference.in_(chunk))
        taken.update(session.scalars(query))
    return taken


def _checked(
    session: Session, drafts: Sequence[AuditDraft], policy: Policy | None
) -> list[_Checked]:
    suppliers = supplier_repo.ids_by_code(session)
    codes = _codes(session, {d.code_version for d in drafts})
    given = {d.reference.strip() for d in drafts if d.reference.strip()}
    taken: dict[str, set[str]] = {}
    checked = []
    for draft in drafts:
        code_id, code = codes[draft.code_version]
        edition = policy or policy_files.policy_for(session, draft.details.ended_on)
        reference = draft.reference.strip() or _new_reference(session, draft, given, taken)
        result = audit_result(draft.findings, code, edition)
        supplier_id = suppliers[supplier_code(draft.supplier_code)]
        checked.append(_Checked(draft, reference, supplier_id, code_id, result))
    return checked


def _new_reference(
    session: Session, draft: AuditDraft, given: set[str], taken: dict[str, set[str]]
) -> str:
    """The next free AUD-<year>-<number> (the references of a year are read once)."""
    prefix = f"AUD-{draft.details.ended_on.year}-"
    if prefix not in taken:
        batch = {reference for reference in given if reference.startswith(prefix)}
        taken[prefix] = repo.existing_references(session, prefix) | batch
    used = taken[prefix]
    number = len(used) + 1
    while f"{prefix}{number:05d}" in used:
        number += 1
    used.add(f"{prefix}{number:05d}")
    return f"{prefix}{number:05d}"


def _insert_audits(session: Session, checked: list[_Checked], at: datetime) -> list[int]:
    return repo.insert_returning_ids(session, EsgAuditRow, [_audit_row(c, at) for c in checked])


def _audit_row(c: _Checked, at: datetime) -> dict[str, Any]:
    details, result = c.draft.details, c.result
    ncs = [
        NonConformity(0, f.requirement_id, f.verdict)
        for f in c.draft.findings
        if f.verdict.is_non_conformity
    ]
    progress = plan_progress(ncs, [])
    return {
        "reference": c.reference,
        "supplier_id": c.supplier_id,
        "code_id": c.code_id,
        "audit_type": details.audit_type.value,
        "auditor": details.auditor.strip(),
        "started_on": details.started_on,
        "ended_on": details.ended_on,
        "sites": [site.strip() for site in details.sites],
        "status": repo.COMPLETED,
        "revision": 1,
        "created_at": at,
        "completed_at": at,
        "score": result.score,
        **{column: result.pillar_scores[p] for p, column in PILLAR_COLUMNS.items()},
        "risk_level": result.risk_level.value,
        "outcome": result.outcome.value,
        "policy_version": result.policy_version,
        "result_reasons": [{"rule": r.rule, "text": r.text} for r in result.reasons],
        "nc_count": progress.nc_count,
        "first_plan_accepted_on": progress.first_accepted_on,
        "all_ncs_covered_on": progress.all_covered_on,
        "all_ncs_closed_on": progress.all_closed_on,
        "termination_recorded_at": None,
        "completed_by": "staff",
    }


def _insert_findings(session: Session, checked: list[_Checked], audit_ids: list[int]) -> None:
    rows = [
        {
            "audit_id": audit_id,
            "position": position,
            "requirement_id": f.requirement_id,
            "verdict": f.verdict.value,
            "notes": f.notes.strip(),
            "evidence": [ref.strip() for ref in f.evidence],
        }
        for c, audit_id in zip(checked, audit_ids, strict=True)
        for position, f in enumerate(c.draft.findings)
    ]
    repo.insert_rows(session, FindingRow, rows)
    record_bulk(session, "esg_audit_finding", len(rows), {"source": "batch"})


def _insert_nonconformities(
    session: Session, checked: list[_Checked], audit_ids: list[int], actor: str, at: datetime
) -> dict[int, list[tuple[int, str]]]:
    rows: list[dict[str, Any]] = [
        {
            "audit_id": audit_id,
            "requirement_id": f.requirement_id,
            "severity": f.verdict.value,
            "status": NcStatus.OPEN.value,
            "owner": "",
            "due_on": None,
            "evidence": [],
            "closed_on": None,
            "verified_by": "",
            "created_at": at,
            "updated_at": at,
        }
        for c, audit_id in zip(checked, audit_ids, strict=True)
        for f in c.draft.findings
        if f.verdict.is_non_conformity
    ]
    ids = repo.insert_returning_ids(session, NonConformityRow, rows)
    ended = {
        audit_id: c.draft.details.ended_on for c, audit_id in zip(checked, audit_ids, strict=True)
    }
    events = [
        {
            "nc_id": nc_id,
            "happened_on": ended[row["audit_id"]],
            "at": at,
            "actor": actor,
            "from_status": None,
            "to_status": NcStatus.OPEN.value,
            "note": "found by the audit",
        }
        for nc_id, row in zip(ids, rows, strict=True)
    ]
    repo.insert_rows(session, NcEventRow, events)
    record_bulk(session, "nonconformity", len(rows), {"source": "batch"})
    by_audit: dict[int, list[tuple[int, str]]] = {}
    for nc_id, row in zip(ids, rows, strict=True):
        by_audit.setdefault(row["audit_id"], []).append((nc_id, row["requirement_id"]))
    return by_audit
