"""The inherent-risk tables page: shipped defaults, the organisation's overrides, and changing them.

The tables are programme settings: reading them needs settings:read, changing them
settings:write, here and on the API's `PUT`/`DELETE /api/v1/risk/factors/{kind}/{key}` alike
(`CHANGE_TABLES`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from supplyesg.db.session import Database
from supplyesg.domain.access import Action, Area, Permission, Principal
from supplyesg.domain.audits import RiskLevel
from supplyesg.domain.errors import DomainError, InvalidInputError, NotFoundError, Problem
from supplyesg.domain.iso_codes import COUNTRY_NAMES
from supplyesg.domain.risk import (
    DEFAULT_KEY,
    FactorKind,
    RiskFactor,
    factor_problems,
    normalized_key,
)
from supplyesg.services import risk
from supplyesg.services.risk import FactorEntry
from supplyesg.web.api.risk import CHANGE_TABLES
from supplyesg.web.auth import requires
from supplyesg.web.deps import ActorDep, DatabaseDep
from supplyesg.web.ui.flash import flash
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors, PostedForm
from supplyesg.web.ui.rendering import _, label, render

router = APIRouter()

PAGE = "/risk/tables"
FIELDS = ("kind", "key", "level", "rationale")
REFUSED = "The risk table entry cannot be saved."
NOT_CLEARED = "The override cannot be cleared."
SearchText = Annotated[str, Query(max_length=100)]
KeyText = Annotated[str, Query(max_length=200)]


@dataclass(frozen=True, slots=True)
class TableRow:
    """One key of a table: what ships, what the organisation saved, and what applies."""

    key: str
    shipped: RiskFactor | None
    """The shipped entry of this key; None when the shipped table does not list it."""
    override: FactorEntry | None
    in_force: RiskFactor

    def matches(self, text: str) -> bool:
        """Whether the search text is in the key, the country's name or a rationale."""
        found = [self.key, COUNTRY_NAMES.get(self.key, ""), self.in_force.rationale]
        if self.shipped is not None:
            found.append(self.shipped.rationale)
        return any(text in value.lower() for value in found)


@dataclass(frozen=True, slots=True)
class TableView:
    """A table as the page shows it, with the file its defaults come from."""

    kind: FactorKind
    source: str
    default: RiskFactor
    rows: list[TableRow]
    total: int
    saved: int


@dataclass(frozen=True, slots=True)
class OverrideForm:
    """The override form's fields, as typed."""

    values: dict[str, str] = field(default_factory=lambda: {"kind": str(FactorKind.COUNTRY)})

    @classmethod
    def posted(cls, form: dict[str, str]) -> OverrideForm:
        """The form as sent."""
        return cls({name: form.get(name, "").strip() for name in FIELDS})

    def get(self, name: str) -> str:
        """One field's text."""
        return self.values.get(name, "")

    def kind(self, problems: list[Problem]) -> FactorKind | None:
        """The table named, or None with a problem."""
        text = self.get("kind")
        if text in set(FactorKind):
            return FactorKind(text)
        problems.append(Problem("kind", "choose country or category", text))
        return None

    def level(self, problems: list[Problem]) -> RiskLevel | None:
        """The level chosen, or None with a problem."""
        text = self.get("level")
        if text in set(RiskLevel):
            return RiskLevel(text)
        problems.append(Problem("level", "choose low, medium or high", text))
        return None


def table_view(
    db: Database, kind: FactorKind, text: str = "", saved_only: bool = False
) -> TableView:
    """A table as it applies, with the shipped entry beside each override, filtered."""
    shipped = risk.shipped_table(kind)
    rows = []
    for entry in risk.list_factors(db, kind):
        key = entry.factor.key
        ships = shipped.default if key == DEFAULT_KEY else shipped.entries.get(key)
        rows.append(TableRow(key, ships, entry if entry.is_saved else None, entry.factor))
    chosen = [
        row
        for row in rows
        if (not text or row.matches(text)) and (not saved_only or row.override is not None)
    ]
    saved = sum(1 for row in rows if row.override is not None)
    return TableView(kind, risk.shipped_source(kind), shipped.default, chosen, len(rows), saved)


