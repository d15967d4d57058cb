"""The supplier ESG programme's pages: one router gathering each section's."""

from __future__ import annotations

from fastapi import APIRouter

from supplyesg.web.ui import audits

router = APIRouter()
router.include_router(audits.router)
