"""Programme policy endpoints: the editions, the one in force on a day, adding and withdrawing.

The body of a new edition holds the same settings as a policy file under data/policy/ (and a
note saying why); the same rules check both. An administrator may add a historical edition (a
past start, or before another edition); when stored judgements depend on its days, the request
is refused (409, listing them) unless it carries `confirm_rejudge: true`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from supplyesg.domain.access import ADMIN_ONLY
from supplyesg.domain.policy import Policy
from supplyesg.services import policy_editions as service
from supplyesg.services.policy_editions import Edition, EditionDetail, Rejudgement
from supplyesg.web.api.risk import today
from supplyesg.web.api.types import Day, DecimalValue
from supplyesg.web.deps import ActorDep, ClockDep, CurrentUserDep, DatabaseDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/policy", tags=["policy"], responses=PROBLEM_RESPONSES)

Authority = Literal["set", "raise", "lower", "none"]
_DEFAULT = Policy()
Version = Annotated[str, Path(max_length=40, description="The edition's version, e.g. 2026-01")]


class PolicySettings(BaseModel):
    """Every setting of a policy edition, as a policy file holds them."""

    model_config = ConfigDict(extra="forbid")

    version: StrictStr = Field(description="1 to 40 letters, digits, '.', '_' or '-'")
    effective_from: Day = Field(description="The day the edition takes effect")
    audit_cycle_months: StrictInt = Field(description="Manual section 3: months between audits")
    high_risk_on_site_months: StrictInt = Field(
        description="Manual section 7: months between on-site audits of a high-risk supplier"
    )
    first_audit_grace_days: StrictInt = Field(
        default=_DEFAULT.first_audit_grace_days,
        description="Days after a supplier comes into the annual audit scope by which its first "
        "audit is due (0-366; the manual names no period)",
    )
    high_risk_on_site_grace_days: StrictInt = Field(
        default=_DEFAULT.high_risk_on_site_grace_days,
        description="Days after a supplier becomes high risk by which an on-site audit is due "
        "when it has none on record (0-366; the manual names no period)",
    )
    low_risk_min_score: DecimalValue = Field(description="Audit score (0-100) for low risk")
    medium_risk_min_score: DecimalValue = Field(description="Audit score (0-100) for medium risk")
    minor_credit: DecimalValue = Field(description="Share of weight a minor finding keeps (0-1)")
    major_credit: DecimalValue = Field(description="Share of weight a major finding keeps (0-1)")
    medium_risk_plan_months: StrictInt = Field(
        description="Manual section 9: months to the plan after a medium-risk audit"
    )
    high_risk_plan_months: StrictInt = Field(
        description="Manual section 9: months to the plan after a high-risk audit"
    )
    low_risk_score: StrictInt = Field(description="Quarterly ESG score at low risk (1, 0 or -1)")
    medium_risk_score: StrictInt = Field(description="Quarterly score at medium risk")
    high_risk_score: StrictInt = Field(description="Quarterly score at high risk")
    missed_plan_score: StrictInt = Field(description="Quarterly score when a plan is late")
    min_esg_weight: DecimalValue = Field(
        description="Manual section 3: least weight of the ESG audit in the scorecard (0-1)"
    )
    self_assessment_authority: Authority = Field(
        default="raise",
        description="What a (reviewed) self-assessment may do to the supplier's audit risk: "
        "set (raise or lower), raise, lower or none",
    )
    desktop_review_authority: Authority = Field(
        default="set", description="What a desktop review may do to the supplier's audit risk"
    )
    on_site_authority: Authority = Field(
        default="set", description="What an on-site audit may do to the supplier's audit risk"
    )
    external_audit_authority: Authority = Field(
        default="set",
        description="What an external audit (SMETA, amfori BSCI, RBA, EcoVadis, a "
        "certification body) may do to the supplier's audit risk",
    )
    amfori_bsci_rating_risk: StrictStr = Field(
        default=_DEFAULT.amfori_bsci_rating_risk,
        description="Risk level of each amfori BSCI rating, e.g. 'A=low; B=low; C=medium; ...'",
    )
    rba_vap_score_risk: StrictStr = Field(
        default=_DEFAULT.rba_vap_score_risk,
        description="RBA VAP score bands (0-200), each by its lowest score: '160=low; ...'",
    )
    ecovadis_score_risk: StrictStr = Field(
        default=_DEFAULT.ecovadis_score_risk,
        description="EcoVadis score bands (0-100), each by its lowest score: '45=low; ...'",
    )
    certificate_risk: StrictStr = Field(
        default=_DEFAULT.certificate_risk,
        description="Risk level of a certification audit: 'valid=low; not_valid=high'",
    )
    external_finding_risk: StrictStr = Field(
        default=_DEFAULT.external_finding_risk,
        description="The least risk level an external audit's worst finding gives, by severity",
    )

    @classmethod
    def values(cls, policy: Policy) -> dict[str, object]:
        """The settings of an edition, by name."""
        return {name: getattr(policy, name) for name in cls.model_fields}


class PolicyEditionCreate(PolicySettings):
    """A new edition: every setting, and why it is made.

    It takes effect today or later; an administrator may start it in the past or before
    another edition (a historical edition).
    """

    note: StrictStr = Field(description="Why the edition is made (up to 2000 characters)")
    confirm_rejudge: StrictBool = Field(
        default=False,
        description="For a historical edition whose days stored judgements depend on: judge "
        "them again under it (recorded in the audit trail); without it the request is refused",
    )


class PolicyEdition(PolicySettings):
    """An edition of the programme policy and where it comes from."""

    model_config = ConfigDict(extra="ignore")

    effective_from: date = Field(description="The day the edition takes effect")
    source: Literal["shipped", "added"] = Field(
        description="Shipped with the application, or added"
    )
    note: str
    created_by: str | None
    created_at: datetime | None
    in_force: bool = Field(description="Whether it is the edition in force today")
    scheduled: bool = Field(description="Whether it has not taken effect yet (may be withdrawn)")

    @classmethod
    def of(cls, edition: Edition, current: str | None, on: date) -> PolicyEdition:
        """The schema of an edition, judged as of a day on which `current` is in force."""
        return cls.model_validate(
            {
                **PolicySettings.values(edition.policy),
                "source": "shipped" if edition.is_shipped else "added",
                "note": edition.note,
                "created_by": edition.created_by,
                "created_at": edition.created_at,
                "in_force": edition.version == current,
                "scheduled": edition.policy.effective_from > on,
            }
        )


class RatingChange(BaseModel):
    """A supplier's rating of a quarter before and after its period was judged again."""

    supplier_code: str
    quarter: str
    before: str = Field(description="The score (+1, 0, -1) or state; 'none' if there was none")
    after: str


