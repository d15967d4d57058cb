"""The staff web app: HTML pages rendered with Jinja2 and enhanced with htmx.

To add an area: write `web/ui/<area>.py` with a `router`, include it below, add its menu
entry to `navigation.NAV` and, if it has one, its dashboard panel to `dashboard.WIDGETS`.
Templates live in `web/templates/<area>/` and extend `base.html`.
"""

from fastapi import APIRouter, Depends

from supplyesg.web.auth import guard_pages
from supplyesg.web.ui import (
    admin,
    auth,
    dashboard,
    esg_data,
    feedback,
    jobs,
    policy,
    portal,
    programme,
    report_versions,
    reports,
    suppliers,
    targets,
    webhooks,
)

router = APIRouter(include_in_schema=False, dependencies=[Depends(guard_pages)])
router.include_router(auth.router)
router.include_router(admin.router)
router.include_router(webhooks.router)
router.include_router(policy.router)
router.include_router(portal.router)
router.include_router(portal.staff_router)
router.include_router(dashboard.router)
router.include_router(suppliers.router)
router.include_router(feedback.router)  # before reports: /reports/feedback
router.include_router(reports.router)
router.include_router(report_versions.router)
router.include_router(programme.router)
router.include_router(esg_data.router)
router.include_router(targets.router)
router.include_router(jobs.router)
