"""`supplyesg jobs daily`: the daily work (enforcing plan deadlines, deadline reminders and
digests), for cron; `supplyesg jobs show` and `supplyesg worker`: background jobs."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from supplyesg.cli.console import clock, console, database, fail

if TYPE_CHECKING:
    from supplyesg.services.background_jobs import Job
    from supplyesg.services.plan_enforcement import CatchUp
    from supplyesg.worker.engine import JobQueue

jobs_app = typer.Typer(help="Scheduled work.", no_args_is_help=True)

JOBS_ACTOR = "daily jobs"


def _day(text: str | None) -> date:
    if text is None:
        return clock().today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter("give the day as YYYY-MM-DD", param_hint="--day") from None


@jobs_app.command("daily")
def daily(
    day: Annotated[
        str | None, typer.Option("--day", help="Run as of this day (YYYY-MM-DD); default today")
    ] = None,
) -> None:
    """Enforce the plan deadlines as of every day since the last run, then remind everyone of
    their deadlines in the app and by a daily e-mail digest."""
    from supplyesg.config import get_settings
    from supplyesg.db.audit_trail import acting_as
    from supplyesg.domain.errors import DomainError
    from supplyesg.services import daily_jobs

    settings = get_settings()
    on = _day(day)
    try:
        with acting_as(JOBS_ACTOR):
            done = daily_jobs.run_daily(database(), settings, on, clock(), JOBS_ACTOR)
    except DomainError as error:
        raise fail(error) from None
    _print_enforcement(done.enforcement)
    run = done.reminders
    mail = (
        f"{run.digests_sent:,} digests sent"
        + (f", {run.digests_failed:,} not sent (see the log)" if run.digests_failed else "")
        if settings.smtp_host
        else "no digest e-mailed (no SMTP server configured)"
    )
    console.print(
        f"{on}: {run.deadlines:,} deadlines, {run.notifications:,} new notifications, {mail}.",
        soft_wrap=True,
    )
    if run.digests_failed:
        raise typer.Exit(code=1)


def _print_enforcement(done: CatchUp) -> None:
    if not done.days:
        console.print("Plan deadlines: already enforced up to this day.", soft_wrap=True)
        return
    first, last = done.days[0], done.days[-1]
    days = f"{first}" if first == last else f"{first} to {last} ({len(done.days)} days)"
    count = len(done.terminations)
    console.print(
        f"Plan deadlines enforced as of {days}: "
        f"the orders of {count} supplier{'s' if count != 1 else ''} terminated.",
        soft_wrap=True,
        highlight=False,
    )
    for t in done.terminations:
        console.print(
            f"  {t.supplier_code}: from {t.effective_on}, {t.reason}",
            soft_wrap=True,
            highlight=False,
        )


@jobs_app.command("show")
def show(job_id: Annotated[int, typer.Argument(help="The job's number")]) -> None:
    """Show how a background job stands: its state, progress, and its result or error."""
    from supplyesg.domain.background_jobs import KIND_TITLES
    from supplyesg.domain.errors import DomainError
    from supplyesg.services import background_jobs

    try:
        job = background_jobs.job(database(), job_id)
    except DomainError as error:
        raise fail(error) from None
    total = f" of {job.progress.total}" if job.progress.total else ""
    console.print(
        f"Job {job.id}: {KIND_TITLES[job.kind]} {dict(job.parameters)}, {job.state} "
        f"({job.progress.done}{total} done), asked by {job.created_by}",
        soft_wrap=True,
        highlight=False,
        markup=False,
    )
    console.print(job.error or job.message, soft_wrap=True, highlight=False, markup=False)
    if job.result is not None:
        for key, value in job.result.items():
            console.print(f"  {key}: {value}", soft_wrap=True, highlight=False, markup=False)


def worker(
    workers: Annotated[int, typer.Option(min=1, help="Job workers in this process")] = 2,
    worker_type: Annotated[
        str, typer.Option(help="Workers as threads, or as processes (one per core)")
    ] = "thread",
) -> None:
    """Run job workers (Huey's consumer) on the configured queue until stopped (Ctrl-C or
    SIGTERM finish the jobs in hand first). Start one on each machine that should work jobs."""
    from supplyesg.config import get_settings
    from supplyesg.domain.errors import DomainError
    from supplyesg.worker import engine

    if worker_type not in engine.WORKER_TYPES:
        raise typer.BadParameter("give thread or process", param_hint="--worker-type")
    settings = get_settings()
    try:
        queue = engine.JobQueue.configured(settings, database(), clock())
    except DomainError as error:
        raise fail(error) from None
    if queue.is_immediate:
        raise typer.BadParameter(
            "SUPPLYESG_QUEUE_URL is 'immediate': jobs run where they are asked for, "
            "so there is no queue to work",
            param_hint="SUPPLYESG_QUEUE_URL",
        )
    console.print(
        f"{workers} job worker{'s' if workers != 1 else ''} ({worker_type}) on the job "
        f"queue {settings.queue_name!r}; Ctrl-C stops them once their jobs are done.",
        soft_wrap=True,
        highlight=False,
        markup=False,
    )
    queue.consumer(workers=workers, worker_type=worker_type).run()


CLI_ACTOR = "command line"
POLL_SECONDS = 0.2


def _queue() -> JobQueue:
    from supplyesg.config import get_settings
    from supplyesg.worker.engine import JobQueue

    return JobQueue.configured(get_settings(), database(), clock())


def _follow(job: Job, wait: bool) -> Job:
    """Say which job was queued; with `wait`, show its progress until it is finished."""
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from supplyesg.services import background_jobs

    if not wait or job.is_finished:
        if not job.is_finished:
            console.print(
                f"Job {job.id} queued; follow it with: supplyesg jobs show {job.id}",
                highlight=False,
                markup=False,
            )
        return job
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console
    ) as bar:
        task = bar.add_task(job.message, total=None)
        while not job.is_finished:
            time.sleep(POLL_SECONDS)
            job = background_jobs.job(database(), job.id)
            total = job.progress.total or None
            bar.update(task, completed=job.progress.done, total=total, description=job.message)
    return job


def _print_outcome(job: Job) -> None:
    if not job.is_finished:
        return
    show(job.id)
    if job.error is not None:
        raise typer.Exit(code=1)


@jobs_app.command("rate")
def rate(
    quarter: Annotated[str, typer.Argument(help="An ended quarter such as 2026Q1")],
    enforce: Annotated[
        bool, typer.Option(help="First enforce the high-risk plan deadlines as of its end")
    ] = True,
    wait: Annotated[bool, typer.Option(help="Show the job's progress until it is done")] = False,
) -> None:
    """Rate a quarter as a background job (a job worker runs it)."""
    from supplyesg.domain.errors import DomainError
    from supplyesg.worker import kinds

    try:
        job = kinds.request_rating_run(_queue(), quarter, CLI_ACTOR, None, enforce)
    except DomainError as error:
        raise fail(error) from None
    _print_outcome(_follow(job, wait))


@jobs_app.command("report")
def report(
    report: Annotated[str, typer.Argument(help="Which report: hkex or supply-chain")],
    year: Annotated[int, typer.Argument(help="Financial year")],
    format: Annotated[str, typer.Option("--format", help="pdf, html, xlsx, docx or json")] = "pdf",
    wait: Annotated[bool, typer.Option(help="Show the job's progress until it is done")] = False,
    output: Annotated[
        Path | None, typer.Option(help="With --wait, write the report to this file")
    ] = None,
    lang: Annotated[
        str, typer.Option("--lang", help="Language of the report: en or zh-Hant")
    ] = "en",
) -> None:
    """Build a report of a year as a background job (a job worker runs it)."""
    from supplyesg.domain.errors import DomainError
    from supplyesg.services import background_jobs
    from supplyesg.worker import kinds

    try:
        job = kinds.request_report_build(_queue(), report, year, format, CLI_ACTOR, language=lang)
    except DomainError as error:
        raise fail(error) from None
    job = _follow(job, wait)
    _print_outcome(job)
    if output is not None and job.has_file:
        output.write_bytes(background_jobs.job_file(database(), job.id).content)
        console.print(f"Wrote {output}.", highlight=False, markup=False)
