"""Adding, listing and withdrawing editions of the programme policy.

The shipped editions (data/policy/) stay as they are; an ESG manager or an administrator adds
editions that take effect later, and may withdraw one until it takes effect. The rules are in
`domain.policy`; reading the editions in force is `policy_files`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.models import PolicyEditionRow
from supplyesg.db.repositories import policy as repo
from supplyesg.db.session import Database
from supplyesg.domain.errors import ConflictError, InvalidInputError, NotFoundError, Problem
from supplyesg.domain.policy import (
    Policy,
    SettingChange,
    edition_changes,
    edition_clashes,
    is_scheduled,
    new_edition_problems,
    policy_in_force,
    previous_edition,
    withdrawal_problems,
)
from supplyesg.services import policy_files

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
    """Add an edition that takes effect today or later, after every other edition."""
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
        problems = new_edition_problems(policy, existing, today) + note_problems
        if problems:
            raise InvalidInputError("The new edition cannot be added.", problems)
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
        return _edition(policy, row)


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
