"""`supplyesg audits import|export FILE` (.csv or .xlsx), `audits review REF`, `audits external`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from supplyesg.cli.console import clock, console, database, errors, fail
from supplyesg.cli.external_audits import external_app
from supplyesg.cli.programme import actor
from supplyesg.domain.audits import Finding, Verdict
from supplyesg.domain.errors import DomainError, InvalidInputError, Problem, refuse_if

audits_app = typer.Typer(
    help="ESG audits and their findings as CSV or XLSX files (one row per finding).",
    no_args_is_help=True,
)
audits_app.add_typer(external_app, name="external")


@audits_app.command("import")
def import_audits(
    file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, readable=True, help="A .csv or .xlsx file"),
    ],
) -> None:
    """Record the audits of a file and score them: all rows or, if one is bad, none."""
    from supplyesg.services import audit_files

    try:
        with console.status(f"Importing {file.name}..."):
            result = audit_files.import_audits(database(), file, file.name, actor(), clock())
    except DomainError as error:
        raise fail(error) from None
    console.print(
        f"Imported {file.name}: {result.audits:,} audits ({result.completed:,} completed), "
        f"{result.findings:,} findings."
    )


@audits_app.command("export")
def export_audits(
    file: Annotated[Path, typer.Argument(dir_okay=False, help="The .csv or .xlsx file to write")],
) -> None:
    """Write every audit, one row per finding, with its stored score, risk and outcome."""
    from supplyesg.services import audit_files, tabular

    try:
        fmt = tabular.format_of(file.name)
        with console.status(f"Writing {file.name}..."):
            written = audit_files.export_audits(database(), file, fmt)
    except DomainError as error:
        raise fail(error) from None
    except OSError as error:
        errors.print(f"[bold red]Error:[/] cannot write {file}: {error.strerror}")
        raise typer.Exit(code=1) from None
    console.print(f"Exported {written:,} audits to {file}.")


@audits_app.command("review")
def review_self_assessment(
    reference: Annotated[str, typer.Argument(help="The reference of the self-assessment")],
    auditor: Annotated[str, typer.Option("--auditor", help="The auditor who reviewed it")],
    on: Annotated[
        str | None, typer.Option("--on", help="The day the review ended, YYYY-MM-DD (today)")
    ] = None,
    verdict: Annotated[
        list[str] | None,
        typer.Option(
            "--verdict",
            help="REQUIREMENT=VERDICT[:notes], e.g. 'LAB-01=major:no payroll records'; "
            "repeatable. Requirements not named keep the supplier's answer.",
        ),
    ] = None,
) -> None:
    """Complete a desktop review of a supplier's self-assessment, with the auditor's findings.

    Until staff review it, a self-assessment the supplier submitted sets no risk level."""
    from supplyesg.services import audits

    try:
        now = clock()
        day = _day(on) if on else now.today()
        review = audits.Review(auditor, day, verdicts=_verdicts(verdict or []))
        row = audits.review_self_assessment(database(), reference, review, actor(), clock=now)
    except DomainError as error:
        raise fail(error) from None
    console.print(
        f"Reviewed {reference} in desktop review {row.reference}: score {row.score}, "
        f"audit risk {row.risk_level}."
    )


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(
            "Not a day.", [Problem("--on", "must be a date like 2026-06-30", text)]
        ) from None


def _verdicts(given: list[str]) -> tuple[Finding, ...]:
    found, problems = [], []
    for row, text in enumerate(given, start=1):
        requirement, _, rest = text.partition("=")
        verdict, _, notes = rest.partition(":")
        if not requirement.strip() or verdict.strip() not in set(Verdict):
            reason = "must be REQUIREMENT=VERDICT[:notes], VERDICT one of " + ", ".join(Verdict)
            problems.append(Problem("--verdict", reason, text, row))
            continue
        found.append(Finding(requirement.strip(), Verdict(verdict.strip()), notes.strip()))
    refuse_if(problems, "The verdicts cannot be read.")
    return tuple(found)
