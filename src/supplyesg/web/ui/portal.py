"""The supplier portal's pages: a supplier user's own audits, non-conformities, improvement
plans, evidence, training and self-assessment, and nothing of any other supplier.

Every page goes through services.portal, whose scoping rule answers 404 for another
supplier's records; the gate (web/auth.py) keeps everyone else out of /portal.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import UploadFile
from starlette.responses import Response

from supplyesg.domain.audits import Finding, Verdict
from supplyesg.domain.errors import DomainError, InvalidInputError, Problem
from supplyesg.domain.plans import PlanAction
from supplyesg.services import portal
from supplyesg.services.portal import PortalScope, Upload
from supplyesg.web.api.types import RecordId
from supplyesg.web.deps import ActorDep, ClockDep, DatabaseDep, PersonDep, request_today
from supplyesg.web.portal import ScopeDep, file_response
from supplyesg.web.ui.flash import flash
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors, PostedForm
from supplyesg.web.ui.rendering import _, render

router = APIRouter(prefix="/portal")

AREA = "portal"
VERDICTS = [str(v) for v in Verdict]


async def posted_files(request: Request) -> list[Upload]:
    """The files of a posted form (field `files`), read within the configured size limit."""
    limit = _max_bytes(request)
    form = await request.form()
    uploads = []
    try:
        for item in form.getlist("files"):
            if isinstance(item, UploadFile) and item.filename:
                content = await item.read(limit + 1)  # one byte over is enough to refuse it
                uploads.append(Upload(item.filename, content))
    finally:
        await form.close()  # the text fields stay readable; the spooled files are released
    return uploads


PostedFiles = Annotated[list[Upload], Depends(posted_files)]


def _max_bytes(request: Request) -> int:
    return portal.max_evidence_bytes(request.app.state.settings)


@router.get("", name="portal_home")
def home(request: Request, db: DatabaseDep, scope: ScopeDep) -> Response:
    """The supplier's home: what is due, what is open, and where to act."""
    on = request_today()
    due = portal.deadlines(db, scope, on)
    return render(
        request,
        "portal/home.html",
        area=AREA,
        scope=scope,
        ncs=due.nonconformities,
        audits=portal.list_audits(db, scope)[:5],
        plans=portal.list_plans(db, scope)[:5],
        training=due.training,
        questionnaire=portal.questionnaire(db, scope, on),
        plans_due=due.plans,
        audits_due=due.audits,
        termination=due.termination,
    )


@router.get("/audits", name="portal_audits")
def audits(request: Request, db: DatabaseDep, scope: ScopeDep) -> Response:
    """The supplier's completed audits."""
    rows = portal.list_audits(db, scope)
    return render(request, "portal/audits.html", area=AREA, scope=scope, audits=rows)


@router.get("/audits/{reference}", name="portal_audit")
def audit(request: Request, db: DatabaseDep, scope: ScopeDep, reference: str) -> Response:
    """One audit: its result, findings and non-conformities."""
    row = portal.get_audit(db, scope, reference)
    ncs = portal.nonconformities_of_audit(db, scope, row, request_today())
    return render(request, "portal/audit.html", area=AREA, scope=scope, audit=row, ncs=ncs)


@router.get("/audits/{reference}/plan", name="portal_plan_form")
def plan_form(request: Request, db: DatabaseDep, scope: ScopeDep, reference: str) -> Response:
    """The improvement-plan form for an audit's open non-conformities."""
    return _plan_page(request, db, scope, reference, {}, NO_ERRORS)


@router.post("/audits/{reference}/plan")
def submit_plan(
    request: Request,
    db: DatabaseDep,
    clock: ClockDep,
    scope: ScopeDep,
    actor: PersonDep,
    reference: str,
    form: PostedForm,
    files: PostedFiles,
) -> Response:
    """Send the plan (and any supporting files), or show the form again with the reasons."""
    audit_row = portal.get_audit(db, scope, reference)
    open_ncs = portal.open_nonconformities_of_audit(db, scope, audit_row, request_today())
    open_ids = [r.row.id for r in open_ncs]
    actions: list[PlanAction] = []
    try:
        actions = _plan_actions(form, open_ids)
        plan = portal.submit_plan(db, scope, reference, actions, actor, clock)
        if files:
            nc_ids = [a.nc_id for a in actions]
            portal.attach_files(db, scope, nc_ids, files, actor.label, _max_bytes(request), clock)
    except DomainError as error:
        errors = _plan_errors(error, actions, open_ids)
        return _plan_page(request, db, scope, reference, form, errors, status_code=422)
    message = _("Improvement plan %(id)s sent for review.", id=plan.id)
    return flash(RedirectResponse(f"/portal/audits/{reference}", status_code=303), message)


