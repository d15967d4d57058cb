"""Planning commands: `programme`, `scorecard import|show`, `risk register`, `training ...`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from supplyesg.cli.console import clock, console, database, fail
from supplyesg.domain.audits import RiskLevel
from supplyesg.domain.errors import DomainError, InvalidInputError, Problem
from supplyesg.domain.periods import Quarter

if TYPE_CHECKING:
    from supplyesg.services.audit_programme import AuditProgramme, ProgrammeLine

scorecard_app = typer.Typer(help="The operational scorecard of suppliers.", no_args_is_help=True)
risk_app = typer.Typer(help="The supplier risk register.", no_args_is_help=True)
training_app = typer.Typer(help="Supplier training programmes.", no_args_is_help=True)

AsOf = Annotated[
    str | None, typer.Option("--as-of", help="The day to look from, YYYY-MM-DD (default today)")
]
Limit = Annotated[int, typer.Option(help="Rows to show at most (0: all)")]
RISK_STYLE = {RiskLevel.LOW: "green", RiskLevel.MEDIUM: "yellow", RiskLevel.HIGH: "bold red"}


def today() -> date:
    """The current day, by the commands' clock."""
    return clock().today()


def day_of(text: str | None, option: str = "--as-of") -> date:
    """The day written as YYYY-MM-DD (today when not given)."""
    if text is None:
        return today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(
            InvalidInputError(
                "Not a day.", [Problem(option, "must be a date like 2026-03-31", text)]
            )
        ) from None


def programme(
    year: Annotated[int, typer.Option(help="The programme year")],
    as_of: AsOf = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue audits")] = False,
    limit: Limit = 100,
) -> None:
    """The audits due by the end of the year (annual and high-risk on-site), by due date."""
    from supplyesg.domain.programme import AuditKind
    from supplyesg.services import audit_programme

    try:
        found = audit_programme.programme_of_year(database(), year, day_of(as_of))
    except DomainError as error:
        raise fail(error) from None
    console.print(_months_table(found))
    lines = found.overdue if overdue else found.lines
    title = f"{'Overdue' if overdue else 'Due'} audits, programme {year}, as of {found.as_of}"
    console.print(_lines_table(title, lines, limit))
    console.print(
        f"{len(found.lines):,} audits due by {year}-12-31: "
        f"{found.count(AuditKind.ANNUAL):,} annual, {found.count(AuditKind.ON_SITE):,} on-site; "
        f"{len(found.overdue):,} overdue (policy {found.policy_version})."
    )


def _months_table(found: AuditProgramme) -> Table:
    from supplyesg.domain.programme import AuditKind

    table = Table(title=f"Audit calendar {found.year}")
    for column in ("Month", "Annual", "On-site", "Overdue"):
        table.add_column(column, justify="right" if column != "Month" else "left")
    rows = [("Before " + str(found.year), found.carried_over)]
    rows += [(date(found.year, m.month, 1).strftime("%B"), m.lines) for m in found.months]
    for label, lines in rows:
        table.add_row(
            label,
            str(sum(1 for line in lines if line.due.kind is AuditKind.ANNUAL)),
            str(sum(1 for line in lines if line.due.kind is AuditKind.ON_SITE)),
            str(sum(1 for line in lines if line.due.is_overdue)),
        )
    return table


def _lines_table(title: str, lines: Sequence[ProgrammeLine], limit: int) -> Table:
    from supplyesg.domain.programme import AuditKind

    shown = lines if limit <= 0 else lines[:limit]
    hidden = len(lines) - len(shown)
    caption = f"{hidden:,} more not shown (--limit 0 shows all)" if hidden else None
    table = Table(title=title, caption=caption)
    columns = ("Due on", "Supplier", "Name", "Tier", "Overall risk", "Audit", "Last done", "Status")
    for column in columns:
        table.add_column(column, no_wrap=column in ("Due on", "Supplier", "Last done"))
    for line in shown:
        due = line.due
        table.add_row(
            due.due_on.isoformat(),
            line.supplier_code,
            line.legal_name,
            str(line.tier),
            f"[{RISK_STYLE[line.risk]}]{line.risk}[/]",
            "on-site" if due.kind is AuditKind.ON_SITE else "annual",
            due.last_done_on.isoformat() if due.last_done_on else "never",
            "[bold red]overdue[/]" if due.is_overdue else "due",
        )
    return table


