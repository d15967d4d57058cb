"""Emission factors: the library in force, and the organisation's own factors with their sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from supplyesg.domain.errors import DomainError, NotFoundError, Problem, refuse_if
from supplyesg.domain.ghg.factors import (
    CARBON_DIOXIDE,
    GASES,
    Basis,
    Factor,
    FactorKind,
    FactorLibrary,
    Origin,
    factor_problems,
)
from supplyesg.services import emission_factors
from supplyesg.web.deps import ActorDep, DatabaseDep
from supplyesg.web.ui.esg_context import esg_page
from supplyesg.web.ui.flash import flash
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors, PostedForm
from supplyesg.web.ui.rendering import _

router = APIRouter(prefix="/emission-factors")
E = TypeVar("E", FactorKind, Basis)

FIELDS = ("factor_id", "kind", "subject", "gas", "basis", "value", "unit", "year", "title")
NOTE = "source_note"
REFUSED = "The factor cannot be saved."
KIND_TITLES = {
    FactorKind.EMISSION: "Emission factors of fuels",
    FactorKind.CALORIFIC_VALUE: "Calorific values of fuels",
    FactorKind.DENSITY: "Densities of fuels",
    FactorKind.GRID: "Grid electricity (Scope 2, location-based)",
    FactorKind.RESIDUAL_MIX: "Residual mix of a grid (Scope 2, market-based)",
    FactorKind.GWP: "Global warming potentials",
}


@dataclass(frozen=True, slots=True)
class FactorForm:
    """The factor form's fields as text, exactly as shown or typed."""

    values: dict[str, str] = field(default_factory=lambda: {"gas": CARBON_DIOXIDE})

    @classmethod
    def posted(cls, form: dict[str, str]) -> FactorForm:
        """The form as sent."""
        return cls({name: form.get(name, "").strip() for name in (*FIELDS, NOTE)})

    @classmethod
    def overriding(cls, factor: Factor) -> FactorForm:
        """A form replacing a factor of the library: same id, kind, subject, gas and basis."""
        value, _space, unit = factor.published.partition(" ")
        return cls(
            {
                "factor_id": factor.id,
                "kind": str(factor.kind),
                "subject": factor.subject,
                "gas": factor.gas,
                "basis": str(factor.basis),
                "value": value if unit else f"{factor.value.normalize():f}",
                "unit": unit or factor.unit,
                "year": str(factor.year or ""),
                "title": factor.title,
            }
        )

    def get(self, name: str) -> str:
        """One field's text."""
        return self.values.get(name, "")

    def factor(self, fuels: FactorLibrary) -> Factor:
        """The factor the form describes, or InvalidInputError with every problem found."""
        unreadable: list[Problem] = []
        kind = _choice(FactorKind, "kind", self.get("kind"), unreadable)
        basis = _choice(Basis, "basis", self.get("basis") or "activity", unreadable)
        value = _number(self.get("value"), unreadable)
        year = _year(self.get("year"), unreadable)
        factor = Factor(
            id=self.get("factor_id"),
            kind=kind or FactorKind.EMISSION,
            subject=self.get("subject"),
            value=value if value is not None else Decimal(1),
            unit=self.get("unit"),
            source=self.get(NOTE),
            title=self.get("title"),
            gas=self.get("gas"),
            basis=basis or Basis.ACTIVITY,
            year=year,
            origin=Origin.ORGANISATION,
        )
        if unreadable:
            # Report the rest of the form too, so the user fixes everything in one go.
            skipped = {p.field for p in unreadable}
            others = [p for p in factor_problems(factor, fuels.fuels) if p.field not in skipped]
            refuse_if([*unreadable, *others], REFUSED)
        return factor


def _choice(kind: type[E], name: str, text: str, problems: list[Problem]) -> E | None:
    if text in {str(member) for member in kind}:
        return kind(text)
    allowed = ", ".join(str(member) for member in kind)
    problems.append(Problem(name, f"choose one of {allowed}", text))
    return None


def _number(text: str, problems: list[Problem]) -> Decimal | None:
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        problems.append(Problem("value", "is not a number", text))
        return None
    if not number.is_finite():
        problems.append(Problem("value", "is not a number", text))
        return None
    return number


def _year(text: str, problems: list[Problem]) -> int | None:
    if not text:
        return None
    if not (text.isdecimal() and text.isascii() and len(text) == 4):
        problems.append(Problem("year", "must be a year such as 2024", text))
        return None
    return int(text)


@router.get("", name="emission_factors")
def factor_library(request: Request, db: DatabaseDep) -> Response:
    """Every factor in force by kind, and the organisation's own factors."""
    library = emission_factors.library(db)
    by_kind = {kind: [f for f in library.in_force if f.kind is kind] for kind in FactorKind}
    return esg_page(
        request,
        "esg/factors.html",
        "factors",
        library=library,
        by_kind={k: v for k, v in by_kind.items() if v},
        kind_titles=KIND_TITLES,
        own=emission_factors.organisation_factors(db),
        fuels=library.fuel_titles(),
    )


@router.get("/new", name="emission_factor_new")
def new_factor(request: Request, db: DatabaseDep, override: str = "") -> Response:
    """The form of an organisation factor, empty or replacing a factor of the library."""
    library = emission_factors.library(db)
    found = library.factor(override) if override else None
    typed = FactorForm.overriding(found) if found else FactorForm()
    return _form_page(request, library, typed, NO_ERRORS)


@router.post("/new")
def save_factor(request: Request, db: DatabaseDep, actor: ActorDep, form: PostedForm) -> Response:
    """Record the organisation factor, or show the form again with the reasons by field."""
    typed = FactorForm.posted(form)
    library = emission_factors.library(db)
    try:
        saved = emission_factors.set_organisation_factor(db, typed.factor(library), actor)
    except DomainError as error:
        if isinstance(error, NotFoundError):
            raise
        fields = {*FIELDS, NOTE}
        return _form_page(request, library, typed, FormErrors.of(error, fields))
    message = _(
        "Factor %(id)s saved: %(value)s %(unit)s as calculations use it.",
        id=saved.id,
        value=f"{saved.value.normalize():f}",
        unit=saved.unit,
    )
    return flash(RedirectResponse("/emission-factors#own", status_code=303), message)


@router.post("/{factor_id}/remove")
def remove_factor(db: DatabaseDep, factor_id: str) -> Response:
    """Drop an organisation factor: the library's default applies again."""
    emission_factors.remove_organisation_factor(db, factor_id)
    message = _("Factor %(id)s removed; the default applies again.", id=factor_id)
    return flash(RedirectResponse("/emission-factors#own", status_code=303), message)


def _form_page(
    request: Request, library: FactorLibrary, typed: FactorForm, errors: FormErrors
) -> Response:
    regions = sorted({f.subject for f in library.in_force if f.kind is FactorKind.GRID})
    editions = sorted({f.subject for f in library.in_force if f.kind is FactorKind.GWP})
    return esg_page(
        request,
        "esg/factor_form.html",
        "factors",
        422 if errors else 200,
        form=typed,
        errors=errors,
        kinds=[(str(k), KIND_TITLES[k]) for k in FactorKind],
        bases=[(str(b), b.value.capitalize()) for b in Basis],
        gases=sorted(GASES),
        subjects=[(f.code, f.title) for f in library.fuels]
        + [(r, _("Grid region %(region)s", region=r)) for r in regions]
        + [(e, _("GWP edition %(edition)s", edition=e)) for e in editions],
    )
