"""Contractual instruments for electricity: record, list and withdraw them (market-based
Scope 2). The rules they must satisfy and how they count are in `domain.ghg.market`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.models import ContractualInstrumentRow
from supplyesg.db.repositories import contractual_instruments as repo
from supplyesg.db.repositories import esg_data as esg_repo
from supplyesg.db.session import Database
from supplyesg.domain.errors import NotFoundError, Problem, refuse_if
from supplyesg.domain.ghg.market import (
    ContractualInstrument,
    InstrumentType,
    instrument_problems,
    instruments_in,
    period_problems,
)
from supplyesg.services.esg_organisation import financial_years_in
from supplyesg.services.units import plain

REFUSED = "The contractual instrument cannot be recorded."


def _instrument(row: ContractualInstrumentRow, entity: str) -> ContractualInstrument:
    return ContractualInstrument(
        id=row.id,
        entity=entity,
        instrument=InstrumentType(row.instrument),
        kwh=plain(row.kwh),
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        kg_co2e_per_kwh=plain(row.kg_co2e_per_kwh),
        evidence=row.evidence,
        note=row.note,
    )


def instruments_of_year_in(session: Session, year: int) -> tuple[ContractualInstrument, ...]:
    """The instruments that count in a financial year, inside a transaction."""
    found = financial_years_in(session).get(year)
    if found is None:
        return ()
    candidates = [_instrument(r, c) for r, c in repo.instruments(session, found.start, found.end)]
    return instruments_in(candidates, found.start, found.end)


def instruments(
    db: Database, year: int | None = None, entity: str | None = None
) -> Sequence[ContractualInstrument]:
    """The instruments in force, of a financial year (those that count in it) or all, of one
    entity or all, oldest first."""
    with db.transaction() as session:
        if year is None:
            found: Sequence[ContractualInstrument] = [
                _instrument(r, c) for r, c in repo.instruments(session)
            ]
        else:
            if year not in financial_years_in(session):
                raise NotFoundError(f"FY{year} is not a reporting period.")
            found = instruments_of_year_in(session, year)
    return [i for i in found if entity is None or i.entity == entity]


def record_instrument(
    db: Database, instrument: ContractualInstrument, actor: str, clock: Clock = SYSTEM_CLOCK
) -> ContractualInstrument:
    """Record an instrument an entity holds; its period must lie within one financial year."""
    instrument = replace(
        instrument, evidence=instrument.evidence.strip(), note=instrument.note.strip()
    )
    problems = instrument_problems(instrument)
    with db.transaction() as session:
        entity = esg_repo.entity_by_code(session, instrument.entity)
        if entity is None and not problems:
            problems.append(Problem("entity", "is not a reporting entity", instrument.entity))
        years = {y: (fy.start, fy.end) for y, fy in financial_years_in(session).items()}
        if not problems:
            problems += period_problems(instrument.starts_on, instrument.ends_on, years)
        refuse_if(problems, REFUSED)
        assert entity is not None  # refused above otherwise
        now = clock.now()
        row = ContractualInstrumentRow(
            entity_id=entity.id,
            instrument=str(instrument.instrument),
            kwh=instrument.kwh,
            starts_on=instrument.starts_on,
            ends_on=instrument.ends_on,
            kg_co2e_per_kwh=instrument.kg_co2e_per_kwh,
            evidence=instrument.evidence,
            note=instrument.note,
            recorded_by=actor,
            recorded_on=clock.today(),
            recorded_at=now,
        )
        session.add(row)
        session.flush()
        return _instrument(row, entity.code)


def withdraw_instrument(
    db: Database, instrument_id: int, actor: str, clock: Clock = SYSTEM_CLOCK
) -> None:
    """Withdraw an instrument recorded by mistake: it no longer counts, and the record stays
    with the day and the person that withdrew it."""
    with db.transaction() as session:
        row = repo.instrument(session, instrument_id)
        if row is None or row.withdrawn_at is not None:
            raise NotFoundError(f"There is no contractual instrument {instrument_id} in force.")
        row.withdrawn_by = actor
        row.withdrawn_on = clock.today()
        row.withdrawn_at = clock.now()
