"""Queries on contractual instruments for electricity (market-based Scope 2)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplyesg.db.models import ContractualInstrumentRow, ReportingEntityRow


def instruments(
    session: Session, starts_on: date | None = None, ends_on: date | None = None
) -> Sequence[tuple[ContractualInstrumentRow, str]]:
    """The instruments in force (not withdrawn) whose period overlaps the days given, with the
    entity code, oldest first: the candidates; which count in a year the domain decides."""
    query = (
        select(ContractualInstrumentRow, ReportingEntityRow.code)
        .join(ReportingEntityRow, ReportingEntityRow.id == ContractualInstrumentRow.entity_id)
        .where(ContractualInstrumentRow.withdrawn_at.is_(None))
        .order_by(ContractualInstrumentRow.starts_on, ContractualInstrumentRow.id)
    )
    if starts_on is not None:
        query = query.where(ContractualInstrumentRow.ends_on >= starts_on)
    if ends_on is not None:
        query = query.where(ContractualInstrumentRow.starts_on <= ends_on)
    return [(row, code) for row, code in session.execute(query)]


def instrument(session: Session, instrument_id: int) -> ContractualInstrumentRow | None:
    """The instrument with this id, withdrawn or not."""
    return session.get(ContractualInstrumentRow, instrument_id)
