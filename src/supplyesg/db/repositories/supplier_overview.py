"""Counts over the supplier registry, for the dashboard and the list page."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from supplyesg.db.models import SupplierRow


def count_by_status(session: Session) -> dict[str, int]:
    """How many suppliers have each status."""
    query = select(SupplierRow.status, func.count()).group_by(SupplierRow.status)
    return {status: count for status, count in session.execute(query)}


def count_by_tier_and_key(session: Session) -> list[tuple[int, bool, int]]:
    """(tier, is key sub-supplier, how many), in tier order."""
    query = (
        select(SupplierRow.tier, SupplierRow.is_key_sub_supplier, func.count())
        .group_by(SupplierRow.tier, SupplierRow.is_key_sub_supplier)
        .order_by(SupplierRow.tier, SupplierRow.is_key_sub_supplier)
    )
    return [(tier, bool(key), count) for tier, key, count in session.execute(query)]


def count_by_country(session: Session) -> list[tuple[str, int]]:
    """(country, how many), the most suppliers first, then by country code."""
    counted = func.count().label("counted")
    query = (
        select(SupplierRow.country, counted)
        .group_by(SupplierRow.country)
        .order_by(counted.desc(), SupplierRow.country)
    )
    return [(country, count) for country, count in session.execute(query)]