class TerminationMade(BaseModel):
    """A termination the edition's deadlines called for when the period was judged again."""

    supplier_code: str
    audit_reference: str
    effective_on: date
    reason: str


class RejudgementReport(BaseModel):
    """What depended on a historical edition's days, and what judging them again changed."""

    period_from: date
    period_to: date | None = Field(description="The last day covered; null when open-ended")
    depended: list[str] = Field(description="The stored judgements that depended on the period")
    enforced_as_of: date | None
    quarters_rated: list[str]
    rating_changes: list[RatingChange]
    terminations: list[TerminationMade]
    terminations_to_review: list[str] = Field(
        description="Stored terminations the new edition would make on another day, or not at "
        "all: they stand; review them and change the supplier's status if warranted"
    )

    @classmethod
    def of(cls, done: Rejudgement) -> RejudgementReport:
        """The schema of a re-judgement."""
        return cls(
            period_from=done.period.first_day,
            period_to=done.period.last_day,
            depended=[f"{p.field}: {p.reason}" for p in done.depending.problems()],
            enforced_as_of=done.enforced_as_of,
            quarters_rated=[str(q) for q in done.quarters],
            rating_changes=[
                RatingChange(
                    supplier_code=c.supplier_code,
                    quarter=str(c.quarter),
                    before=c.before,
                    after=c.after,
                )
                for c in done.changes
            ],
            terminations=[
                TerminationMade(
                    supplier_code=t.supplier_code,
                    audit_reference=t.audit_reference,
                    effective_on=t.effective_on,
                    reason=t.reason,
                )
                for t in done.terminations
            ],
            terminations_to_review=[str(r) for r in done.to_review],
        )


