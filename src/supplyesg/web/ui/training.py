"""Training pages: programmes and the code sections they cover, suppliers proposed by their open
findings or from the risk register, attendance, completion."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from supplyesg.domain.conduct import Pillar
from supplyesg.domain.errors import DomainError, InvalidInputError, NotFoundError, Problem
from supplyesg.domain.training import (
    AssignmentStatus,
    TrainingFormat,
    TrainingProgramme,
    move_problems,
)
from supplyesg.services import training as service
from supplyesg.web.deps import ActorDep, DatabaseDep
from supplyesg.web.ui.audit_pages import today
from supplyesg.web.ui.flash import flash
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors, PostedForm
from supplyesg.web.ui.programme_forms import parse_day
from supplyesg.web.ui.rendering import _, label, render

router = APIRouter(prefix="/training")

PROGRAMME_FIELDS = ("topic", "format", "held_on", "description")
SECTION_FIELDS = tuple(f"section_{pillar}" for pillar in Pillar)
REFUSED = "The training programme cannot be saved."


@router.get("", name="training")
def training_page(request: Request, db: DatabaseDep) -> Response:
    """Every training programme, with how its assignments stand, and a form for a new one."""
    return _list_page(request, db, {"format": str(TrainingFormat.WORKSHOP)}, NO_ERRORS)


@router.post("")
def create_programme(
    request: Request, db: DatabaseDep, actor: ActorDep, form: PostedForm
) -> Response:
    """Schedule a training programme, or show the reasons beside the fields."""
    values = {name: form.get(name, "").strip() for name in PROGRAMME_FIELDS + SECTION_FIELDS}
    try:
        programme = _programme(values)
        created = service.create_programme(db, programme, actor)
    except DomainError as error:
        return _list_page(request, db, values, FormErrors.of(error, PROGRAMME_FIELDS))
    return _to_programme(created.id, _("Training %(topic)s scheduled.", topic=created.topic))


@router.get("/{programme_id}", name="training_programme")
def programme_page(request: Request, db: DatabaseDep, programme_id: int) -> Response:
    """One programme: its assignments with the reasons, and the next step of each."""
    return _programme_page(request, db, programme_id)


@router.post("/{programme_id}/proposals")
def propose(db: DatabaseDep, actor: ActorDep, programme_id: int) -> Response:
    """Propose every supplier with open findings in the programme's sections (for a general
    one, every supplier the risk register says needs training) that is not on it yet."""
    proposed = service.propose(db, programme_id, actor, today())
    message = (
        _("%(count)s suppliers proposed.", count=len(proposed))
        if proposed
        else _("No supplier needs this training now.")
    )
    return _to_programme(programme_id, message)


@router.post("/{programme_id}/assignments")
def assign(
    request: Request, db: DatabaseDep, actor: ActorDep, programme_id: int, form: PostedForm
) -> Response:
    """Put a supplier on the programme (confirming its proposal, if any)."""
    code = form.get("supplier_code", "").strip()
    try:
        service.assign(db, programme_id, code, actor)
    except DomainError as error:
        if isinstance(error, NotFoundError) and "supplier" in error.detail:
            error = InvalidInputError(
                error.detail, [Problem("supplier_code", "no supplier has this code", code)]
            )
        elif isinstance(error, NotFoundError):
            raise
        errors = FormErrors.of(error, ["supplier_code"])
        return _programme_page(request, db, programme_id, 422, form, errors)
    return _to_programme(programme_id, _("%(code)s assigned.", code=code))


@router.post("/assignments/{assignment_id}/status")
def move(
    request: Request, db: DatabaseDep, actor: ActorDep, assignment_id: int, form: PostedForm
) -> Response:
    """Record the next step of an assignment on a day (today unless told)."""
    programme_id = int(form.get("programme_id", "0") or 0)
    target = form.get("status", "")
    try:
        if target not in set(AssignmentStatus):
            raise InvalidInputError(REFUSED, [Problem("status", "choose a step", target)])
        on, problems = parse_day("on", form.get("on", ""), required=False)
        if problems:
            raise InvalidInputError("The day cannot be read.", problems)
        moved = service.move(db, assignment_id, AssignmentStatus(target), on or today(), actor)
    except DomainError as error:
        if isinstance(error, NotFoundError) or not programme_id:
            raise
        errors = FormErrors.of(error, [])  # shown above the table, with the field named
        form = {**form, "assignment_id": str(assignment_id)}
        return _programme_page(request, db, programme_id, 422, form, errors)
    message = _("%(code)s: %(status)s.", code=moved.supplier_code, status=label(target).lower())
    return _to_programme(moved.programme.id, message)


def _programme(values: dict[str, str]) -> TrainingProgramme:
    """The programme the form describes, or InvalidInputError naming each unreadable field."""
    problems = []
    if values["format"] not in set(TrainingFormat):
        problems.append(Problem("format", "choose how it is delivered", values["format"]))
    held_on, found = parse_day("held_on", values["held_on"])
    problems += found
    if problems or held_on is None:
        raise InvalidInputError(REFUSED, problems)
    sections = frozenset(p for p in Pillar if values.get(f"section_{p}"))
    return TrainingProgramme(
        values["topic"], TrainingFormat(values["format"]), held_on, values["description"], sections
    )


def _to_programme(programme_id: int, message: str) -> Response:
    return flash(RedirectResponse(f"/training/{programme_id}", status_code=303), message)


def _list_page(
    request: Request, db: DatabaseDep, values: dict[str, str], errors: FormErrors
) -> Response:
    return render(
        request,
        "programme/training/list.html",
        status_code=422 if errors else 200,
        area="programme",
        programmes=service.list_programmes(db),
        formats=list(TrainingFormat),
        sections=list(Pillar),
        form=values,
        errors=errors,
        today=today(),
    )


def _programme_page(
    request: Request,
    db: DatabaseDep,
    programme_id: int,
    status_code: int = 200,
    form: dict[str, str] | None = None,
    errors: FormErrors = NO_ERRORS,
) -> Response:
    summary, assignments = service.get_programme(db, programme_id)
    held_on = summary.programme.held_on
    steps = {
        a.id: [
            target
            for target in AssignmentStatus
            if not move_problems(a.status, target, held_on, today())
        ]
        for a in assignments
    }
    return render(
        request,
        "programme/training/detail.html",
        status_code=status_code,
        area="programme",
        summary=summary,
        assignments=assignments,
        steps=steps,
        form=form or {},
        errors=errors,
        today=today(),
        upcoming=held_on >= today(),
    )
