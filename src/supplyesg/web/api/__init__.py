"""The REST API, version 1."""

from fastapi import APIRouter

from supplyesg.web.api import links, suppliers

router = APIRouter(prefix="/api/v1")
router.include_router(suppliers.router)
router.include_router(links.router)