class PolicyEditionAdded(PolicyEdition):
    """A new edition, and what was judged again when it was historical."""

    rejudgement: RejudgementReport | None = None


class SettingChange(BaseModel):
    """A setting whose value differs from the previous edition's."""

    setting: str
    before: str
    after: str


class PolicyEditionDetail(BaseModel):
    """An edition with what it changed against the edition before it."""

    edition: PolicyEdition
    previous_version: str | None
    changes: list[SettingChange]

    @classmethod
    def of(cls, detail: EditionDetail, on: date) -> PolicyEditionDetail:
        """The schema of an edition's detail."""
        current = detail.edition.version if detail.in_force else None
        return cls(
            edition=PolicyEdition.of(detail.edition, current, on),
            previous_version=detail.previous.version if detail.previous else None,
            changes=[
                SettingChange(setting=c.name, before=_text(c.before), after=_text(c.after))
                for c in detail.changes
            ],
        )


@router.get("/editions", response_model=list[PolicyEdition])
def list_editions(db: DatabaseDep) -> list[PolicyEdition]:
    """Every edition by start date: the shipped ones and those added since."""
    on = today()
    current = service.in_force(db, on).version
    return [PolicyEdition.of(e, current, on) for e in service.list_editions(db)]


@router.get("/in-force", response_model=PolicyEdition)
def edition_in_force(
    db: DatabaseDep,
    on: Annotated[Day | None, Query(description="The day (default today), YYYY-MM-DD")] = None,
) -> PolicyEdition:
    """The edition in force on a day."""
    day = on or today()
    edition = service.in_force(db, day)
    return PolicyEdition.of(edition, edition.version, day)


@router.get("/editions/{version}", response_model=PolicyEditionDetail)
def get_edition(version: Version, db: DatabaseDep) -> PolicyEditionDetail:
    """One edition, with what it changed against the edition before it."""
    on = today()
    return PolicyEditionDetail.of(service.edition_detail(db, version, on), on)


@router.post("/editions", response_model=PolicyEditionAdded, status_code=201)
def create_edition(
    body: PolicyEditionCreate,
    db: DatabaseDep,
    actor: ActorDep,
    user: CurrentUserDep,
    clock: ClockDep,
    response: Response,
) -> PolicyEditionAdded:
    """Add an edition that takes effect today or later, after every other edition.

    An administrator may add a historical edition; if stored judgements depend on its days it
    is refused (409, listing them) unless `confirm_rejudge` is true: then they are made again.
    """
    on = today()
    settings = body.model_dump(exclude={"note", "confirm_rejudge"})
    added = service.add_edition(
        db,
        settings,
        body.note,
        actor,
        on,
        clock,
        confirm_rejudge=body.confirm_rejudge,
        may_change_history=ADMIN_ONLY in user.permissions,
    )
    edition = added.edition
    response.headers["Location"] = f"/api/v1/policy/editions/{edition.version}"
    shown = PolicyEdition.of(edition, service.in_force(db, on).version, on)
    report = RejudgementReport.of(added.rejudgement) if added.rejudgement else None
    return PolicyEditionAdded(**shown.model_dump(), rejudgement=report)


@router.delete("/editions/{version}", status_code=204)
def withdraw_edition(version: Version, db: DatabaseDep) -> Response:
    """Withdraw an added edition that has not taken effect yet (409 otherwise)."""
    service.withdraw_edition(db, version, today())
    return Response(status_code=204)


def _text(value: object) -> str:
    return str(value) if isinstance(value, int | str) else format(value, "f")
