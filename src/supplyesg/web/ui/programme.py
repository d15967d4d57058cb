"""The supplier ESG programme's pages: one router gathering each section's."""

from __future__ import annotations

from fastapi import APIRouter

from supplyesg.web.ui import audits, followup, plans

router = APIRouter()
router.include_router(audits.router)
router.include_router(followup.router)
router.include_router(plans.router)
