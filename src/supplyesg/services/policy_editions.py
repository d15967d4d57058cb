"""Adding, listing and withdrawing editions of the programme policy.

The shipped editions (data/policy/) stay as they are; an ESG manager or an administrator adds
editions that take effect later, and may withdraw one until it takes effect. An administrator
may also add a historical edition (a past start, or one before an edition there is): it is
stored when no stored judgement depends on the days it covers (`domain.edition_history`);
otherwise it is refused with what depends on them, unless the request confirms that the
period is judged again. Then, in the same transaction, the confirmation is written to the
audit trail, plan deadlines are enforced again and the quarters rated again through the
rating service, and what changed is returned. The rules are in `domain.policy`; reading the
editions in force is `policy_files`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.audit_trail import AuditAction, record_confirmation
from supplyesg.db.models import PolicyEditionRow
from supplyesg.db.repositories import policy as repo
from supplyesg.db.session import Database
from supplyesg.domain.edition_history import (
    DependingJudgements,
    EditionPeriod,
    RatingChange,
    StoredRating,
    TerminationReview,
    covered_period,
    depending_judgements,
    is_historical,
    rating_changes,
    terminations_to_review,
)
from supplyesg.domain.errors import (
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    Problem,
)
from supplyesg.domain.periods import Quarter
from supplyesg.domain.policy import (
    Policy,
    SettingChange,
    edition_changes,
    edition_clashes,
    is_scheduled,
    policy_in_force,
    policy_problems,
    previous_edition,
    withdrawal_problems,
)
from supplyesg.services import policy_files, rating
from supplyesg.services.rating import Termination

MAX_NOTE = 2000


@dataclass(frozen=True, slots=True)
class Edition:
    """An edition with where it comes from: shipped, or added by someone, when and why."""

    policy: Policy
    is_shipped: bool
    note: str = ""
    created_by: str | None = None
    created_at: datetime | None = None

    @property
    def version(self) -> str:
        """The edition's version."""
        return self.policy.version


@dataclass(frozen=True, slots=True)
class EditionDetail:
    """An edition, the one before it, what changed and whether it is in force on a day."""

    edition: Edition
    previous: Policy | None
    changes: list[SettingChange]
    in_force: bool
    scheduled: bool


@dataclass(frozen=True, slots=True)
class Rejudgement:
    """A period judged again under a new edition: what depended on it and what changed."""

    depending: DependingJudgements
    enforced_as_of: date | None
    quarters: list[Quarter]
    changes: list[RatingChange]
    terminations: list[Termination]
    to_review: list[TerminationReview] = field(default_factory=list)

    @property
    def period(self) -> EditionPeriod:
        """The days the new edition covers."""
        return self.depending.period


@dataclass(frozen=True, slots=True)
class AddedEdition:
    """A new edition, and the judgements made again if its period had any."""

    edition: Edition
    rejudgement: Rejudgement | None = None


def list_editions(db: Database) -> list[Edition]:
    """Every edition, by start date: shipped and added."""
    with db.transaction() as session:
        rows = {row.version: row for row in repo.editions(session)}
        return [_edition(p, rows.get(p.version)) for p in policy_files.policy_editions(session)]


def in_force(db: Database, on: date) -> Edition:
    """The edition in force on a day."""
    with db.transaction() as session:
        policy = policy_files.policy_for(session, on)
        return _edition(policy, repo.by_version(session, policy.version))


def edition_detail(db: Database, version: str, today: date) -> EditionDetail:
    """One edition with what it changed against the edition before it."""
    with db.transaction() as session:
        editions = policy_files.policy_editions(session)
        policy = next((p for p in editions if p.version == version), None)
        if policy is None:
            raise NotFoundError(
                f"There is no policy edition {version!r}.",
                [Problem("version", "unknown edition", version)],
            )
        edition = _edition(policy, repo.by_version(session, version))
        previous = previous_edition(editions, policy)
        current = policy_in_force(editions, today)
    return EditionDetail(
        edition,
        previous,
        edition_changes(previous, policy),
        current is not None and current.version == version,
        is_scheduled(policy, today),
    )


def create_edition(
    db: Database,
    settings: Mapping[str, object],
    note: str,
    actor: str,
    today: date,
    clock: Clock = SYSTEM_CLOCK,
) -> Edition:
    """Add an edition that no stored judgement depends on (`add_edition`)."""
    return add_edition(db, settings, note, actor, today, clock).edition


def add_edition(
    db: Database,
    settings: Mapping[str, object],
    note: str,
    actor: str,
    today: date,
    clock: Clock = SYSTEM_CLOCK,
    *,
    confirm_rejudge: bool = False,
    may_change_history: bool = True,
) -> AddedEdition:
    """Add an edition; one for a period stored judgements depend on needs `confirm_rejudge`.

    A historical edition (a past start, or one before an existing edition) needs
    `may_change_history` (administrators). With the confirmation, the period's judgements are
    made again under the new edition in the same transaction.
    """
    note = note.strip()
    note_problems = _note_problems(note)
    with db.transaction() as session:
        existing = policy_files.policy_editions(session)
        try:
            policy = policy_files.parse_policy(dict(settings), "the new edition")
        except InvalidInputError as error:
            raise InvalidInputError(error.detail, error.problems + tuple(note_problems)) from error
        clashes = edition_clashes(policy, existing)
        if clashes:
            raise ConflictError("The new edition clashes with an existing one.", clashes)
        problems = policy_problems(policy) + note_problems
        if problems:
            raise InvalidInputError("The new edition cannot be added.", problems)
        if is_historical(policy, existing, today) and not may_change_history:
            raise ForbiddenError(
                "Only an administrator may add an edition for past days or before another one.",
                [
                    Problem(
                        "effective_from",
                        "is in the past or before another edition",
                        policy.effective_from.isoformat(),
                    )
                ],
            )
        depending = _depending(session, covered_period(policy, existing))
        if not depending.is_empty and not confirm_rejudge:
            raise ConflictError(
                f"Stored judgements depend on the days the edition would cover "
                f"({depending.period}); confirm that they are judged again under it.",
                depending.problems(),
            )
        row = _store_edition(session, policy, note, actor, clock)
        if depending.is_empty:
            return AddedEdition(_edition(policy, row))
        return AddedEdition(
            _edition(policy, row), _rejudge(session, policy, depending, actor, clock)
        )


