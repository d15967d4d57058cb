"""Background jobs: what a job is, which states it passes through and who may follow it.

A job is long work (a rating run, a report build) that a job worker does outside the request
that asked for it. It is queued, then running, then succeeded or failed, and never goes back:
a job that is no longer queued is not started again, so a message the queue delivers twice
runs the work once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from supplyesg.domain.access import Action, Area, Permission, Principal, Role
from supplyesg.domain.errors import DomainError


class JobKind(StrEnum):
    """The work a job does."""

    RATING_RUN = "rating_run"
    REPORT_BUILD = "report_build"


class JobState(StrEnum):
    """Where a job is: waiting for a worker, being worked on, or finished one way or the other."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


FINISHED_STATES = frozenset({JobState.SUCCEEDED, JobState.FAILED})

KIND_TITLES: dict[JobKind, str] = {
    JobKind.RATING_RUN: "Rating run",
    JobKind.REPORT_BUILD: "Report build",
}

_AREA_OF_KIND: dict[JobKind, Area] = {
    JobKind.RATING_RUN: Area.PROGRAMME,
    JobKind.REPORT_BUILD: Area.REPORTS,
}


FOLLOW_JOBS = Permission(Area.DASHBOARD, Action.READ)
"""What the gate asks of anyone opening a job: being staff (every staff role reads the
dashboard, a supplier user does not); `may_follow` then decides each job."""


class QueueUnavailableError(DomainError):
    """The job queue cannot take the job now (its store is unreachable): try again later."""

    title = "Job queue unavailable"


def is_finished(state: JobState) -> bool:
    """Whether the job has ended (succeeded or failed): nothing about it changes any more."""
    return state in FINISHED_STATES


def can_start(state: JobState) -> bool:
    """Whether a worker may start the job: only a queued one, so a job runs at most once."""
    return state is JobState.QUEUED


def permission_to_start(kind: JobKind) -> Permission:
    """The permission a job of this kind needs: changing its area (ratings, or reports)."""
    return Permission(_AREA_OF_KIND[kind], Action.WRITE)


def may_follow(kind: JobKind, started_by_user_id: int | None, who: Principal) -> bool:
    """Whether someone may see a job and its result: the one who started it, or anyone who
    may start a job of its kind (an administrator may); never a supplier user."""
    if who.role is Role.SUPPLIER_USER:
        return False
    started_it = started_by_user_id is not None and started_by_user_id == who.user_id
    return started_it or who.may(permission_to_start(kind))


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a job is: steps or rows done of the total (total 0 until the job knows it)."""

    done: int
    total: int

    @classmethod
    def of(cls, done: int, total: int) -> Progress:
        """Progress kept within 0..total, whatever a job reports."""
        total = max(total, 0)
        return cls(min(max(done, 0), total) if total else max(done, 0), total)

    @property
    def percent(self) -> int | None:
        """Whole percent done, or None while the total is not known."""
        if self.total == 0:
            return None
        return self.done * 100 // self.total