@router.get("/non-conformities", name="portal_ncs")
def ncs(request: Request, db: DatabaseDep, scope: ScopeDep) -> Response:
    """Every non-conformity of the supplier, with its status and due date."""
    records = portal.list_nonconformities(db, scope, request_today())
    return render(request, "portal/ncs.html", area=AREA, scope=scope, ncs=records)


@router.get("/non-conformities/{nc_id}", name="portal_nc")
def nc(request: Request, db: DatabaseDep, scope: ScopeDep, nc_id: RecordId) -> Response:
    """One non-conformity, its evidence, and the form to send more."""
    return _nc_page(request, db, scope, nc_id, NO_ERRORS)


@router.post("/non-conformities/{nc_id}/evidence")
def send_evidence(
    request: Request,
    db: DatabaseDep,
    clock: ClockDep,
    scope: ScopeDep,
    actor: ActorDep,
    nc_id: RecordId,
    files: PostedFiles,
) -> Response:
    """Send files as evidence that the non-conformity is corrected."""
    try:
        portal.submit_evidence(db, scope, nc_id, files, actor, _max_bytes(request), clock)
    except DomainError as error:
        if not error.problems:
            raise
        return _nc_page(request, db, scope, nc_id, FormErrors.of(error, ("file",)), 422)
    target = RedirectResponse(f"/portal/non-conformities/{nc_id}", status_code=303)
    return flash(target, _("Evidence sent: the auditor will verify it."))


@router.get("/evidence/{file_id}", name="portal_evidence")
def evidence(db: DatabaseDep, scope: ScopeDep, file_id: RecordId) -> Response:
    """Download one of the supplier's evidence files."""
    return file_response(portal.get_evidence_file(db, scope, file_id))


@router.get("/plans", name="portal_plans")
def plans(request: Request, db: DatabaseDep, scope: ScopeDep) -> Response:
    """The supplier's improvement plans and their decisions."""
    rows = portal.list_plans(db, scope)
    return render(request, "portal/plans.html", area=AREA, scope=scope, plans=rows)


@router.get("/training", name="portal_training")
def training(request: Request, db: DatabaseDep, scope: ScopeDep) -> Response:
    """The trainings the supplier is invited to."""
    rows = portal.list_training(db, scope)
    return render(request, "portal/training.html", area=AREA, scope=scope, training=rows)


@router.get("/self-assessment", name="portal_questionnaire")
def questionnaire(request: Request, db: DatabaseDep, scope: ScopeDep) -> Response:
    """The self-assessment questionnaire: one answer per requirement of the code of conduct."""
    found = portal.questionnaire(db, scope, request_today())
    answers = {
        rid: {"verdict": str(f.verdict), "notes": f.notes} for rid, f in found.answers.items()
    }
    return _questionnaire_page(request, scope, found, answers, {})


@router.post("/self-assessment")
def save_questionnaire(
    request: Request,
    db: DatabaseDep,
    clock: ClockDep,
    scope: ScopeDep,
    actor: ActorDep,
    form: PostedForm,
) -> Response:
    """Save the answers as a draft, or submit them."""
    found = portal.questionnaire(db, scope, request_today())
    answers = {
        r.id: {"verdict": form.get(f"verdict-{r.id}", ""), "notes": form.get(f"notes-{r.id}", "")}
        for r in found.code.requirements
    }
    submit = form.get("action") == "submit"
    findings = [
        Finding(rid, Verdict(a["verdict"]), a["notes"].strip())
        for rid, a in answers.items()
        if a["verdict"] in VERDICTS
    ]
    try:
        row = portal.save_self_assessment(db, scope, findings, actor, submit=submit, clock=clock)
    except DomainError as error:
        by_requirement = _problems_by_requirement(error, findings)
        return _questionnaire_page(
            request, scope, found, answers, by_requirement, error.detail, status_code=422
        )
    message = (
        _("Self-assessment %(reference)s submitted.", reference=row.reference)
        if submit
        else _("Your answers are saved; you can come back to them.")
    )
    target = "/portal" if submit else "/portal/self-assessment"
    return flash(RedirectResponse(target, status_code=303), message)


