"""Programme policy pages: the editions, one edition explained, a new edition, withdrawing one.

Every setting is shown with what it decides in plain words and the manual section it comes
from; a new edition starts from the settings of the edition in force.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from supplyesg.domain.access import ADMIN_ONLY
from supplyesg.domain.errors import ConflictError, DomainError, ForbiddenError
from supplyesg.domain.policy import Policy, policy_fields
from supplyesg.services import policy_editions as service
from supplyesg.services import policy_files
from supplyesg.services.policy_editions import Rejudgement
from supplyesg.web.deps import ActorDep, ClockDep, CurrentUserDep, DatabaseDep
from supplyesg.web.ui.audit_pages import today
from supplyesg.web.ui.flash import flash
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors, PostedForm
from supplyesg.web.ui.rendering import _, render

router = APIRouter()

FORM_FIELDS = (*policy_fields(), "note")
_WHOLE_NUMBER = re.compile(r"^-?[0-9]{1,9}$")
_WHOLE_NUMBERS = frozenset(name for name in policy_fields() if type(getattr(Policy(), name)) is int)


@dataclass(frozen=True, slots=True)
class Setting:
    """A setting of the policy as the pages explain it."""

    name: str
    label: str
    meaning: str
    source: str
    unit: str = ""


def setting_groups() -> list[tuple[str, list[Setting]]]:
    """Every setting but version and start day, grouped, in plain words with their source."""
    months = _("months")
    programme = _("Set by the programme: the manual leaves it open")
    return [
        (
            _("Audit cycle"),
            [
                Setting(
                    "audit_cycle_months",
                    _("Audit cycle"),
                    _("How often first-tier suppliers and key sub-suppliers are audited."),
                    _("Manual section 3: audited on an annual basis"),
                    months,
                ),
                Setting(
                    "high_risk_on_site_months",
                    _("On-site audit of high-risk suppliers"),
                    _("The longest time between two on-site audits of a high-risk supplier."),
                    _("Manual section 7: on-site at least once every three years"),
                    months,
                ),
                Setting(
                    "first_audit_grace_days",
                    _("First audit of a supplier in scope"),
                    _(
                        "Days after a supplier comes into the annual audit scope by which its "
                        "first audit is due; overdue from the day after."
                    ),
                    programme,
                    _("days"),
                ),
                Setting(
                    "high_risk_on_site_grace_days",
                    _("First on-site audit of a high-risk supplier"),
                    _(
                        "Days after a supplier becomes high risk by which an on-site audit is "
                        "due when none is on record; overdue from the day after."
                    ),
                    programme,
                    _("days"),
                ),
            ],
        ),
        (
            _("Risk level of an audit"),
            [
                Setting(
                    "low_risk_min_score",
                    _("Lowest score for low risk"),
                    _("An audit scoring this much (out of 100) or more is low risk."),
                    programme,
                ),
                Setting(
                    "medium_risk_min_score",
                    _("Lowest score for medium risk"),
                    _("Below it an audit is high risk; a zero-tolerance breach always is."),
                    programme,
                ),
                Setting(
                    "minor_credit",
                    _("Credit of a minor non-conformity"),
                    _("The share of a requirement's weight kept when a minor finding is made."),
                    programme,
                ),
                Setting(
                    "major_credit",
                    _("Credit of a major non-conformity"),
                    _("The share of a requirement's weight kept when a major finding is made."),
                    programme,
                ),
            ],
        ),
        (
            _("Improvement plans"),
            [
                Setting(
                    "medium_risk_plan_months",
                    _("Plan deadline after a medium-risk audit"),
                    _("Time the supplier has to provide a reasonable improvement plan."),
                    _("Manual section 9: within 6 months"),
                    months,
                ),
                Setting(
                    "high_risk_plan_months",
                    _("Plan deadline after a high-risk audit"),
                    _("Time to plan for every non-conformity; after it, orders are terminated."),
                    _("Manual section 9: within 3 months"),
                    months,
                ),
            ],
        ),
        (
            _("Quarterly ESG score"),
            [
                Setting(
                    "low_risk_score",
                    _("Score at low risk"),
                    _("The supplier's quarterly ESG score while its latest audit is low risk."),
                    _("Manual section 9: 1"),
                ),
                Setting(
                    "medium_risk_score",
                    _("Score at medium risk"),
                    _("The quarterly score while its latest audit is medium risk."),
                    _("Manual section 9: 0"),
                ),
                Setting(
                    "high_risk_score",
                    _("Score at high risk"),
                    _("The quarterly score while its latest audit is high risk."),
                    _("Manual section 9: -1"),
                ),
                Setting(
                    "missed_plan_score",
                    _("Score when the plan is late"),
                    _("The quarterly score at medium risk once the plan deadline has passed."),
                    _("Manual section 9: otherwise the score will be -1"),
                ),
            ],
        ),
        (
            _("Which audits set the audit risk"),
            [
                Setting(
                    "self_assessment_authority",
                    _("Self-assessment"),
                    _(
                        "What a supplier's self-assessment, once staff reviewed it, may do to "
                        "the audit risk: set, raise, lower or none."
                    ),
                    _("Set by the programme: a self-assessment is evidence, not a verdict"),
                ),
                Setting(
                    "desktop_review_authority",
                    _("Desktop review"),
                    _("What a desktop review may do to the audit risk: set, raise, lower or none."),
                    programme,
                ),
                Setting(
                    "on_site_authority",
                    _("On-site audit"),
                    _("What an on-site audit may do to the audit risk: set, raise, lower or none."),
                    _("Manual section 7: on-site audits of high-risk suppliers"),
                ),
                Setting(
                    "external_audit_authority",
                    _("External audit"),
                    _(
                        "What a third-party audit (SMETA, amfori BSCI, RBA, EcoVadis, a "
                        "certification body) may do to the audit risk: set, raise, lower or none."
                    ),
                    _("Set by the programme: a recognised scheme's verdict, accepted by staff"),
                ),
            ],
        ),
        (
            _("Risk level of an external audit"),
            [
                Setting(
                    "amfori_bsci_rating_risk",
                    _("amfori BSCI rating"),
                    _("The risk level of each overall rating, A to E (e.g. 'A=low; B=low; ...')."),
                    _("amfori BSCI System Manual: ratings A (very good) to E (unacceptable)"),
                ),
                Setting(
                    "rba_vap_score_risk",
                    _("RBA VAP score"),
                    _("Score bands of 0 to 200, each named by its lowest score: '160=low; ...'."),
                    _("RBA VAP Operations Manual: Silver from 160, Gold 180, Platinum 200"),
                ),
                Setting(
                    "ecovadis_score_risk",
                    _("EcoVadis score"),
                    _("Score bands of 0 to 100, each named by its lowest score: '45=low; ...'."),
                    _("EcoVadis methodology: 25 partial, 45 good, 65 advanced, 85 outstanding"),
                ),
                Setting(
                    "certificate_risk",
                    _("Certification audit"),
                    _("The risk level of a valid certificate and of one not valid."),
                    _("SA8000, ISO 14001, ISO 45001: the certification body's decision"),
                ),
                Setting(
                    "external_finding_risk",
                    _("Worst finding"),
                    _(
                        "The least risk level an external audit's worst finding gives, by "
                        "severity; for SMETA, which publishes no score, the level itself."
                    ),
                    _("Set by the programme: a critical finding is a zero-tolerance breach"),
                ),
            ],
        ),
        (
            _("Operational scorecard"),
            [
                Setting(
                    "min_esg_weight",
                    _("Least weight of the ESG audit"),
                    _("The ESG result's least share of a supplier's scorecard (0.01 is 1%)."),
                    _("Manual section 3: a total weight of not less than 1%"),
                ),
            ],
        ),
    ]


@router.get("/policy", name="policy")
def editions(request: Request, db: DatabaseDep) -> Response:
    """Every edition of the programme policy, with the one in force and those scheduled."""
    on = today()
    return render(
        request,
        "policy/list.html",
        area="admin",
        editions=service.list_editions(db),
        current=service.in_force(db, on).version,
        today=on,
    )


@router.get("/policy/editions/new", name="policy_new")
def new_edition(request: Request, db: DatabaseDep) -> Response:
    """A new edition, filled in with the settings of the edition in force."""
    on = today()
    listed = service.list_editions(db)
    latest = max(e.policy.effective_from for e in listed)
    start = max(on, latest + timedelta(days=1))
    values = {
        **{
            k: str(v)
            for k, v in policy_files.settings_mapping(service.in_force(db, on).policy).items()
        },
        "version": "",
        "effective_from": start.isoformat(),
        "note": "",
    }
    return _form(request, values, NO_ERRORS, start)


@router.post("/policy/editions/new")
def create_edition(
    request: Request,
    db: DatabaseDep,
    actor: ActorDep,
    user: CurrentUserDep,
    clock: ClockDep,
    form: PostedForm,
) -> Response:
    """Add the edition, or show the form again with the reasons beside the fields.

    A historical edition whose days stored judgements depend on comes back with what depends
    on them and a box to confirm that the period is judged again under it.
    """
    values = {name: form.get(name, "") for name in FORM_FIELDS}
    settings = {name: _typed(name, values[name]) for name in policy_fields()}
    try:
        added = service.add_edition(
            db,
            settings,
            values["note"],
            actor,
            today(),
            clock,
            confirm_rejudge=form.get("confirm_rejudge") == "yes",
            may_change_history=ADMIN_ONLY in user.permissions,
        )
    except DomainError as error:
        confirm = isinstance(error, ConflictError) and any(
            p.field in JUDGEMENT_FIELDS for p in error.problems
        )
        status = 409 if confirm else 403 if isinstance(error, ForbiddenError) else 422
        errors = FormErrors.of(error, FORM_FIELDS)
        return _form(request, values, errors, None, status, confirm_rejudge=confirm)
    edition = added.edition
    target = RedirectResponse(f"/policy/editions/{edition.version}", status_code=303)
    message = _(
        "Edition %(version)s added; it takes effect on %(day)s.",
        version=edition.version,
        day=edition.policy.effective_from.isoformat(),
    )
    if added.rejudgement is not None:
        message += " " + _rejudged_text(added.rejudgement)
    return flash(target, message)


JUDGEMENT_FIELDS = frozenset({"ratings", "audit_results", "terminations", "enforced_days"})
MOST_CHANGES_SHOWN = 20


def _rejudged_text(done: Rejudgement) -> str:
    quarters = ", ".join(str(q) for q in done.quarters)
    text = _(
        "Judged %(period)s again. Quarters rated again: %(quarters)s. Ratings changed: "
        "%(changed)s. Terminations made: %(terminated)s.",
        period=str(done.period),
        quarters=quarters or "-",
        changed=len(done.changes),
        terminated=len(done.terminations),
    )
    shown = "; ".join(str(c) for c in done.changes[:MOST_CHANGES_SHOWN])
    return f"{text} {shown}" if shown else text


@router.get("/policy/editions/{version}", name="policy_edition")
def edition(request: Request, db: DatabaseDep, version: str) -> Response:
    """One edition: every setting explained, and what changed against the edition before."""
    detail = service.edition_detail(db, version, today())
    return render(
        request,
        "policy/edition.html",
        area="admin",
        detail=detail,
        edition=detail.edition,
        policy=detail.edition.policy,
        groups=setting_groups(),
        labels=_labels(),
    )


@router.post("/policy/editions/{version}/withdraw")
def withdraw_edition(db: DatabaseDep, version: str) -> Response:
    """Withdraw a scheduled edition; one in force, past or shipped stays, with the reason."""
    try:
        service.withdraw_edition(db, version, today())
    except DomainError as error:
        if not error.problems:
            raise
        target = RedirectResponse(f"/policy/editions/{version}", status_code=303)
        reason = "; ".join(p.reason for p in error.problems)
        return flash(target, f"{error.detail} {reason}", "error")
    target = RedirectResponse("/policy", status_code=303)
    return flash(target, _("Edition %(version)s withdrawn.", version=version))


def _typed(name: str, text: str) -> object:
    text = text.strip()
    if name in _WHOLE_NUMBERS and _WHOLE_NUMBER.fullmatch(text):
        return int(text)
    return text


def _labels() -> dict[str, str]:
    return {s.name: s.label for _group, settings in setting_groups() for s in settings}


def _form(
    request: Request,
    values: dict[str, Any],
    errors: FormErrors,
    earliest: date | None,
    status_code: int = 200,
    *,
    confirm_rejudge: bool = False,
) -> Response:
    return render(
        request,
        "policy/form.html",
        status_code=status_code,
        area="admin",
        values=values,
        errors=errors,
        groups=setting_groups(),
        earliest=earliest,
        confirm_rejudge=confirm_rejudge,
    )
