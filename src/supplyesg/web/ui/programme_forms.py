"""The programme's forms: what the user typed, turned into domain values or reasons by field.

Only reading happens here (a date, a verdict, a list of file names); every rule about the
values is the domain's, applied by the service the page calls.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from supplyesg.db.models import EsgAuditRow
from supplyesg.domain.audits import AuditDetails, AuditType, Finding, Verdict
from supplyesg.domain.conduct import CodeOfConduct
from supplyesg.domain.errors import Problem, refuse_if
from supplyesg.domain.plans import PlanAction

DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
AUDIT_FIELDS = (
    "supplier",
    "code_version",
    "reference",
    "audit_type",
    "auditor",
    "started_on",
    "ended_on",
    "sites",
)
FINDING_PARTS = ("verdict", "notes", "evidence")
REFUSED_AUDIT = "The audit cannot be saved."
REFUSED_PLAN = "The improvement plan cannot be submitted."


def parse_day(name: str, text: str, *, required: bool = True) -> tuple[date | None, list[Problem]]:
    """The day written as YYYY-MM-DD, or the reason it cannot be read."""
    text = text.strip()
    if not text:
        return None, [Problem(name, "is required", text)] if required else []
    if DAY.fullmatch(text):
        try:
            return date.fromisoformat(text), []
        except ValueError:
            pass
    return None, [Problem(name, "must be a date such as 2026-03-15", text)]


def lines_of(text: str) -> tuple[str, ...]:
    """The non-empty lines of a text box, trimmed."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


@dataclass(frozen=True, slots=True)
class AuditForm:
    """The audit's details as text, exactly as shown or typed."""

    values: dict[str, str] = field(default_factory=dict)

    @classmethod
    def posted(cls, form: dict[str, str]) -> AuditForm:
        """The details as sent."""
        return cls({name: form.get(name, "").strip() for name in AUDIT_FIELDS})

    @classmethod
    def of_audit(cls, row: EsgAuditRow) -> AuditForm:
        """The form filled with a stored audit's details."""
        return cls(
            {
                "supplier": row.supplier.code,
                "code_version": row.code.version,
                "reference": row.reference,
                "audit_type": row.audit_type,
                "auditor": row.auditor,
                "started_on": row.started_on.isoformat(),
                "ended_on": row.ended_on.isoformat(),
                "sites": "\n".join(row.sites),
            }
        )

    def details(self) -> AuditDetails:
        """The details the form describes, or InvalidInputError naming each unreadable field."""
        problems: list[Problem] = []
        kind = self.values.get("audit_type", "")
        if kind not in {str(t) for t in AuditType}:
            problems.append(Problem("audit_type", "choose how the audit was carried out", kind))
        started, found = parse_day("started_on", self.values.get("started_on", ""))
        problems += found
        ended, found = parse_day("ended_on", self.values.get("ended_on", ""))
        problems += found
        refuse_if(problems, REFUSED_AUDIT)
        assert started is not None  # refused above otherwise
        assert ended is not None
        return AuditDetails(
            AuditType(kind),
            self.values.get("auditor", ""),
            started,
            ended,
            lines_of(self.values.get("sites", "")),
        )


