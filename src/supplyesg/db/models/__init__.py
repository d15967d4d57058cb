"""Every table; importing this package registers them all on Base.metadata."""

from supplyesg.db.audit_trail import AuditEntryRow
from supplyesg.db.base import Base
from supplyesg.db.models.accounts import (
    ApiTokenRow,
    DigestRow,
    NotificationRow,
    PasswordResetRow,
    SessionRow,
    UserRow,
)
from supplyesg.db.models.esg_data import (
    CustomMetricRow,
    EsgExplanationRow,
    EsgImportRow,
    EsgValueChangeRow,
    EsgValueRow,
    OrganisationFactorRow,
    ReportingEntityRow,
    ReportingPeriodRow,
)
from supplyesg.db.models.esg_requests import EsgDataRequestRow
from supplyesg.db.models.jobs import JobDayClaimRow
from supplyesg.db.models.planning import (
    RiskFactorRow,
    ScorecardScoreRow,
    ScorecardWeightRow,
    TrainingAssignmentRow,
    TrainingProgrammeRow,
)
from supplyesg.db.models.policy import PolicyEditionRow
from supplyesg.db.models.portal import EvidenceFileRow
from supplyesg.db.models.programme import (
    AuditRevisionRow,
    ConductCodeRow,
    ConductRequirementRow,
    EsgAuditRow,
    FindingRow,
    ImprovementPlanRow,
    NcEventRow,
    NonConformityRow,
    PlanActionRow,
    QuarterlyRatingRow,
)
from supplyesg.db.models.suppliers import (
    SupplierContactRow,
    SupplierRow,
    SupplierStatusChangeRow,
    SupplyLinkRow,
)

__all__ = [
    "ApiTokenRow",
    "AuditEntryRow",
    "AuditRevisionRow",
    "Base",
    "ConductCodeRow",
    "ConductRequirementRow",
    "CustomMetricRow",
    "DigestRow",
    "EsgAuditRow",
    "EsgDataRequestRow",
    "EsgExplanationRow",
    "EsgImportRow",
    "EsgValueChangeRow",
    "EsgValueRow",
    "EvidenceFileRow",
    "FindingRow",
    "ImprovementPlanRow",
    "JobDayClaimRow",
    "NcEventRow",
    "NonConformityRow",
    "NotificationRow",
    "OrganisationFactorRow",
    "PasswordResetRow",
    "PlanActionRow",
    "PolicyEditionRow",
    "QuarterlyRatingRow",
    "ReportingEntityRow",
    "ReportingPeriodRow",
    "RiskFactorRow",
    "ScorecardScoreRow",
    "ScorecardWeightRow",
    "SessionRow",
    "SupplierContactRow",
    "SupplierRow",
    "SupplierStatusChangeRow",
    "SupplyLinkRow",
    "TrainingAssignmentRow",
    "TrainingProgrammeRow",
    "UserRow",
]
