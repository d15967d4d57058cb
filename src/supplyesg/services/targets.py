"""Climate and environmental targets: setting, changing and withdrawing them, and their progress.

The figures a target is measured against are those the ESG data services compute
(`services.ghg.year_account_in`, approved values only, as a published report counts them);
`domain.targets` decides the base, the path and each year's status.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from supplyesg.clock import Clock
from supplyesg.db.models import TargetCreditRow, TargetRow
from supplyesg.db.repositories import targets as repo
from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError, NotFoundError, Problem, refuse_if
from supplyesg.domain.metrics import Catalogue
from supplyesg.domain.targets import (
    Accounting,
    Target,
    TargetKind,
    TargetMetric,
    TargetProgress,
    YearFigure,
    base_of,
    is_in_force,
    progress,
    target_problems,
)
from supplyesg.services.esg_catalogue import catalogue_in
from supplyesg.services.esg_organisation import financial_years_in, organisation_in
from supplyesg.services.ghg import YearAccount, year_account_in
from supplyesg.services.units import pretty_unit

REFUSED = "The target cannot be saved."


@dataclass(frozen=True, slots=True)
class StoredTarget:
    """A target with its id and the days it was adopted and (perhaps) withdrawn."""

    id: int
    target: Target
    recorded_on: date

    @property
    def withdrawn(self) -> bool:
        """Whether the target has been withdrawn."""
        return self.target.withdrawn_on is not None


@dataclass(frozen=True, slots=True)
class TargetReport:
    """A stored target with its progress in each financial year after its base year."""

    stored: StoredTarget
    progress: TargetProgress
    unit: str
    """The unit the target measures in (t CO2e, or t CO2e/vehicle for an intensity)."""


def target_of(row: TargetRow) -> Target:
    """The domain target of a stored one."""
    return Target(
        metric=TargetMetric(row.metric),
        base_year=row.base_year,
        target_year=row.target_year,
        kind=TargetKind(row.kind),
        normaliser=row.normaliser,
        entity=row.entity,
        accounting=Accounting(row.accounting),
        target_value=row.target_value,
        reduction_pct=row.reduction_pct,
        base_value=row.base_value,
        base_source=row.base_source,
        credits_t_co2e={c.year: c.t_co2e for c in row.credits},
        description=row.description,
        steps=row.steps,
        owner=row.owner,
        adopted_on=row.adopted_on,
        withdrawn_on=row.withdrawn_on,
    )


def _stored(row: TargetRow) -> StoredTarget:
    return StoredTarget(row.id, target_of(row), row.recorded_at.date())


def list_targets(db: Database, include_withdrawn: bool = False) -> list[StoredTarget]:
    """Every target in force (and the withdrawn ones when asked for), oldest first."""
    with db.transaction() as session:
        return [_stored(row) for row in repo.targets(session, include_withdrawn)]


def get_target(db: Database, target_id: int) -> StoredTarget:
    """One target, or NotFoundError."""
    with db.transaction() as session:
        return _stored(_require(session, target_id))


def _require(session: Session, target_id: int) -> TargetRow:
    row = repo.target(session, target_id)
    if row is None:
        raise NotFoundError(f"There is no target with id {target_id}.")
    return row


def add_target(db: Database, target: Target, clock: Clock) -> StoredTarget:
    """Set a target, adopted on its day (today when none is given)."""
    target = replace(target, adopted_on=target.adopted_on or clock.today(), withdrawn_on=None)
    with db.transaction() as session:
        _check(session, target)
        now = clock.now()
        row = TargetRow(recorded_at=now, updated_at=now)
        _fill(row, target)
        session.add(row)
        session.flush()
        return _stored(row)


def update_target(db: Database, target_id: int, target: Target, clock: Clock) -> StoredTarget:
    """Change a target in force: every field as given (its adoption day kept if none given)."""
    with db.transaction() as session:
        row = _require(session, target_id)
        if row.withdrawn_on is not None:
            raise InvalidInputError(
                REFUSED, [Problem("id", "the target has been withdrawn", target_id)]
            )
        target = replace(target, adopted_on=target.adopted_on or row.adopted_on, withdrawn_on=None)
        _check(session, target)
        _fill(row, target)
        row.updated_at = clock.now()
        session.flush()
        return _stored(row)


def withdraw_target(
    db: Database, target_id: int, clock: Clock, on: date | None = None
) -> StoredTarget:
    """Withdraw a target from a day (today when none is given); reports of earlier years keep
    showing it."""
    with db.transaction() as session:
        row = _require(session, target_id)
        day = on or clock.today()
        if row.withdrawn_on is not None:
            raise InvalidInputError(
                "The target cannot be withdrawn.",
                [Problem("id", "the target is already withdrawn", target_id)],
            )
        if day < row.adopted_on:
            raise InvalidInputError(
                "The target cannot be withdrawn.",
                [Problem("on", "must not be before the day the target was adopted", day)],
            )
        row.withdrawn_on, row.withdrawn_at = day, clock.now()
        session.flush()
        return _stored(row)


def _fill(row: TargetRow, target: Target) -> None:
    row.metric, row.kind, row.normaliser = target.metric, target.kind, target.normaliser
    row.entity, row.accounting = target.entity, target.accounting
    row.base_year, row.base_value, row.base_source = (
        target.base_year,
        target.base_value,
        target.base_source.strip(),
    )
    row.target_year, row.target_value = target.target_year, target.target_value
    row.reduction_pct = target.reduction_pct
    row.description, row.steps = target.description.strip(), target.steps.strip()
    row.owner = target.owner.strip()
    assert target.adopted_on is not None
    row.adopted_on = target.adopted_on
    row.credits = [
        TargetCreditRow(year=year, t_co2e=t_co2e)
        for year, t_co2e in sorted(target.credits_t_co2e.items())
    ]


def _check(session: Session, target: Target) -> None:
    normalisers = [m.code for m in catalogue_in(session).normalisers]
    problems = target_problems(target, normalisers)
    organisation = organisation_in(session)
    if target.entity and target.entity not in organisation.entities:
        problems.append(Problem("entity", "is not a reporting entity", target.entity))
    refuse_if(problems, REFUSED)
    known = financial_years_in(session)
    figure = (
        year_figure(target, _account(session, target.base_year, target.entity))
        if target.base_year in known
        else None
    )
    if base_of(target, figure) is None:
        reason = (
            f"FY{target.base_year} has no approved figure for the target: "
            "enter the base value with its source"
        )
        raise InvalidInputError(REFUSED, [Problem("base_value", reason, None)])


def _account(session: Session, year: int, entity: str) -> YearAccount:
    return year_account_in(session, year, entity or None, approved_only=True)


def year_figure(target: Target, account: YearAccount) -> YearFigure:
    """What a year's account gives a target: its gross figure and its normaliser."""
    normaliser = account.figures.total(target.normaliser) if target.normaliser else None
    return YearFigure(_gross(target.metric, account), normaliser)