def _store_edition(
    session: Session, policy: Policy, note: str, actor: str, clock: Clock
) -> PolicyEditionRow:
    row = PolicyEditionRow(
        version=policy.version,
        effective_from=policy.effective_from,
        settings=policy_files.stored_settings(policy),
        note=note,
        created_by=actor,
        created_at=clock.now(),
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError as error:  # another edition was added meanwhile
        raise ConflictError(
            "Another edition with this version or start date was added meanwhile.",
            [Problem("version", "is used by another edition", policy.version)],
        ) from error
    policy_files.forget_editions(session)
    return row


def depending_on(db: Database, settings: Mapping[str, object]) -> DependingJudgements:
    """What stored judgements depend on the days a proposed edition would cover."""
    with db.transaction() as session:
        policy = policy_files.parse_policy(dict(settings), "the new edition")
        return _depending(session, covered_period(policy, policy_files.policy_editions(session)))


def _depending(session: Session, period: EditionPeriod) -> DependingJudgements:
    return depending_judgements(
        period,
        repo.stored_ratings(session),
        repo.stored_audit_results(session),
        repo.stored_terminations(session),
        repo.enforced_days(session),
    )


def _rejudge(
    session: Session, policy: Policy, depending: DependingJudgements, actor: str, clock: Clock
) -> Rejudgement:
    """Enforce plan deadlines and rate quarters again under the editions now in force."""
    at, today = clock.now(), clock.today()
    before = repo.stored_ratings(session)
    as_of = _enforce_as_of(depending, repo.enforced_days(session), today)
    terminations = rating.enforce_in(session, as_of, actor, at) if as_of else []
    quarters = _quarters_to_rate(depending, before, terminations, today)
    for quarter in quarters:
        rating.rate_again_in(session, quarter, at)
    names = {str(q) for q in quarters}
    changes = rating_changes(
        [r for r in before if str(r.quarter) in names], repo.stored_ratings(session, names)
    )
    review = terminations_to_review(
        depending.terminations, rating.termination_days_now(session, today)
    )
    done = Rejudgement(depending, as_of, quarters, changes, terminations, review)
    _record_rejudgement(session, policy, done, actor)
    return done


def _enforce_as_of(
    depending: DependingJudgements, enforced: list[date], today: date
) -> date | None:
    """As of which day deadlines are enforced again: the latest day judged so far."""
    days = [
        *enforced,
        *(q.last_day for q in depending.quarters),
        *(t.effective_on for t in depending.terminations),
    ]
    return min(max(days), today) if days else None


def _quarters_to_rate(
    depending: DependingJudgements,
    stored: list[StoredRating],
    terminations: list[Termination],
    today: date,
) -> list[Quarter]:
    """The depending quarters, and every stored quarter a new termination took effect by."""
    quarters = set(depending.quarters)
    first = min((t.effective_on for t in terminations), default=None)
    if first is not None:
        quarters |= {r.quarter for r in stored if r.quarter.last_day >= first}
    return sorted((q for q in quarters if q.last_day < today), key=lambda q: q.first_day)


def _record_rejudgement(session: Session, policy: Policy, done: Rejudgement, actor: str) -> None:
    last = done.period.last_day
    record_confirmation(
        session,
        AuditAction.REJUDGE,
        "policy_edition",
        policy.version,
        f"Judged {done.period} again under edition {policy.version}",
        {
            "confirmed_by": actor,
            "period_from": done.period.first_day,
            "period_to": last,
            "depending": [f"{p.field}: {p.reason}" for p in done.depending.problems()],
            "enforced_as_of": done.enforced_as_of,
            "quarters_rated": [str(q) for q in done.quarters],
            "rating_changes": [str(c) for c in done.changes],
            "terminations": [f"{t.supplier_code} from {t.effective_on}" for t in done.terminations],
            "terminations_to_review": [str(r) for r in done.to_review],
        },
    )


def withdraw_edition(db: Database, version: str, today: date) -> None:
    """Withdraw an added edition that has not taken effect yet."""
    with db.transaction() as session:
        editions = policy_files.policy_editions(session)
        policy = next((p for p in editions if p.version == version), None)
        if policy is None:
            raise NotFoundError(
                f"There is no policy edition {version!r}.",
                [Problem("version", "unknown edition", version)],
            )
        row = repo.by_version(session, version)
        problems = withdrawal_problems(policy, today, shipped=row is None)
        if problems:
            raise ConflictError(f"The policy edition {version} cannot be withdrawn.", problems)
        session.delete(row)
        session.flush()
        policy_files.forget_editions(session)


def _note_problems(note: str) -> list[Problem]:
    if not note:
        return [Problem("note", "say why the edition is made")]
    if len(note) > MAX_NOTE:
        return [Problem("note", f"must be at most {MAX_NOTE} characters", len(note))]
    return []


def _edition(policy: Policy, row: PolicyEditionRow | None) -> Edition:
    if row is None:
        return Edition(policy, True)
    return Edition(policy, False, row.note, row.created_by, row.created_at)
