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
from supplyesg.db.models.background_jobs import JobRow
from supplyesg.db.models.esg_data import (
    ContractualInstrumentRow,
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
from supplyesg.db.models.events import BusinessEventRow
from supplyesg.db.models.external_audits import ExternalAuditRow, ExternalFindingRow
from supplyesg.db.models.feedback import FeedbackSenderRow, ReaderFeedbackRow
from supplyesg.db.models.jobs import JobDayClaimRow, PlanEnforcementDayRow
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
from supplyesg.db.models.publishing_checklist import ChecklistAcknowledgementRow
from supplyesg.db.models.report_versions import ReportVersionFileRow, ReportVersionRow
from supplyesg.db.models.report_workspace import ReportTextRow
from supplyesg.db.models.suppliers import (
    SupplierContactRow,
    SupplierRow,
    SupplierStatusChangeRow,
    SupplyLinkRow,
)
from supplyesg.db.models.targets import TargetCreditRow, TargetRow
from supplyesg.db.models.webhooks import (
    WebhookAttemptRow,
    WebhookDeliveryRow,
    WebhookSubscriptionRow,
)

__all__ = [
    "ApiTokenRow",
    "AuditEntryRow",
    "AuditRevisionRow",
    "Base",
    "BusinessEventRow",
    "ChecklistAcknowledgementRow",
    "ConductCodeRow",
    "ConductRequirementRow",
    "ContractualInstrumentRow",
    "CustomMetricRow",
    "DigestRow",
    "EsgAuditRow",
    "EsgDataRequestRow",
    "EsgExplanationRow",
    "EsgImportRow",
    "EsgValueChangeRow",
    "EsgValueRow",
    "EvidenceFileRow",
    "ExternalAuditRow",
    "ExternalFindingRow",
    "FeedbackSenderRow",
    "FindingRow",
    "ImprovementPlanRow",
    "JobDayClaimRow",
    "JobRow",
    "NcEventRow",
    "NonConformityRow",
    "NotificationRow",
    "OrganisationFactorRow",
    "PasswordResetRow",
    "PlanActionRow",
    "PlanEnforcementDayRow",
    "PolicyEditionRow",
    "QuarterlyRatingRow",
    "ReaderFeedbackRow",
    "ReportTextRow",
    "ReportVersionFileRow",
    "ReportVersionRow",
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
    "TargetCreditRow",
    "TargetRow",
    "TrainingAssignmentRow",
    "TrainingProgrammeRow",
    "UserRow",
    "WebhookAttemptRow",
    "WebhookDeliveryRow",
    "WebhookSubscriptionRow",
]