@dataclass(frozen=True, slots=True)
class FindingsForm:
    """The verdict, notes and evidence typed for each requirement, by field name."""

    values: dict[str, str] = field(default_factory=dict)

    @classmethod
    def posted(cls, form: dict[str, str], code: CodeOfConduct) -> FindingsForm:
        """The findings as sent, for the requirements of the code."""
        names = finding_fields(code)
        return cls({name: form.get(name, "") for name in names})

    @classmethod
    def of_findings(cls, findings: Iterable[Finding]) -> FindingsForm:
        """The form filled with stored findings."""
        values: dict[str, str] = {}
        for finding in findings:
            values[f"verdict.{finding.requirement_id}"] = str(finding.verdict)
            values[f"notes.{finding.requirement_id}"] = finding.notes
            values[f"evidence.{finding.requirement_id}"] = "\n".join(finding.evidence)
        return cls(values)

    def get(self, part: str, requirement_id: str) -> str:
        """What the form holds for one part of one requirement's finding."""
        return self.values.get(f"{part}.{requirement_id}", "")

    def findings(self, code: CodeOfConduct) -> tuple[Finding, ...]:
        """The findings of every requirement given a verdict, in the code's order."""
        found: list[Finding] = []
        problems: list[Problem] = []
        verdicts = {str(v) for v in Verdict}
        for requirement in code.requirements:
            verdict = self.get("verdict", requirement.id)
            if not verdict:
                continue
            if verdict not in verdicts:
                problems.append(Problem(f"verdict.{requirement.id}", "choose a verdict", verdict))
                continue
            notes = self.get("notes", requirement.id).strip()
            evidence = lines_of(self.get("evidence", requirement.id))
            found.append(Finding(requirement.id, Verdict(verdict), notes, evidence))
        refuse_if(problems, REFUSED_AUDIT)
        return tuple(found)


def finding_fields(code: CodeOfConduct) -> list[str]:
    """The names of every field of the findings form."""
    return [f"{part}.{r.id}" for r in code.requirements for part in FINDING_PARTS]


def placed_problems(problems: Iterable[Problem], findings: Sequence[Finding]) -> list[Problem]:
    """Problems of the n-th finding renamed after its field (verdict.LAB-01), to sit beside it."""
    placed = []
    for problem in problems:
        row = problem.row
        if row is not None and 1 <= row <= len(findings) and problem.field in FINDING_PARTS:
            name = f"{problem.field}.{findings[row - 1].requirement_id}"
            placed.append(Problem(name, problem.reason, problem.value))
        else:
            placed.append(problem)
    return placed


# -- improvement plans -----------------------------------------------------------------------

ACTION_PARTS = ("action", "owner", "due_on")


@dataclass(frozen=True, slots=True)
class PlanForm:
    """A plan as typed: the submission day and, per non-conformity, an action or nothing."""

    values: dict[str, str] = field(default_factory=dict)

    @classmethod
    def posted(cls, form: dict[str, str], nc_ids: Iterable[int]) -> PlanForm:
        """The plan as sent, for the non-conformities offered."""
        names = ["submitted_on", *(f"{p}.{i}" for i in nc_ids for p in ACTION_PARTS)]
        return cls({name: form.get(name, "").strip() for name in names})

    def get(self, part: str, nc_id: int) -> str:
        """What the form holds for one part of one non-conformity's action."""
        return self.values.get(f"{part}.{nc_id}", "")

    def actions(self, nc_ids: Iterable[int]) -> tuple[date | None, tuple[PlanAction, ...]]:
        """The submission day and one action per non-conformity with anything typed."""
        problems: list[Problem] = []
        submitted, found = parse_day(
            "submitted_on", self.values.get("submitted_on", ""), required=False
        )
        problems += found
        actions = []
        for nc_id in nc_ids:
            typed = [self.get(part, nc_id) for part in ACTION_PARTS]
            if not any(typed):
                continue
            due_on, found = parse_day(f"due_on.{nc_id}", self.get("due_on", nc_id))
            problems += found
            if due_on is not None:
                actions.append(PlanAction(nc_id, typed[0], typed[1], due_on))
        refuse_if(problems, REFUSED_PLAN)
        return submitted, tuple(actions)


def placed_action_problems(
    problems: Iterable[Problem], actions: Sequence[PlanAction]
) -> list[Problem]:
    """Problems of the n-th action renamed after its field (owner.12), to sit beside it."""
    placed = []
    for problem in problems:
        row = problem.row
        if row is not None and 1 <= row <= len(actions) and problem.field in ACTION_PARTS:
            name = f"{problem.field}.{actions[row - 1].nc_id}"
            placed.append(Problem(name, problem.reason, problem.value))
        elif problem.field == "nc_id" and row is not None and 1 <= row <= len(actions):
            placed.append(Problem(f"action.{actions[row - 1].nc_id}", problem.reason))
        else:
            placed.append(problem)
    return placed
