"""`supplyesg jobs daily`: the daily work (deadline reminders and digests), for cron."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from supplyesg.cli.console import clock, console, database

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
    """Remind everyone of their deadlines in the app and by a daily e-mail digest."""
    from supplyesg.config import get_settings
    from supplyesg.db.audit_trail import acting_as
    from supplyesg.services import reminders

    settings = get_settings()
    on = _day(day)
    with acting_as(JOBS_ACTOR):
        run = reminders.run_configured(database(), settings, on, clock())
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
