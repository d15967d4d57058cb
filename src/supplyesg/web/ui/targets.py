"""Target pages: every target in force with its progress by year, and the form to set, change
or withdraw one. The numbers come measured from `services.targets`; this module only reads the
form's text and places each refusal beside its field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from supplyesg.db.session import Database
from supplyesg.domain.errors import DomainError, NotFoundError, Problem, refuse_if
from supplyesg.domain.intensity import shown
from supplyesg.domain.targets import Accounting, Target, TargetKind, TargetMetric
from supplyesg.services import esg_catalogue, esg_organisation
from supplyesg.services import targets as service
from supplyesg.web.api.types import RecordId
from supplyesg.web.deps import ClockDep, DatabaseDep
from supplyesg.web.ui.code_labels import N_
from supplyesg.web.ui.esg_context import esg_page
from supplyesg.web.ui.flash import flash
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors, PostedForm
from supplyesg.web.ui.rendering import _

router = APIRouter(prefix="/targets")

FIELDS = (
    "metric",
    "kind",
    "normaliser",
    "entity",
    "accounting",
    "base_year",
    "base_value",
    "base_source",
    "target_year",
    "target_value",
    "reduction_pct",
    "credits",
    "description",
    "steps",
    "owner",
    "adopted_on",
)
METRIC_TITLES = {
    TargetMetric.GHG_TOTAL: N_("Scope 1 and 2 emissions"),
    TargetMetric.GHG_SCOPE1: N_("Scope 1 emissions"),
    TargetMetric.GHG_SCOPE2: N_("Scope 2 emissions"),
    TargetMetric.ENERGY: N_("Energy consumed"),
    TargetMetric.WATER: N_("Water consumed"),
    TargetMetric.HAZARDOUS_WASTE: N_("Hazardous waste produced"),
    TargetMetric.NON_HAZARDOUS_WASTE: N_("Non-hazardous waste produced"),
}
"""The titles the catalogue and the GHG figures give the metrics, for the form and list."""
_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


@dataclass(frozen=True, slots=True)
class TargetForm:
    """The target form's fields as text, exactly as shown or typed."""

    values: dict[str, str] = field(default_factory=dict)

    @classmethod
    def posted(cls, form: dict[str, str]) -> TargetForm:
        """The form as sent."""
        return cls({name: form.get(name, "").strip() for name in FIELDS})

    @classmethod
    def of(cls, target: Target) -> TargetForm:
        """The form showing a stored target."""

        def text(value: Decimal | None) -> str:
            return "" if value is None else f"{value.normalize():f}"

        return cls(
            {
                "metric": str(target.metric),
                "kind": str(target.kind),
                "normaliser": target.normaliser,
                "entity": target.entity,
                "accounting": str(target.accounting),
                "base_year": str(target.base_year),
                "base_value": text(target.base_value),
                "base_source": target.base_source,
                "target_year": str(target.target_year),
                "target_value": text(target.target_value),
                "reduction_pct": text(target.reduction_pct),
                "credits": "\n".join(
                    f"{y}={text(v)}" for y, v in sorted(target.credits_t_co2e.items())
                ),
                "description": target.description,
                "steps": target.steps,
                "owner": target.owner,
                "adopted_on": target.adopted_on.isoformat() if target.adopted_on else "",
            }
        )

    def get(self, name: str) -> str:
        """One field's text."""
        return self.values.get(name, "")

    def target(self) -> Target:
        """The target the form describes, or InvalidInputError naming every unreadable field."""
        problems: list[Problem] = []
        target = Target(
            metric=_choice(TargetMetric, "metric", self.get("metric"), problems)
            or TargetMetric.GHG_TOTAL,
            base_year=_year("base_year", self.get("base_year"), problems),
            target_year=_year("target_year", self.get("target_year"), problems),
            kind=_choice(TargetKind, "kind", self.get("kind") or "absolute", problems)
            or TargetKind.ABSOLUTE,
            normaliser=self.get("normaliser"),
            entity=self.get("entity"),
            accounting=_choice(
                Accounting, "accounting", self.get("accounting") or "gross", problems
            )
            or Accounting.GROSS,
            target_value=_number("target_value", self.get("target_value"), problems),
            reduction_pct=_number("reduction_pct", self.get("reduction_pct"), problems),
            base_value=_number("base_value", self.get("base_value"), problems),
            base_source=self.get("base_source"),
            credits_t_co2e=_credits(self.get("credits"), problems),
            description=self.get("description"),
            steps=self.get("steps"),
            owner=self.get("owner"),
            adopted_on=_day(self.get("adopted_on"), problems),
        )
        refuse_if(problems, service.REFUSED)
        return target


E = TypeVar("E", TargetMetric, TargetKind, Accounting)


def _choice(kind: type[E], name: str, text: str, problems: list[Problem]) -> E | None:
    if text in {str(member) for member in kind}:
        return kind(text)
    problems.append(Problem(name, _("choose one of the list"), text))
    return None


