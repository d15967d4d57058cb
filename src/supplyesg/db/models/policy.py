"""The programme policy editions an ESG manager adds after the shipped ones (data/policy/).

The settings are kept as one JSON text, decimals as strings, exactly the mapping a policy file
holds. So a row and a file go through the same `parse_policy` and `policy_problems` when read,
no decimal is rounded on the way, and a new setting of `domain.policy.Policy` needs no column of
its own. Version and start date are columns of their own: they are unique, and the order of the
editions is read from them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from supplyesg.db.base import Base, UtcDateTime


class PolicyEditionRow(Base):
    """An edition of the programme policy, with why it was made, by whom and when."""

    __tablename__ = "policy_edition"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String(40), unique=True)
    effective_from: Mapped[date] = mapped_column(Date, unique=True)
    # Every other setting, as a JSON object of setting name -> value (decimals as strings).
    settings: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(String(2000))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
