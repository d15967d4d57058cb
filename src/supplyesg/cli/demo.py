"""`supplyesg demo [--if-empty]`: load the demo data set."""

from __future__ import annotations

from typing import Annotated

import typer

from supplyesg.cli.console import console, database, fail
from supplyesg.cli.suppliers import progress_bar
from supplyesg.domain.errors import DomainError


def demo(
    if_empty: Annotated[
        bool,
        typer.Option("--if-empty", help="Load only if the database has no supplier yet"),
    ] = False,
) -> None:
    """Load the demo data set: a fictional truck maker's supply base and ESG programme.

    With --if-empty (how `make run` calls it) the data is loaded in demo mode only
    (SUPPLYESG_DEMO=true): a real installation starts with no fictional supplier.
    """
    from supplyesg.config import get_settings
    from supplyesg.reports.hkex import workspace
    from supplyesg.services import demo as demo_data
    from supplyesg.services.demo.esg_data import MAKER
    from supplyesg.services.demo.esg_profile import YEARS

    if if_empty and not get_settings().demo:
        console.print("Demo mode is off (SUPPLYESG_DEMO=false): the demo data was not loaded.")
        return
    db = database()
    if if_empty and not demo_data.is_empty(db):
        console.print("The database already holds suppliers; the demo data was not loaded.")
        return
    try:
        with progress_bar() as progress:
            demo_data.load_demo(db, progress)
        # The company's text of the demo report: data/report_content, into the workspace.
        workspace.load_company_files(db, YEARS[-1], MAKER)
    except DomainError as error:
        raise fail(error) from None
    console.print("Loaded the demo data.")
