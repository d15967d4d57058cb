"""The audit programme: which audits fall due, by when, and which are overdue.

Two rules make the programme:

- Manual section 3: first-tier suppliers and key sub-suppliers are audited every year. The
  next annual audit is due when the last audit of any kind expires (`audits.audit_expires_on`,
  one policy audit cycle after it ended). A supplier in scope never audited is due the policy's
  `first_audit_grace_days` after it came into scope (`programme_scope.in_annual_scope_since`).
- Manual section 7: a high-risk supplier (resulting risk of the risk register) gets an on-site
  audit at least once every three years (`audits.on_site_audit_due_on`). One with no on-site
  audit on record is due the policy's `high_risk_on_site_grace_days` after it became high risk
  (`programme_scope.high_risk_since`). This applies to every high-risk supplier, in audit
  scope or not.

A due day follows from recorded facts only, never from the day someone looks, and an audit is
overdue from the day after it. The manual names no period for a first audit; both grace periods
are the programme's choice, set in the policy. Terminated suppliers are left out.
The programme of a year lists what is still to do: every audit due on or before 31 December,
including audits already overdue from earlier years.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from supplyesg.domain import deadlines
from supplyesg.domain.audits import RiskLevel, audit_expires_on, on_site_audit_due_on
from supplyesg.domain.errors import InvalidInputError, Problem
from supplyesg.domain.policy import Policy, Reason
from supplyesg.domain.programme_scope import Since
from supplyesg.domain.suppliers import SupplierStatus, is_in_audit_scope


class AuditKind(StrEnum):
    """Which rule calls for an audit."""

    ANNUAL = "annual"
    ON_SITE = "on_site"


def supplier_is_told(kind: AuditKind) -> bool:
    """Whether the supplier hears in advance that an audit of this kind is due.

    The annual audit starts with the supplier's own self-assessment, so they are told. The
    on-site audit of a high-risk supplier (manual section 7) may be unannounced, so its due date
    stays with the staff.
    """
    return kind is AuditKind.ANNUAL


@dataclass(frozen=True, slots=True)
class SupplierAuditState:
    """What the programme needs to know about one supplier."""

    supplier_code: str
    tier: int
    is_key_sub_supplier: bool
    status: SupplierStatus
    risk: RiskLevel
    last_audit_ended_on: date | None
    last_on_site_ended_on: date | None
    in_scope_since: Since | None
    """Since when it is in the annual audit scope (`programme_scope.in_annual_scope_since`)."""
    high_risk_since: Since | None
    """Since when it is high risk (`programme_scope.high_risk_since`)."""


@dataclass(frozen=True, slots=True)
class DueAudit:
    """An audit the programme calls for: of whom, which kind, by when and why."""

    supplier_code: str
    kind: AuditKind
    due_on: date
    is_overdue: bool
    last_done_on: date | None
    reasons: tuple[Reason, ...]

    @property
    def overdue_since(self) -> date | None:
        """The first day the audit was overdue (the day after it was due), if it is."""
        return deadlines.overdue_since(self.due_on) if self.is_overdue else None


def is_overdue(due_on: date, as_of: date) -> bool:
    """True from the day after the due date (domain.deadlines)."""
    return deadlines.is_past_due(due_on, as_of)


def annual_audit_due(state: SupplierAuditState, policy: Policy, as_of: date) -> DueAudit | None:
    """The supplier's next annual audit; None when it is not in audit scope."""
    if state.status is SupplierStatus.TERMINATED:
        return None
    if not is_in_audit_scope(state.tier, state.is_key_sub_supplier):
        return None
    scope = "tier 1" if state.tier == 1 else f"key sub-supplier (tier {state.tier})"
    rule = Reason(
        "programme.annual",
        f"{scope}: audited every {policy.audit_cycle_months} months (manual section 3)",
    )
    last = state.last_audit_ended_on
    if last is None:
        if state.in_scope_since is None:
            return None
        return _first_due(
            state.supplier_code,
            AuditKind.ANNUAL,
            state.in_scope_since,
            "in audit scope",
            policy.first_audit_grace_days,
            as_of,
            rule,
            "audit",
        )
    return _due(
        state.supplier_code,
        AuditKind.ANNUAL,
        last,
        audit_expires_on(last, policy),
        as_of,
        rule,
        "audit",
    )


