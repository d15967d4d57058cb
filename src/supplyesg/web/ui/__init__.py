"""The staff web app: HTML pages rendered with Jinja2 and enhanced with htmx.

To add an area: write `web/ui/<area>.py` with a `router`, include it below, add its menu
entry to `navigation.NAV` and, if it has one, its dashboard panel to `dashboard.WIDGETS`.
Templates live in `web/templates/<area>/` and extend `base.html`.
"""

from fastapi import APIRouter

from supplyesg.web.ui import dashboard, programme, suppliers

router = APIRouter(include_in_schema=False)
router.include_router(dashboard.router)
router.include_router(suppliers.router)
router.include_router(programme.router)
