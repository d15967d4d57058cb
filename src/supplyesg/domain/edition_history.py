"""Historical policy editions: which stored judgements depend on the days a new edition covers.

Customers import years of history, so an administrator may add an edition that starts in the
past, before or between the editions there are. It is in force from its first day up to the
day the next edition takes effect (or for good when none follows). A judgement the programme
stored on one of those days was made under another edition, and adding the new one changes
the rule behind it:

- a quarterly rating reads the edition in force on the quarter's last day;
- an audit result (score and risk level) reads the edition in force on the audit's last day;
- a termination reads the edition in force when its audit ended (the plan deadline) and on its
  first missed day (which audit was in force then), as `domain.enforcement` does;
- a day as of which plan deadlines were enforced judged every deadline by the editions of then.

Such an edition is refused unless its maker confirms that the period is judged again
(`services.policy_editions`); the repository fetches every stored judgement as a candidate,
`depending_judgements` decides which ones depend on the period.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from supplyesg.domain.errors import Problem
from supplyesg.domain.periods import Quarter
from supplyesg.domain.policy import Policy


@dataclass(frozen=True, slots=True)
class EditionPeriod:
    """The days an edition is in force: from its first day up to, not including, `until`."""

    first_day: date
    until: date | None = None

    def covers(self, day: date) -> bool:
        """Whether the edition is in force on the day."""
        return self.first_day <= day and (self.until is None or day < self.until)

    @property
    def last_day(self) -> date | None:
        """The last day the edition is in force; None when no edition follows it."""
        return None if self.until is None else self.until - timedelta(days=1)

    def __str__(self) -> str:
        last = self.last_day
        return f"{self.first_day} to {last}" if last else f"from {self.first_day}"


def covered_period(edition: Policy, existing: Iterable[Policy]) -> EditionPeriod:
    """The days a new edition will be in force, among the editions there are."""
    later = [p.effective_from for p in existing if p.effective_from > edition.effective_from]
    return EditionPeriod(edition.effective_from, min(later, default=None))


def is_historical(edition: Policy, existing: Iterable[Policy], today: date) -> bool:
    """Whether a new edition rewrites the past or an edition's days: a past start, or one
    before an edition that is there already."""
    return edition.effective_from < today or covered_period(edition, existing).until is not None


@dataclass(frozen=True, slots=True)
class StoredRating:
    """A stored quarterly rating, as a candidate judgement."""

    supplier_code: str
    quarter: Quarter
    policy_version: str
    state: str
    score: int | None


@dataclass(frozen=True, slots=True)
class StoredAuditResult:
    """A completed audit's stored result (score and risk level), as a candidate judgement."""

    reference: str
    supplier_code: str
    ended_on: date
    policy_version: str | None


@dataclass(frozen=True, slots=True)
class StoredTermination:
    """A termination a missed plan deadline caused, as a candidate judgement."""

    supplier_code: str
    audit_reference: str
    audit_ended_on: date
    effective_on: date