def on_site_audit_due(state: SupplierAuditState, policy: Policy, as_of: date) -> DueAudit | None:
    """The supplier's next on-site audit; None unless it is a high-risk supplier."""
    if state.status is SupplierStatus.TERMINATED or state.risk is not RiskLevel.HIGH:
        return None
    rule = Reason(
        "programme.on_site",
        f"high risk: on-site audit at least every {policy.high_risk_on_site_months} months "
        "(manual section 7)",
    )
    last = state.last_on_site_ended_on
    if last is None:
        if state.high_risk_since is None:
            return None
        return _first_due(
            state.supplier_code,
            AuditKind.ON_SITE,
            state.high_risk_since,
            "high risk",
            policy.high_risk_on_site_grace_days,
            as_of,
            rule,
            "on-site audit",
        )
    due_on = on_site_audit_due_on(last, policy)
    return _due(state.supplier_code, AuditKind.ON_SITE, last, due_on, as_of, rule, "on-site audit")


def first_due_on(since: Since, grace_days: int) -> date:
    """The due day of a first audit: a grace period after the supplier came under the rule."""
    return since.day + timedelta(days=grace_days)


def _first_due(
    code: str,
    kind: AuditKind,
    since: Since,
    what: str,
    grace_days: int,
    as_of: date,
    rule: Reason,
    noun: str,
) -> DueAudit:
    due_on = first_due_on(since, grace_days)
    late = is_overdue(due_on, as_of)
    when = f"overdue since {due_on.isoformat()}" if late else f"due by {due_on.isoformat()}"
    reason = Reason(
        f"{rule.rule}.never",
        f"no {noun} on record; {what} since {since.day.isoformat()} ({since.reason.text}), "
        f"first {noun} within {grace_days} days: {when}",
    )
    return DueAudit(code, kind, due_on, late, None, (rule, reason))


def _due(
    code: str, kind: AuditKind, last: date, due_on: date, as_of: date, rule: Reason, noun: str
) -> DueAudit:
    late = is_overdue(due_on, as_of)
    when = (
        f"due by {due_on.isoformat()}, overdue since {deadlines.overdue_since(due_on).isoformat()}"
        if late
        else f"due by {due_on.isoformat()}"
    )
    reason = Reason(f"{rule.rule}.last", f"last {noun} ended {last.isoformat()}: {when}")
    return DueAudit(code, kind, due_on, late, last, (rule, reason))


def programme_problems(year: int, as_of: date) -> list[Problem]:
    """Why a programme cannot be drawn up for the year as of the date."""
    if not 1900 <= year <= 9999:
        return [Problem("year", "must be a year from 1900 to 9999", year)]
    if as_of > date(year, 12, 31):
        return [
            Problem(
                "as_of",
                f"is after the end of {year}: a programme lists the audits still to do, "
                f"so ask for the programme of {as_of.year} instead",
                as_of.isoformat(),
            )
        ]
    return []


def audit_programme(
    states: Iterable[SupplierAuditState], policy: Policy, year: int, as_of: date
) -> list[DueAudit]:
    """Every audit due on or before the end of the year, earliest first."""
    found = programme_problems(year, as_of)
    if found:
        raise InvalidInputError("No programme can be drawn up for these dates.", found)
    year_end = date(year, 12, 31)
    due: list[DueAudit] = []
    for state in states:
        for rule in (annual_audit_due, on_site_audit_due):
            item = rule(state, policy, as_of)
            if item is not None and item.due_on <= year_end:
                due.append(item)
    due.sort(key=lambda item: (item.due_on, item.supplier_code, item.kind))
    return due


def next_audits(
    states: Iterable[SupplierAuditState], policy: Policy, as_of: date
) -> list[DueAudit]:
    """The next audit each rule calls for, whatever the year it falls in, earliest first."""
    due = [
        item
        for state in states
        for rule in (annual_audit_due, on_site_audit_due)
        if (item := rule(state, policy, as_of)) is not None
    ]
    return sorted(due, key=lambda item: (item.due_on, item.supplier_code, item.kind))


def overdue(due: Iterable[DueAudit]) -> list[DueAudit]:
    """The audits past their due date."""
    return [item for item in due if item.is_overdue]


@dataclass(frozen=True, slots=True)
class CalendarMonth:
    """The audits due in one month of the programme year."""

    month: int
    audits: tuple[DueAudit, ...]


@dataclass(frozen=True, slots=True)
class AuditCalendar:
    """A year of due audits by month; audits due before the year are carried over."""

    year: int
    carried_over: tuple[DueAudit, ...]
    months: tuple[CalendarMonth, ...]


def audit_calendar(due: Sequence[DueAudit], year: int) -> AuditCalendar:
    """The due audits of a programme, placed in the month they fall due."""
    carried: list[DueAudit] = []
    by_month: dict[int, list[DueAudit]] = {month: [] for month in range(1, 13)}
    for item in due:
        if item.due_on.year < year:
            carried.append(item)
        elif item.due_on.year == year:
            by_month[item.due_on.month].append(item)
    months = tuple(CalendarMonth(month, tuple(items)) for month, items in by_month.items())
    return AuditCalendar(year, tuple(carried), months)
