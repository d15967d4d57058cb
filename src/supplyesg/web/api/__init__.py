"""The REST API, version 1."""

from fastapi import APIRouter

from supplyesg.web.api import links, supplier_files, suppliers

router = APIRouter(prefix="/api/v1")
router.include_router(supplier_files.router)  # before suppliers: /suppliers/{code}
router.include_router(suppliers.router)
router.include_router(links.router)
