"""Programme policy commands: `policy list|show|create|withdraw`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from supplyesg.cli.console import clock, console, database, errors, fail
from supplyesg.cli.users import cli_actor
from supplyesg.domain.errors import ConflictError, DomainError, InvalidInputError, Problem

if TYPE_CHECKING:
    from supplyesg.services.policy_editions import Edition, Rejudgement

policy_app = typer.Typer(
    help="Editions of the programme policy: every number the manual fixes.", no_args_is_help=True
)


def today() -> date:
    """The current day, by the commands' clock."""
    return clock().today()


@policy_app.command("list")
def list_editions() -> None:
    """Every edition by start date, with the one in force today and those scheduled."""
    from supplyesg.services import policy_editions

    on = today()
    try:
        db = database()
        editions = policy_editions.list_editions(db)
        current = policy_editions.in_force(db, on).version
    except DomainError as error:
        raise fail(error) from None
    table = Table(title="Policy editions")
    for column in ("Version", "Effective from", "State", "Source", "Why"):
        table.add_column(column)
    for edition in editions:
        table.add_row(
            edition.version,
            edition.policy.effective_from.isoformat(),
            _state(edition, current, on),
            _source(edition),
            edition.note,
        )
    console.print(table)


@policy_app.command()
def show(
    version: Annotated[str | None, typer.Argument(help="The edition (default: in force)")] = None,
    on: Annotated[
        str | None, typer.Option(help="The day whose edition in force is shown, YYYY-MM-DD")
    ] = None,
) -> None:
    """Every setting of an edition, and what changed against the edition before it."""
    from supplyesg.services import policy_editions, policy_files

    try:
        db = database()
        if version is None:
            version = policy_editions.in_force(db, _day(on) if on else today()).version
        detail = policy_editions.edition_detail(db, version, today())
    except DomainError as error:
        raise fail(error) from None
    edition = detail.edition
    table = Table(title=f"Policy edition {edition.version} ({_source(edition)})")
    table.add_column("Setting")
    table.add_column("Value", justify="right")
    for name, value in policy_files.settings_mapping(edition.policy).items():
        table.add_row(name, str(value))
    console.print(table)
    if edition.note:
        console.print(f"Why: {edition.note}", highlight=False)
    if detail.previous is None:
        console.print("The first edition.")
    elif not detail.changes:
        console.print(f"No setting differs from edition {detail.previous.version}.")
    else:
        console.print(f"Changed against edition {detail.previous.version}:")
        for change in detail.changes:
            console.print(f"  {change.name}: {change.before} -> {change.after}", highlight=False)


@policy_app.command()
def create(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="A policy file like data/policy/")
    ],
    note: Annotated[str, typer.Option(help="Why the edition is made")] = "",
    rejudge: Annotated[
        bool,
        typer.Option(
            "--rejudge",
            help="For a historical edition whose days stored judgements depend on: judge them "
            "again under it (recorded in the audit trail)",
        ),
    ] = False,
) -> None:
    """Add an edition from a YAML file: from today or later, or a historical edition.

    A historical edition starts in the past or before another edition; when stored ratings,
    audit results, terminations or enforced days depend on its days, it is refused with what
    depends on them unless --rejudge is given.
    """
    from supplyesg.services import policy_editions, policy_files

    try:
        settings = policy_files.read_settings(file)
        added = policy_editions.add_edition(
            database(),
            {str(k): v for k, v in settings.items()},
            note,
            cli_actor(),
            today(),
            clock(),
            confirm_rejudge=rejudge,
        )
    except DomainError as error:
        refused = fail(error)
        if isinstance(error, ConflictError) and any(p.field in JUDGEMENTS for p in error.problems):
            errors.print("Add --rejudge to judge that period again under the new edition.")
        raise refused from None
    edition = added.edition
    console.print(
        f"Edition {edition.version} added; it takes effect on "
        f"{edition.policy.effective_from.isoformat()}.",
        highlight=False,
    )
    if added.rejudgement is not None:
        _print_rejudgement(added.rejudgement)


@policy_app.command()
def withdraw(version: Annotated[str, typer.Argument(help="The scheduled edition")]) -> None:
    """Withdraw an added edition that has not taken effect yet."""
    from supplyesg.services import policy_editions

    try:
        policy_editions.withdraw_edition(database(), version, today())
    except DomainError as error:
        raise fail(error) from None
    console.print(f"Edition {version} withdrawn.", highlight=False)


JUDGEMENTS = frozenset({"ratings", "audit_results", "terminations", "enforced_days"})


def _print_rejudgement(done: Rejudgement) -> None:
    console.print(f"Judged again under the new edition: {done.period}.", highlight=False)
    for problem in done.depending.problems():
        console.print(f"  depended: {problem.field}: {problem.reason}", highlight=False)
    if done.enforced_as_of is not None:
        console.print(f"Plan deadlines enforced again as of {done.enforced_as_of}.")
    for termination in done.terminations:
        console.print(
            f"  terminated {termination.supplier_code} from {termination.effective_on}: "
            f"{termination.reason}",
            highlight=False,
        )
    for review in done.to_review:
        console.print(f"  to review (stands): {review}", highlight=False)
    quarters = ", ".join(str(q) for q in done.quarters) or "none"
    console.print(f"Quarters rated again: {quarters}.", highlight=False)
    if not done.changes:
        console.print("No rating changed.")
    for change in done.changes:
        console.print(f"  {change}", highlight=False)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(
            "The day cannot be read.", [Problem("on", "give the day as YYYY-MM-DD", text)]
        ) from None


def _state(edition: Edition, current: str, on: date) -> str:
    if edition.version == current:
        return "in force"
    return "scheduled" if edition.policy.effective_from > on else "replaced"


def _source(edition: Edition) -> str:
    if edition.is_shipped:
        return "shipped"
    created = edition.created_at.date().isoformat() if edition.created_at else "?"
    return f"created by {edition.created_by} on {created}"
