"""Corporate ESG data pages: the grid, entry and import, review, figures, quality, data
requests, factors.

Each concept has its module; this one gathers their routers for web/ui/__init__.py.
"""

from fastapi import APIRouter

from supplyesg.web.ui import (
    esg_entry,
    esg_factors,
    esg_figures,
    esg_grid,
    esg_quality,
    esg_requests,
    esg_review,
)

router = APIRouter()
for pages in (esg_grid, esg_entry, esg_review, esg_figures, esg_quality, esg_requests, esg_factors):
    router.include_router(pages.router)
