"""What the portal's page and API tests share: two audited suppliers and steps on their records."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from supplyesg.db.models import EsgAuditRow
from supplyesg.db.session import Database
from supplyesg.domain.plans import PlanAction
from supplyesg.services import audits, nonconformities, plans

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PARAMETER = re.compile(r"\{([^}:]+)(:[^}]*)?\}")
TODAY = datetime.now(UTC).date()
ENDED = TODAY - timedelta(days=10)


def nc_ids(db: Database, audit: EsgAuditRow) -> list[int]:
    """The ids of an audit's non-conformities."""
    where = audits.repo.NcFilter(audit_id=audit.id)
    return [r.row.id for r in nonconformities.list_nonconformities(db, where, TODAY).items]


def accept_plan_for(db: Database, audit: EsgAuditRow, nc_id: int) -> None:
    """A plan covering one non-conformity, submitted and accepted."""
    action = PlanAction(nc_id, "Fix it", "Plant manager", TODAY + timedelta(days=30))
    plan = plans.submit_plan(db, audit.reference, [action], "supplier@example.com")
    plans.decide_plan(db, plan.id, True, "", "esg@example.com")
