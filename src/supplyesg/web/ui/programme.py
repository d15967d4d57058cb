"""The supplier ESG programme's pages: one router gathering each section's."""

from __future__ import annotations

from fastapi import APIRouter

from supplyesg.web.ui import (
    audits,
    conduct,
    external_audits,
    followup,
    planning,
    plans,
    programme_overview,
    ratings,
    risk_tables,
    training,
)

router = APIRouter()
router.include_router(external_audits.router)  # before audits: /audits/{reference}
for section in (programme_overview, audits, followup, plans, ratings, planning, training, conduct):
    router.include_router(section.router)
router.include_router(risk_tables.router)