def _plan_actions(form: dict[str, str], open_ids: list[int]) -> list[PlanAction]:
    """The actions filled in on the plan form (rows left blank are not part of the plan)."""
    actions, problems = [], []
    for nc_id in open_ids:
        action, owner = form.get(f"action-{nc_id}", "").strip(), form.get(f"owner-{nc_id}", "")
        due = form.get(f"due_on-{nc_id}", "")
        if not (action or owner.strip() or due):
            continue
        try:
            due_on = date.fromisoformat(due)
        except ValueError:
            problems.append(Problem(f"due_on-{nc_id}", "give the date as YYYY-MM-DD", due))
            continue
        actions.append(PlanAction(nc_id, action, owner.strip(), due_on))
    if problems:
        raise InvalidInputError("The improvement plan cannot be submitted.", problems)
    return actions


PLAN_ROW_FIELDS = ("action", "owner", "due_on")


def _plan_errors(error: DomainError, actions: list[PlanAction], open_ids: list[int]) -> FormErrors:
    """The reasons placed beside the plan form's fields: a problem about the n-th action sent
    belongs to the row of that action's non-conformity (`action-<id>`, `owner-<id>`...)."""
    fields = {f"{name}-{nc_id}" for nc_id in open_ids for name in PLAN_ROW_FIELDS} | {"file"}
    placed = []
    for problem in error.problems:
        if problem.row is not None and 0 < problem.row <= len(actions):
            nc_id = actions[problem.row - 1].nc_id
            name = problem.field if problem.field in PLAN_ROW_FIELDS else "action"
            problem = Problem(f"{name}-{nc_id}", problem.reason, problem.value)
        elif problem.field == "actions":
            problem = Problem("", _("fill in at least one row: an action, who and by when"))
        placed.append(problem)
    return FormErrors.from_problems(error.detail, placed, fields)


def _plan_page(
    request: Request,
    db: DatabaseDep,
    scope: PortalScope,
    reference: str,
    values: dict[str, str],
    errors: FormErrors,
    status_code: int = 200,
) -> Response:
    audit_row = portal.get_audit(db, scope, reference)
    return render(
        request,
        "portal/plan_form.html",
        status_code=status_code,
        area=AREA,
        scope=scope,
        audit=audit_row,
        ncs=portal.open_nonconformities_of_audit(db, scope, audit_row, request_today()),
        values=values,
        errors=errors,
        max_mb=_max_bytes(request) // (1024 * 1024),
    )


def _nc_page(
    request: Request,
    db: DatabaseDep,
    scope: PortalScope,
    nc_id: int,
    errors: FormErrors,
    status_code: int = 200,
) -> Response:
    record = portal.get_nonconformity(db, scope, nc_id, request_today())
    return render(
        request,
        "portal/nc.html",
        status_code=status_code,
        area=AREA,
        scope=scope,
        record=record,
        files=portal.evidence_of(db, scope, nc_id, request_today()),
        errors=errors,
        max_mb=_max_bytes(request) // (1024 * 1024),
        accepted=", ".join(sorted(portal.ACCEPTED_EXTENSIONS)),
    )


def _questionnaire_page(
    request: Request,
    scope: PortalScope,
    found: portal.Questionnaire,
    answers: dict[str, dict[str, str]],
    reasons: dict[str, list[str]],
    summary: str = "",
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "portal/questionnaire.html",
        status_code=status_code,
        area=AREA,
        scope=scope,
        questionnaire=found,
        answers=answers,
        reasons=reasons,
        summary=summary,
        verdicts=VERDICTS,
    )


def _problems_by_requirement(error: DomainError, findings: list[Finding]) -> dict[str, list[str]]:
    """Each problem placed beside the requirement it is about (rows count the findings sent)."""
    placed: dict[str, list[str]] = {}
    for problem in error.problems:
        if problem.row is not None and 0 < problem.row <= len(findings):
            key = findings[problem.row - 1].requirement_id
        elif problem.field == "findings" and isinstance(problem.value, str) and problem.value:
            for missing in problem.value.split(", "):
                placed.setdefault(missing, []).append(_("needs an answer"))
            continue
        elif isinstance(problem.value, str) and problem.field == "requirement":
            key = problem.value
        else:
            key = ""
        placed.setdefault(key, []).append(f"{problem.field}: {problem.reason}")
    return placed


staff_router = APIRouter()


@staff_router.get("/evidence-files/{file_id}/{file_name}", name="evidence_file")
def staff_evidence(db: DatabaseDep, file_id: RecordId, file_name: str) -> Response:
    """Download an evidence file a supplier sent (for the staff who verify it)."""
    return file_response(portal.get_evidence_file(db, None, file_id))
