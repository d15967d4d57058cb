import pytest

from supplyesg.domain.access import Action, Area, Permission, Principal, Role, permissions_of
from supplyesg.domain.background_jobs import (
    JobKind,
    JobState,
    Progress,
    can_start,
    is_finished,
    may_follow,
    permission_to_start,
)


@pytest.mark.parametrize(
    ("state", "startable", "finished"),
    [
        (JobState.QUEUED, True, False),
        (JobState.RUNNING, False, False),
        (JobState.SUCCEEDED, False, True),
        (JobState.FAILED, False, True),
    ],
)
def test_only_a_queued_job_starts_and_only_succeeded_or_failed_ones_are_finished(
    state: JobState, startable: bool, finished: bool
) -> None:
    assert (can_start(state), is_finished(state)) == (startable, finished)


@pytest.mark.parametrize(
    ("done", "total", "expected", "percent"),
    [
        (0, 0, Progress(0, 0), None),
        (3, 0, Progress(3, 0), None),
        (1, 2, Progress(1, 2), 50),
        (2, 3, Progress(2, 3), 66),
        (5, 2, Progress(2, 2), 100),
        (-1, 4, Progress(0, 4), 0),
        (1, -3, Progress(1, 0), None),
    ],
)
def test_progress_stays_within_its_total(
    done: int, total: int, expected: Progress, percent: int | None
) -> None:
    progress = Progress.of(done, total)
    assert (progress, progress.percent) == (expected, percent)


@pytest.mark.parametrize(
    ("kind", "area"),
    [(JobKind.RATING_RUN, Area.PROGRAMME), (JobKind.REPORT_BUILD, Area.REPORTS)],
)
def test_a_job_needs_the_right_to_change_its_area(kind: JobKind, area: Area) -> None:
    assert permission_to_start(kind) == Permission(area, Action.WRITE)


def someone(role: Role, user_id: int = 7) -> Principal:
    return Principal(user_id, "a@example.com", "A", role, permissions_of(role))


@pytest.mark.parametrize(
    ("kind", "started_by", "who", "may"),
    [
        (JobKind.REPORT_BUILD, 7, someone(Role.VIEWER), True),  # who started it
        (JobKind.REPORT_BUILD, 1, someone(Role.VIEWER), False),
        (JobKind.REPORT_BUILD, None, someone(Role.VIEWER), False),
        (JobKind.REPORT_BUILD, 1, someone(Role.ESG_MANAGER), True),  # may write reports
        (JobKind.RATING_RUN, 1, someone(Role.ADMIN), True),
        (JobKind.RATING_RUN, 1, someone(Role.AUDITOR), False),  # reads ratings, cannot rate
        (JobKind.RATING_RUN, 7, someone(Role.SUPPLIER_USER), False),  # never a supplier user
    ],
)
def test_a_job_is_followed_by_who_started_it_and_who_may_start_one_like_it(
    kind: JobKind, started_by: int | None, who: Principal, may: bool
) -> None:
    assert may_follow(kind, started_by, who) is may