@router.get(PAGE, name="risk_tables")
@requires(Permission(Area.SETTINGS, Action.READ))
def risk_tables(
    request: Request,
    db: DatabaseDep,
    table: str = "",
    q: SearchText = "",
    saved: str = "",
    kind: str = "",
    key: KeyText = "",
) -> Response:
    """Both tables, filtered; `kind` and `key` fill the form to change one entry."""
    shown = {"table": table if table in set(FactorKind) else "", "q": q.strip(), "saved": saved}
    typed = OverrideForm()
    if kind in set(FactorKind) and key:
        typed = _editing(db, FactorKind(kind), key)
    return _page(request, db, typed, NO_ERRORS, shown)


@router.post(PAGE)
@requires(CHANGE_TABLES)
def change_override(
    request: Request, db: DatabaseDep, actor: ActorDep, form: PostedForm
) -> Response:
    """Save or clear an override, or show the page again with the reasons beside the fields."""
    typed = OverrideForm.posted(form)
    clearing = form.get("action") == "clear"
    try:
        message = _clear(db, typed) if clearing else _save(db, typed, actor)
    except DomainError as error:
        if isinstance(error, NotFoundError):
            problems = [Problem("key", "has no override to clear", typed.get("key"))]
            errors = FormErrors.from_problems(str(error.detail), problems, FIELDS)
        else:
            errors = FormErrors.of(error, FIELDS)
        return _page(request, db, typed, errors, {"table": "", "q": "", "saved": ""})
    anchor = typed.get("kind") or "country"
    return flash(RedirectResponse(f"{PAGE}#{anchor}-table", status_code=303), message)


def _save(db: Database, typed: OverrideForm, actor: str) -> str:
    problems: list[Problem] = []
    kind = typed.kind(problems)
    level = typed.level(problems)
    if kind is None or level is None:
        if kind is not None:  # report the key and the rationale too: all fixed in one go
            key = normalized_key(kind, typed.get("key"))
            problems += factor_problems(kind, key, typed.get("rationale"))
        raise InvalidInputError(REFUSED, problems)
    saved = risk.set_factor(db, kind, typed.get("key"), level, typed.get("rationale"), actor)
    return _(
        "%(kind)s %(key)s is %(level)s risk from now on; the register uses it.",
        kind=label(kind),
        key=saved.factor.key,
        level=label(level).lower(),
    )


def _clear(db: Database, typed: OverrideForm) -> str:
    problems: list[Problem] = []
    kind = typed.kind(problems)
    if kind is None:
        raise InvalidInputError(NOT_CLEARED, problems)
    risk.remove_factor(db, kind, typed.get("key"))
    return _(
        "The override of %(kind)s %(key)s is cleared; the shipped entry applies again.",
        kind=label(kind).lower(),
        key=normalized_key(kind, typed.get("key")),
    )


def _editing(db: Database, kind: FactorKind, key: str) -> OverrideForm:
    """The form filled with the entry of a key as it applies now."""
    for row in table_view(db, kind).rows:
        if row.key == key:
            level, rationale = str(row.in_force.level), row.in_force.rationale
            return OverrideForm({"kind": kind, "key": key, "level": level, "rationale": rationale})
    return OverrideForm({"kind": kind, "key": key})


def _page(
    request: Request,
    db: Database,
    typed: OverrideForm,
    errors: FormErrors,
    shown: dict[str, str],
) -> Response:
    text, saved_only = shown["q"].lower(), bool(shown["saved"])
    tables = [
        table_view(db, kind, text, saved_only)
        for kind in FactorKind
        if not shown["table"] or shown["table"] == kind
    ]
    return render(
        request,
        "programme/risk_tables.html",
        status_code=422 if errors else 200,
        area="programme",
        tables=tables,
        shown=shown,
        form=typed,
        errors=errors,
        kinds=[(str(kind), label(kind)) for kind in FactorKind],
        levels=[(str(level), label(level)) for level in RiskLevel],
        default_key=DEFAULT_KEY,
        may_change=_may_change(request),
    )


def _may_change(request: Request) -> bool:
    principal: Principal | None = getattr(request.state, "principal", None)
    return principal is not None and principal.may(CHANGE_TABLES)
