"""`supplyesg audits external add|import`: third-party audits as their scheme published them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from supplyesg.cli.console import clock, console, database, fail
from supplyesg.cli.programme import actor
from supplyesg.domain.errors import DomainError, InvalidInputError, Problem, refuse_if

if TYPE_CHECKING:
    from supplyesg.domain.external_audits import ExternalFinding, PublishedResult
    from supplyesg.services.external_audits import ExternalAudit

external_app = typer.Typer(
    help="External audits (SMETA, amfori BSCI, RBA VAP, EcoVadis, a certification body): "
    "the scheme's published result and findings; the policy maps the result to a risk level.",
    no_args_is_help=True,
)

AsOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        help="The e-mail of the account that records the audits (default: the system user)",
    ),
]


@external_app.command("add")
def add_external_audit(
    supplier: Annotated[str, typer.Option("--supplier", help="Code of the supplier audited")],
    scheme: Annotated[
        str,
        typer.Option(
            "--scheme",
            help="smeta, amfori_bsci, rba_vap, ecovadis, sa8000, iso_14001 or iso_45001",
        ),
    ],
    firm: Annotated[str, typer.Option("--firm", help="The audit firm or certification body")],
    ended_on: Annotated[str, typer.Option("--ended-on", help="Last day of the audit, YYYY-MM-DD")],
    started_on: Annotated[
        str | None, typer.Option("--started-on", help="First day (default: the last day)")
    ] = None,
    reference: Annotated[
        str, typer.Option("--reference", help="Our reference (default: AUD-<year>-<number>)")
    ] = "",
    scheme_reference: Annotated[
        str, typer.Option("--scheme-reference", help="The scheme's own audit or report number")
    ] = "",
    rating: Annotated[str, typer.Option("--rating", help="amfori BSCI: A to E")] = "",
    score: Annotated[
        str, typer.Option("--score", help="RBA VAP: 0 to 200; EcoVadis: 0 to 100")
    ] = "",
    recognition: Annotated[
        str, typer.Option("--recognition", help="RBA VAP or EcoVadis medal, e.g. gold")
    ] = "",
    certificate: Annotated[
        bool | None,
        typer.Option(
            "--certificate-valid/--certificate-not-valid",
            help="A certification body's audit: whether the certificate is valid",
        ),
    ] = None,
    finding: Annotated[
        list[str] | None,
        typer.Option(
            "--finding",
            help="SEVERITY[@REQUIREMENT]=description, e.g. 'major@HS-02=Fire exits locked'; "
            "repeatable. Severity: critical, major, minor or observation.",
        ),
    ] = None,
    count: Annotated[
        list[str] | None,
        typer.Option(
            "--count",
            help="SEVERITY=N for findings the report only counts, e.g. 'minor=3'; repeatable",
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report", exists=True, dir_okay=False, readable=True, help="The audit report file"
        ),
    ] = None,
    code_version: Annotated[
        str,
        typer.Option("--code-version", help="Code of conduct of the findings (default: in force)"),
    ] = "",
    recorded_by: AsOption = None,
) -> None:
    """Record one external audit, completed at once; its findings open non-conformities."""
    from supplyesg.config import get_settings
    from supplyesg.domain.external_audits import ExternalAuditDetails
    from supplyesg.domain.scheme_results import Scheme
    from supplyesg.services import external_audits
    from supplyesg.services.external_audits import ExternalAuditDraft, ReportFile

    try:
        db = database()
        who = _recorder(recorded_by)
        scheme_value = _scheme(scheme)
        last = _day("--ended-on", ended_on)
        first = _day("--started-on", started_on) if started_on else last
        details = ExternalAuditDetails(Scheme(scheme_value), scheme_reference, firm, first, last)
        draft = ExternalAuditDraft(
            supplier_code=supplier,
            details=details,
            result=_result(rating, score, recognition, certificate),
            findings=(*_findings(finding or []), *_counted(count or [])),
            code_version=code_version,
            reference=reference,
            report=None if report is None else ReportFile(report.name, report.read_bytes()),
        )
        max_bytes = get_settings().max_evidence_mb * 1024 * 1024
        done = external_audits.record_external_audit(db, draft, who, max_bytes, clock())
    except DomainError as error:
        raise fail(error) from None
    _show(done)


@external_app.command("import")
def import_external_audits(
    file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, readable=True, help="A .csv or .xlsx file"),
    ],
    recorded_by: AsOption = None,
) -> None:
    """Record the external audits of a file (one row per finding): all of them, or none.

    Columns: reference, supplier, scheme, audit_firm, ended_on; optionally scheme_reference,
    started_on, rating, score, recognition, certificate_valid, code_version, severity,
    description, requirement. Every bad row is listed with its column and reason.
    """
    from supplyesg.services import external_audit_files

    try:
        db = database()
        who = _recorder(recorded_by)
        with console.status(f"Importing {file.name}..."):
            result = external_audit_files.import_external_audits(db, file, file.name, who, clock())
    except DomainError as error:
        raise fail(error) from None
    console.print(
        f"Imported {file.name}: {result.audits:,} external audits, {result.findings:,} findings, "
        f"{result.nonconformities:,} non-conformities opened."
    )


def _show(done: ExternalAudit) -> None:
    from supplyesg.services import external_audits

    audit, external = done.audit, done.external
    mapping = external_audits.mapping_of(database(), audit, external)
    console.print(
        f"Recorded external audit [bold]{audit.reference}[/] ({external.scheme}) of "
        f"{audit.ended_on}: audit risk [bold]{audit.risk_level}[/], {audit.nc_count} "
        "non-conformities opened.",
        highlight=False,
    )
    if mapping is not None:
        console.print(
            f"Mapped by policy {mapping.policy_version} {mapping.setting}: {mapping.entry}",
            highlight=False,
        )
    for reason in audit.result_reasons:
        console.print(f"  - {reason['text']}", markup=False, highlight=False)
    if external.findings:
        table = Table("#", "Severity", "Requirement", "Description", title="Findings")
        for f in external.findings:
            table.add_row(str(f.position), f.severity, f.requirement_id, f.description)
        console.print(table)


def _recorder(email: str | None) -> str:
    """Who records: the operating-system user, or the account named with --as."""
    from supplyesg.domain.access import Action, Area, Permission, Role, is_allowed, permissions_of
    from supplyesg.services import accounts

    if email is None:
        return actor()
    account = accounts.user_by_email(database(), email)
    recording = Permission(Area.AUDITS, Action.WRITE)
    if not account.is_active or not is_allowed(permissions_of(Role(account.role)), recording):
        raise InvalidInputError(
            f"{account.email} may not record audits.",
            [Problem("--as", "the account is inactive or its role may not record audits", email)],
        )
    return f"{account.email} (command line)"


def _scheme(text: str) -> str:
    from supplyesg.domain.scheme_results import Scheme

    value = text.strip().lower().replace(" ", "_").replace("-", "_")
    if value not in set(Scheme):
        reason = "must be one of " + ", ".join(Scheme)
        raise InvalidInputError("Not a scheme.", [Problem("--scheme", reason, text)])
    return value


def _day(option: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(
            "Not a day.", [Problem(option, "must be a date like 2026-06-30", text)]
        ) from None


def _result(rating: str, score: str, recognition: str, certificate: bool | None) -> PublishedResult:
    from supplyesg.domain.external_audits import PublishedResult

    number: Decimal | None = None
    if score:
        try:
            number = Decimal(score)
        except InvalidOperation:
            raise InvalidInputError(
                "Not a score.", [Problem("--score", "must be a number", score)]
            ) from None
    return PublishedResult(rating.strip().upper(), number, recognition.strip().lower(), certificate)


def _severities() -> str:
    from supplyesg.domain.external_audits import Severity

    return ", ".join(Severity)


def _findings(given: list[str]) -> list[ExternalFinding]:
    from supplyesg.domain.external_audits import ExternalFinding, Severity

    found, problems = [], []
    for row, text in enumerate(given, start=1):
        head, _, description = text.partition("=")
        severity, _, requirement = head.partition("@")
        if severity.strip().lower() not in set(Severity):
            reason = f"must be SEVERITY[@REQUIREMENT]=description, SEVERITY one of {_severities()}"
            problems.append(Problem("--finding", reason, text, row))
            continue
        found.append(
            ExternalFinding(
                Severity(severity.strip().lower()), description.strip(), requirement.strip()
            )
        )
    refuse_if(problems, "The findings cannot be read.")
    return found


def _counted(given: list[str]) -> list[ExternalFinding]:
    from supplyesg.domain.external_audits import MAX_FINDINGS, Severity, counted_findings

    counts: dict[Severity, int] = {}
    problems = []
    for row, text in enumerate(given, start=1):
        severity, _, number = text.partition("=")
        name = severity.strip().lower()
        if name not in set(Severity) or not number.strip().isdigit():
            reason = f"must be SEVERITY=N, SEVERITY one of {_severities()}"
            problems.append(Problem("--count", reason, text, row))
        elif int(number) > MAX_FINDINGS:
            problems.append(Problem("--count", f"at most {MAX_FINDINGS} findings", text, row))
        else:
            counts[Severity(name)] = counts.get(Severity(name), 0) + int(number)
    refuse_if(problems, "The finding counts cannot be read.")
    return counted_findings(counts)
