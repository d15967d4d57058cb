"""The "Versions" panel of a report's page: each version with its state and steps, and what
the signed-in user may do next (the buttons themselves are shown by the gate's own rule,
`may_send`, in the template)."""

from __future__ import annotations

from dataclasses import dataclass

from supplyesg.db.models import ReportVersionRow
from supplyesg.db.session import Database
from supplyesg.domain.access import Principal
from supplyesg.domain.four_eyes import Person, same_person
from supplyesg.domain.report_versions import Step, VersionState, is_frozen, steps_from
from supplyesg.reports import versions
from supplyesg.services.report_versions import TakenStep, steps_taken, submitter


@dataclass(frozen=True, slots=True)
class VersionShown:
    """A version as the panel shows it to one user."""

    row: ReportVersionRow
    state: VersionState
    steps: list[TakenStep]
    next_steps: list[Step]
    submitted_by_you: bool

    @property
    def is_published(self) -> bool:
        """Whether its files are frozen (and it can be compared with the data now)."""
        return is_frozen(self.state)


def versions_shown(db: Database, report: str, year: int, user: Principal) -> list[VersionShown]:
    """The versions of a report of a year, newest first, as `user` sees them."""
    you = Person(user.actor, user.user_id)
    shown = []
    for row in versions.versions_of(db, report, year):
        state = VersionState(row.state)
        submitted = submitter(row)
        shown.append(
            VersionShown(
                row=row,
                state=state,
                steps=steps_taken(row),
                next_steps=steps_from(state),
                submitted_by_you=submitted is not None and same_person(submitted, you),
            )
        )
    return shown


def may_start_new(shown: list[VersionShown]) -> bool:
    """Whether submitting makes a new version: there is none, or every one is published."""
    return all(v.is_published for v in shown)
