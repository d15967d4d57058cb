"""The REST API, version 1."""

from fastapi import APIRouter, Depends

from supplyesg.web.api import (
    audit_programme,
    audit_trail,
    audits,
    auth,
    conduct,
    contractual_instruments,
    emission_factors,
    esg_calculations,
    esg_data,
    esg_requests,
    events,
    external_audits,
    feedback,
    jobs,
    links,
    notifications,
    plans,
    policy,
    portal,
    ratings,
    report_versions,
    report_workspace,
    reports,
    risk,
    scorecard,
    supplier_files,
    suppliers,
    targets,
    training,
    users,
    webhooks,
)
from supplyesg.web.auth import AUTH_RESPONSES, guard_api

router = APIRouter(prefix="/api/v1", dependencies=[Depends(guard_api)], responses=AUTH_RESPONSES)
router.include_router(supplier_files.router)  # before suppliers: /suppliers/{code}
router.include_router(suppliers.router)
router.include_router(links.router)
router.include_router(auth.router)
router.include_router(users.router)
router.include_router(audit_trail.router)
router.include_router(notifications.router)
router.include_router(scorecard.router)
router.include_router(scorecard.weights_router)
router.include_router(audit_programme.router)
router.include_router(risk.router)
router.include_router(training.router)
router.include_router(contractual_instruments.router)  # before esg_data: /esg-data/...
router.include_router(esg_calculations.router)  # before esg_data: /esg-data/years/...
router.include_router(esg_data.router)
router.include_router(esg_requests.router)
router.include_router(esg_data.metrics_router)
router.include_router(emission_factors.router)
router.include_router(report_workspace.router)  # before reports: /reports/{report}/{year}
router.include_router(reports.router)
router.include_router(report_versions.router)
router.include_router(conduct.router)
router.include_router(external_audits.router)  # before audits: /audits/{reference}
router.include_router(audits.router)
router.include_router(plans.router)
router.include_router(plans.plans_router)
router.include_router(ratings.router)
router.include_router(events.router)
router.include_router(webhooks.router)
router.include_router(policy.router)
router.include_router(portal.router)
router.include_router(jobs.router)
router.include_router(feedback.router)
router.include_router(targets.router)
