"""The page that records one external audit as its scheme published it.

Included before the audit pages, whose `/audits/{reference}` would otherwise take
`/audits/external`. Findings are typed one per line, ``major HS-02: what was found``; a
problem with a finding is shown beside the findings box with its line number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from supplyesg.domain.errors import DomainError, Problem, refuse_if
from supplyesg.domain.external_audits import (
    ExternalAuditDetails,
    ExternalFinding,
    PublishedResult,
    Severity,
)
from supplyesg.domain.scheme_results import Scheme
from supplyesg.services import external_audits as service
from supplyesg.web.deps import ActorDep, ClockDep, DatabaseDep
from supplyesg.web.ui.flash import flash
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors, PostedForm
from supplyesg.web.ui.programme_forms import parse_day
from supplyesg.web.ui.rendering import _, render

router = APIRouter(prefix="/audits/external")

FIELDS = (
    "supplier",
    "scheme",
    "reference",
    "scheme_reference",
    "audit_firm",
    "started_on",
    "ended_on",
    "rating",
    "score",
    "recognition",
    "certificate_valid",
    "findings",
)
FINDING_FIELDS = ("severity", "description", "requirement")
REFUSED = "The external audit cannot be recorded."


@dataclass(frozen=True, slots=True)
class ExternalAuditForm:
    """The external audit as typed: every field as text."""

    values: dict[str, str] = field(default_factory=dict)

    @classmethod
    def posted(cls, form: dict[str, str]) -> ExternalAuditForm:
        """The fields as sent."""
        return cls({name: form.get(name, "").strip() for name in FIELDS})

    def draft(self) -> service.ExternalAuditDraft:
        """The draft the form describes, or InvalidInputError naming each unreadable field."""
        v = self.values
        problems: list[Problem] = []
        scheme = v.get("scheme", "")
        if scheme not in set(Scheme):
            problems.append(Problem("scheme", "choose the scheme of the audit", scheme))
        ended, found = parse_day("ended_on", v.get("ended_on", ""))
        problems += found
        started, found = parse_day("started_on", v.get("started_on", ""), required=False)
        problems += found
        result, found = self._result()
        problems += found
        findings, found = _findings(v.get("findings", ""))
        problems += found
        refuse_if(problems, REFUSED)
        assert ended is not None  # refused above otherwise
        details = ExternalAuditDetails(
            Scheme(scheme), v["scheme_reference"], v["audit_firm"], started or ended, ended
        )
        return service.ExternalAuditDraft(
            supplier_code=v["supplier"],
            details=details,
            result=result,
            findings=tuple(findings),
            reference=v["reference"],
        )

    def _result(self) -> tuple[PublishedResult, list[Problem]]:
        v, problems = self.values, []
        score: Decimal | None = None
        if v.get("score"):
            try:
                score = Decimal(v["score"])
            except InvalidOperation:
                problems.append(Problem("score", "must be a number such as 172", v["score"]))
        valid = {"valid": True, "not_valid": False}.get(v.get("certificate_valid", ""))
        rating, recognition = v.get("rating", "").upper(), v.get("recognition", "").lower()
        return PublishedResult(rating, score, recognition, valid), problems


def _findings(text: str) -> tuple[list[ExternalFinding], list[Problem]]:
    """One finding per line: ``SEVERITY [REQUIREMENT]: description``."""
    found, problems = [], []
    for line, entry in enumerate(text.splitlines(), start=1):
        if not entry.strip():
            continue
        head, colon, description = entry.partition(":")
        words = head.split()
        severity = words[0].lower() if words else ""
        if not colon or severity not in set(Severity) or len(words) > 2:
            reason = _(
                "line %(line)s: write 'severity [requirement]: what was found', severity one "
                "of critical, major, minor, observation",
                line=line,
            )
            problems.append(Problem("findings", reason, entry))
            continue
        requirement = words[1] if len(words) == 2 else ""
        found.append(ExternalFinding(Severity(severity), description.strip(), requirement))
    return found, problems


def _placed(error: DomainError, form: ExternalAuditForm) -> FormErrors:
    """Each problem beside its field; a finding's problem beside the findings, with its line."""
    entries = form.values.get("findings", "").splitlines()
    typed = [line for line, entry in enumerate(entries, start=1) if entry.strip()]
    problems = []
    for p in error.problems:
        if p.field in FINDING_FIELDS and p.row is not None and p.row <= len(typed):
            where = _("line %(line)s", line=typed[p.row - 1])
            problems.append(Problem("findings", f"{where}: {p.field} {p.reason}", p.value))
        else:
            problems.append(p)
    return FormErrors.from_problems(error.detail, problems, FIELDS)


@router.get("/new", name="external_audit_new")
def new_external_audit(
    request: Request, supplier: Annotated[str, Query(max_length=100)] = ""
) -> Response:
    """An empty external audit form (for the supplier given, if any)."""
    return _page(request, ExternalAuditForm({"supplier": supplier.strip()}), NO_ERRORS)


@router.post("/new")
def record_external_audit(
    request: Request, db: DatabaseDep, clock: ClockDep, actor: ActorDep, form: PostedForm
) -> Response:
    """Record the external audit, then show it; or show the reasons beside the fields."""
    typed = ExternalAuditForm.posted(form)
    max_bytes = request.app.state.settings.max_evidence_mb * 1024 * 1024
    try:
        done = service.record_external_audit(db, typed.draft(), actor, max_bytes, clock)
    except DomainError as error:
        return _page(request, typed, _placed(error, typed))
    reference = done.audit.reference
    message = _(
        "External audit %(reference)s recorded: %(level)s risk.",
        reference=reference,
        level=_(str(done.audit.risk_level).capitalize()),
    )
    return flash(RedirectResponse(f"/audits/{reference}", status_code=303), message)


def _page(request: Request, typed: ExternalAuditForm, errors: FormErrors) -> Response:
    return render(
        request,
        "programme/audits/external_form.html",
        status_code=422 if errors else 200,
        area="audits",
        form=typed,
        errors=errors,
        schemes=list(Scheme),
        severities=list(Severity),
    )