@dataclass(frozen=True, slots=True)
class DependingJudgements:
    """The stored judgements that depend on the days a new edition covers."""

    period: EditionPeriod
    ratings: tuple[StoredRating, ...] = ()
    audit_results: tuple[StoredAuditResult, ...] = ()
    terminations: tuple[StoredTermination, ...] = ()
    enforced_days: tuple[date, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Whether nothing stored depends on the period."""
        return not (self.ratings or self.audit_results or self.terminations or self.enforced_days)

    @property
    def quarters(self) -> list[Quarter]:
        """The quarters with depending ratings, in order."""
        return sorted({r.quarter for r in self.ratings}, key=lambda q: q.first_day)

    def problems(self) -> list[Problem]:
        """What depends on the period, one problem each kind, as a refusal lists them."""
        problems = []
        counted = Counter(str(r.quarter) for r in self.ratings)
        if counted:
            by_quarter = ", ".join(f"{n} in {q}" for q, n in sorted(counted.items()))
            problems.append(Problem("ratings", f"{len(self.ratings)} stored: {by_quarter}"))
        if self.audit_results:
            problems.append(Problem("audit_results", _audits_text(self.audit_results)))
        for t in self.terminations:
            problems.append(
                Problem(
                    "terminations",
                    f"{t.supplier_code} terminated from {t.effective_on} "
                    f"(plan deadline of {t.audit_reference}, ended {t.audit_ended_on})",
                )
            )
        if self.enforced_days:
            first, last = min(self.enforced_days), max(self.enforced_days)
            count = len(self.enforced_days)
            days = f"{count} day, {first}" if count == 1 else f"{count} days, {first} to {last}"
            problems.append(Problem("enforced_days", f"plan deadlines enforced as of {days}"))
        return problems


MOST_AUDITS_NAMED = 10


def _audits_text(audits: Sequence[StoredAuditResult]) -> str:
    named = sorted(a.reference for a in audits)
    listed = ", ".join(named[:MOST_AUDITS_NAMED])
    more = len(named) - MOST_AUDITS_NAMED
    return f"{len(named)} stored: {listed}" + (f" and {more} more" if more > 0 else "")


def depending_judgements(
    period: EditionPeriod,
    ratings: Iterable[StoredRating],
    audit_results: Iterable[StoredAuditResult],
    terminations: Iterable[StoredTermination],
    enforced_days: Iterable[date],
) -> DependingJudgements:
    """The stored judgements whose rule is read on a day of the period (module docstring)."""
    return DependingJudgements(
        period,
        tuple(r for r in ratings if period.covers(r.quarter.last_day)),
        tuple(a for a in audit_results if period.covers(a.ended_on)),
        tuple(
            t
            for t in terminations
            if period.covers(t.audit_ended_on) or period.covers(t.effective_on)
        ),
        tuple(sorted(d for d in enforced_days if period.covers(d))),
    )


@dataclass(frozen=True, slots=True)
class TerminationReview:
    """A stored termination the editions now in force would make on another day, or not at all.

    It stands (orders were stopped on its day); a person reviews it and changes the supplier's
    status if warranted.
    """

    supplier_code: str
    audit_reference: str
    effective_on: date
    now_due_on: date | None

    def __str__(self) -> str:
        stored = (
            f"{self.supplier_code}: terminated from {self.effective_on} ({self.audit_reference})"
        )
        if self.now_due_on is None:
            return f"{stored}, no longer called for"
        return f"{stored}, now called for from {self.now_due_on}"


def terminations_to_review(
    stored: Iterable[StoredTermination], due_now: Mapping[str, date]
) -> list[TerminationReview]:
    """The stored terminations whose deadline is now missed on another day, or not by then.

    `due_now` gives, by audit reference, the day each termination takes effect under the
    editions now in force.
    """
    return [
        TerminationReview(
            t.supplier_code, t.audit_reference, t.effective_on, due_now.get(t.audit_reference)
        )
        for t in stored
        if due_now.get(t.audit_reference) != t.effective_on
    ]


@dataclass(frozen=True, slots=True)
class RatingChange:
    """A supplier's rating of a quarter before and after a period was judged again."""

    supplier_code: str
    quarter: Quarter
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.supplier_code} {self.quarter}: {self.before} -> {self.after}"


def rating_text(rating: StoredRating | None) -> str:
    """A rating as a change report shows it: the score, else the state; 'none' if absent."""
    if rating is None:
        return "none"
    if rating.score is None:
        return rating.state
    return f"{rating.score:+d}" if rating.score else "0"


def rating_changes(
    before: Sequence[StoredRating], after: Sequence[StoredRating]
) -> list[RatingChange]:
    """The ratings (by supplier and quarter) whose score, state or edition changed."""
    old = {(r.supplier_code, str(r.quarter)): r for r in before}
    new = {(r.supplier_code, str(r.quarter)): r for r in after}
    changes = []
    for key in sorted(old.keys() | new.keys(), key=lambda k: (Quarter.parse(k[1]).first_day, k)):
        was, now = rating_text(old.get(key)), rating_text(new.get(key))
        if was != now:
            changes.append(RatingChange(key[0], Quarter.parse(key[1]), was, now))
    return changes