def _year(name: str, text: str, problems: list[Problem]) -> int:
    if text.isascii() and text.isdecimal() and len(text) == 4:
        return int(text)
    problems.append(Problem(name, _("must be a year such as 2030"), text))
    return 0


def _number(name: str, text: str, problems: list[Problem]) -> Decimal | None:
    cleaned = text.replace(",", "")
    if not cleaned:
        return None
    if _NUMBER.fullmatch(cleaned):
        return Decimal(cleaned)
    problems.append(Problem(name, _("is not a number"), text))
    return None


def _credits(text: str, problems: list[Problem]) -> dict[int, Decimal]:
    found: dict[int, Decimal] = {}
    for line in filter(None, (line.strip() for line in text.splitlines())):
        year, equals, amount = (part.strip() for part in line.partition("="))
        value = _number("credits", amount, []) if equals else None
        if not (year.isascii() and year.isdecimal() and len(year) == 4) or value is None:
            problems.append(Problem("credits", _("write one year a line: 2025=120"), line))
        elif int(year) in found:
            problems.append(Problem("credits", _("gives a year twice"), line))
        else:
            found[int(year)] = value
    return found


def _day(text: str, problems: list[Problem]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(Problem("adopted_on", _("must be a date such as 2025-03-31"), text))
        return None


@router.get("", name="targets")
def target_list(request: Request, db: DatabaseDep) -> Response:
    """Every target in force, with its base, goal and each financial year's progress."""
    return esg_page(
        request,
        "esg/targets.html",
        "targets",
        reports=service.target_reports(db),
        titles=METRIC_TITLES,
        entities=esg_organisation.organisation(db).entities,
        figure=figure,
    )


def figure(value: Decimal | None) -> str:
    """A measured value as the page shows it: two decimals, or three significant figures when
    it is small (an intensity per unit of revenue)."""
    return "—" if value is None else f"{shown(value):,f}"


@router.get("/new", name="target_new")
def new_target(request: Request, db: DatabaseDep) -> Response:
    """The empty form of a target."""
    return _form_page(request, db, TargetForm(), NO_ERRORS)


@router.post("/new")
def add_target(request: Request, db: DatabaseDep, clock: ClockDep, form: PostedForm) -> Response:
    """Set the target, or show the form again with the reasons by field."""
    typed = TargetForm.posted(form)
    try:
        stored = service.add_target(db, typed.target(), clock)
    except DomainError as error:
        return _form_page(request, db, typed, FormErrors.of(error, FIELDS))
    return _back(_("Target %(id)s set.", id=stored.id))


@router.get("/{target_id}/edit", name="target_edit")
def edit_target(request: Request, db: DatabaseDep, target_id: RecordId) -> Response:
    """The form of a stored target."""
    stored = service.get_target(db, target_id)
    return _form_page(request, db, TargetForm.of(stored.target), NO_ERRORS, target_id)


@router.post("/{target_id}/edit")
def change_target(
    request: Request, db: DatabaseDep, clock: ClockDep, form: PostedForm, target_id: RecordId
) -> Response:
    """Change the target, or show the form again with the reasons by field."""
    typed = TargetForm.posted(form)
    try:
        service.update_target(db, target_id, typed.target(), clock)
    except DomainError as error:
        if isinstance(error, NotFoundError):
            raise
        return _form_page(request, db, typed, FormErrors.of(error, FIELDS), target_id)
    return _back(_("Target %(id)s changed.", id=target_id))


@router.post("/{target_id}/withdraw")
def withdraw_target(db: DatabaseDep, clock: ClockDep, target_id: RecordId) -> Response:
    """Withdraw the target from today: reports of earlier years keep showing it."""
    stored = service.withdraw_target(db, target_id, clock)
    day = stored.target.withdrawn_on
    return _back(_("Target %(id)s withdrawn on %(day)s.", id=target_id, day=day))


def _back(message: str) -> Response:
    return flash(RedirectResponse("/targets", status_code=303), message)


def _form_page(
    request: Request,
    db: Database,
    typed: TargetForm,
    errors: FormErrors,
    target_id: int | None = None,
) -> Response:
    catalogue = esg_catalogue.catalogue(db)
    organisation = esg_organisation.organisation(db)
    return esg_page(
        request,
        "esg/target_form.html",
        "targets",
        422 if errors else 200,
        form=typed,
        errors=errors,
        target_id=target_id,
        metrics=[(str(m), _(title)) for m, title in METRIC_TITLES.items()],
        kinds=[
            (str(k), _("Absolute") if k is TargetKind.ABSOLUTE else _("Intensity"))
            for k in TargetKind
        ],
        normalisers=[(m.code, m.title) for m in catalogue.normalisers],
        entities=[(e.code, e.name) for e in organisation.entities.values()],
        accountings=[
            (str(Accounting.GROSS), _("Gross")),
            (str(Accounting.NET), _("Net of carbon credits")),
        ],
    )