@scorecard_app.command("import")
def import_scores(
    file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, readable=True, help="A .csv or .xlsx file"),
    ],
) -> None:
    """Import component scores: columns supplier_code, quarter and one per component."""
    from supplyesg.services import scorecard

    try:
        result = scorecard.import_file(database(), file, file.name)
    except DomainError as error:
        raise fail(error) from None
    quarters = ", ".join(str(q) for q in result.quarters)
    console.print(
        f"Imported {file.name}: {result.scores:,} scores in {result.rows:,} rows ({quarters})."
    )


@scorecard_app.command("show")
def show_scorecard(
    quarter: Annotated[str, typer.Argument(help="A quarter such as 2026Q1")],
    category: Annotated[str | None, typer.Option(help="Only this category")] = None,
) -> None:
    """The composite score and rank of every supplier scored in a quarter, per category."""
    from supplyesg.services import scorecard

    try:
        card = scorecard.quarter_scorecard(database(), Quarter.parse(quarter), category)
    except DomainError as error:
        raise fail(error) from None
    weights = ", ".join(
        f"{c.component} {c.weight_percent}%" for c in card.weights.weights.components
    )
    console.print(f"Scorecard {card.quarter}: {weights}")
    for name, lines in card.categories.items():
        table = Table(title=name)
        for column in ("Rank", "Supplier", "Name", "Score", "Complete"):
            table.add_column(column)
        for line in lines:
            table.add_row(
                str(line.rank or "-"),
                line.supplier_code,
                line.legal_name,
                str(line.composite.score if line.composite.score is not None else "-"),
                "yes" if line.composite.is_complete else "no",
            )
        console.print(table)
    if not card.categories:
        console.print("No supplier has an operational score in this quarter.")


@risk_app.command("register")
def risk_register(
    as_of: AsOf = None,
    level: Annotated[RiskLevel | None, typer.Option(help="Only this overall risk")] = None,
    limit: Limit = 100,
) -> None:
    """Every supplier's inherent risk, audit risk and overall risk."""
    from supplyesg.services import risk

    try:
        day = day_of(as_of)
        entries = risk.risk_register(database(), day, level)
    except DomainError as error:
        raise fail(error) from None
    shown = entries if limit <= 0 else entries[:limit]
    hidden = len(entries) - len(shown)
    table = Table(
        title=f"Risk register as of {day}",
        caption=f"{hidden:,} more not shown (--limit 0 shows all)" if hidden else None,
    )
    for column in ("Supplier", "Country", "Category", "Inherent", "Audit risk", "Overall risk"):
        table.add_column(column, no_wrap=column == "Supplier")
    for e in shown:
        audit = e.latest_audit
        table.add_row(
            e.supplier.code,
            e.supplier.country,
            e.supplier.category,
            e.row.inherent.level,
            f"{audit.risk} ({audit.ended_on})" if audit else "none",
            f"[{RISK_STYLE[e.row.resulting.level]}]{e.row.resulting.level}[/]",
        )
    console.print(table)
    high = sum(1 for e in entries if e.row.resulting.level is RiskLevel.HIGH)
    console.print(f"{len(entries):,} suppliers listed; {high:,} high risk.")


@training_app.command("list")
def list_trainings() -> None:
    """Training programmes with their attendance and completion."""
    from supplyesg.domain.training import AssignmentStatus
    from supplyesg.services import training

    summaries = training.list_programmes(database())
    table = Table(title="Training programmes")
    for column in ("Id", "Held on", "Topic", "Format", "Code sections", "Proposed", "Completed"):
        table.add_column(column)
    for s in summaries:
        table.add_row(
            str(s.programme.id),
            s.programme.held_on.isoformat(),
            s.programme.topic,
            s.programme.format,
            ", ".join(p.label for p in s.programme.sections) or "general",
            str(s.counts[AssignmentStatus.PROPOSED]),
            f"{s.completed}/{s.expected}",
        )
    console.print(table)


@training_app.command("propose")
def propose(programme_id: Annotated[int, typer.Argument(help="The programme id")]) -> None:
    """Propose for a programme the suppliers with open findings in its code sections (for a
    general programme: the unqualified, and high-risk suppliers in audit scope)."""
    from supplyesg.services import training

    try:
        created = training.propose(database(), programme_id, "command line", today())
    except DomainError as error:
        raise fail(error) from None
    for a in created:
        why = "; ".join(r.text for r in a.reasons)
        answers = f" [answers {', '.join(a.answers)}]" if a.answers else ""
        console.print(
            f"{a.supplier_code} {a.legal_name}: {why}{answers}", highlight=False, markup=False
        )
    console.print(f"Proposed {len(created):,} suppliers for programme {programme_id}.")
