"""What the audit detail page shows, gathered from the audit, follow-up and plan services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from supplyesg.db.models import EsgAuditRow
from supplyesg.db.repositories.audits import COMPLETED, NcFilter
from supplyesg.db.session import Database
from supplyesg.domain.conduct import CodeOfConduct, Pillar, Requirement
from supplyesg.services import (
    audits,
    conduct,
    external_audits,
    nonconformities,
    plans,
    policy_files,
)
from supplyesg.web.deps import request_today


def today() -> date:
    """Today by the application's clock: the day deadlines and overdue flags are judged on."""
    return request_today()


def pillars_of(code: CodeOfConduct) -> list[tuple[Pillar, tuple[Requirement, ...]]]:
    """The code's requirements grouped by pillar, in the manual's order of the pillars."""
    return [(pillar, code.in_pillar(pillar)) for pillar in Pillar]


def pillar_scores(row: EsgAuditRow) -> list[tuple[Pillar, Decimal | None]]:
    """The stored score of each pillar (None where no requirement of it applied)."""
    return [
        (Pillar.ENVIRONMENT, row.environment_score),
        (Pillar.LABOUR, row.labour_score),
        (Pillar.HEALTH_AND_SAFETY, row.health_and_safety_score),
        (Pillar.ETHICS, row.ethics_score),
    ]


def detail_context(db: Database, row: EsgAuditRow, on: date | None = None) -> dict[str, Any]:
    """Everything the audit page shows about one audit, judged as of a day (today)."""
    on = on or today()
    code = conduct.code_of(row.code)
    completed = row.status == COMPLETED
    ncs = nonconformities.list_nonconformities(db, NcFilter(audit_id=row.id), on, limit=500)
    return {
        "audit": row,
        "pillars": pillars_of(code),
        "findings": {f.requirement_id: f for f in row.findings},
        "pillar_scores": pillar_scores(row),
        "deadline": audits.plan_deadline_of(row, on, policy_files.policy_for(db, on)),
        "ncs": ncs.items,
        "nc_by_requirement": {r.row.requirement_id: r for r in ncs.items},
        "open_ncs": [r for r in ncs.items if r.row.status == "open"],
        "plans": plans.plans_for(db, row.reference) if completed else [],
        "revisions": audits.revisions(db, row.reference) if completed else [],
        "on": on,
        **_external_context(db, row),
    }


def _external_context(db: Database, row: EsgAuditRow) -> dict[str, Any]:
    """An external audit's published result and the policy entry that mapped it."""
    found = external_audits.externals_of(db, [row.id]).get(row.id)
    if found is None:
        return {"external": None, "mapping": None}
    return {"external": found, "mapping": external_audits.mapping_of(db, row, found)}