def _gross(metric: TargetMetric, account: YearAccount) -> Decimal | None:
    ghg, energy = account.ghg, account.energy
    if metric is TargetMetric.GHG_TOTAL:
        return ghg.total_t_co2e if ghg.lines else None
    if metric is TargetMetric.GHG_SCOPE1:
        return ghg.scope1_t_co2e if ghg.lines else None
    if metric is TargetMetric.GHG_SCOPE2:
        return ghg.scope2_t_co2e if ghg.lines else None
    if metric is TargetMetric.ENERGY:
        return energy.total_mwh if energy.lines else None
    return account.figures.total(str(metric))


def target_reports_in(
    session: Session,
    until_year: int | None = None,
    accounts: Mapping[int, YearAccount] | None = None,
) -> list[TargetReport]:
    """The targets in force at the end of a financial year (every target in force when no
    year is given), each with its progress in the financial years up to that year.

    `accounts` are the group's accounts already computed (by the report), reused as they are.
    """
    known = financial_years_in(session)
    if until_year is not None:
        end = known[until_year].end if until_year in known else date(until_year, 12, 31)
        rows = [
            r
            for r in repo.targets(session, include_withdrawn=True)
            if is_in_force(target_of(r), end)
        ]
    else:
        rows = list(repo.targets(session))
    years = sorted(y for y in known if until_year is None or y <= until_year)
    cache: dict[tuple[int, str], YearAccount] = {(y, ""): a for y, a in (accounts or {}).items()}
    catalogue = catalogue_in(session)
    found = []
    for row in rows:
        target = target_of(row)
        wanted = [y for y in years if y >= target.base_year]
        figures = {
            y: year_figure(target, _cached(session, cache, y, target.entity)) for y in wanted
        }
        found.append(
            TargetReport(_stored(row), progress(target, figures, wanted), _unit(target, catalogue))
        )
    return found


def _cached(
    session: Session, cache: dict[tuple[int, str], YearAccount], year: int, entity: str
) -> YearAccount:
    key = (year, entity)
    if key not in cache:
        cache[key] = _account(session, year, entity)
    return cache[key]


def _unit(target: Target, catalogue: Catalogue) -> str:
    unit = target.metric.unit
    if target.kind is TargetKind.ABSOLUTE:
        return unit
    normaliser = catalogue.metric(target.normaliser)
    return f"{unit}/{pretty_unit(normaliser.unit) if normaliser else target.normaliser}"


def target_reports(db: Database, until_year: int | None = None) -> list[TargetReport]:
    """The targets in force and their progress (see target_reports_in)."""
    with db.transaction() as session:
        return target_reports_in(session, until_year)


def credits_of_form(pairs: Iterable[tuple[int, Decimal]]) -> dict[int, Decimal]:
    """Credits by year from (year, t CO2e) pairs; a year given twice is refused."""
    found: dict[int, Decimal] = {}
    for year, t_co2e in pairs:
        if year in found:
            raise InvalidInputError(REFUSED, [Problem("credits", "gives a year twice", year)])
        found[year] = t_co2e
    return found
