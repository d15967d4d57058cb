"""The `supplyesg` command: each command parses its arguments, calls one service and prints.

Every area keeps its commands in its own module here and is added below. Those modules import
their services (and so SQLAlchemy, pint, WeasyPrint...) inside the commands, so that start-up
and `--help` stay fast; only what option types, defaults and help texts need is imported at the
top (tests/cli/test_cli_startup.py checks it).
"""

from __future__ import annotations

import typer

from supplyesg.cli import demo, esg_data, planning, policy, programme, report_workspace, server
from supplyesg.cli.audits import audits_app
from supplyesg.cli.feedback import feedback_app
from supplyesg.cli.jobs import jobs_app, worker
from supplyesg.cli.reports import report_app
from supplyesg.cli.suppliers import suppliers_app
from supplyesg.cli.targets import targets_app
from supplyesg.cli.users import act_from_the_command_line, users_app
from supplyesg.cli.webhooks import webhooks_app
from supplyesg.database_url import configured_url, shown

app = typer.Typer(
    help="Supply chain ESG management: supplier programme, ESG data and HKEX reporting.",
    epilog=f"Database: {shown(configured_url())} (SUPPLYESG_DATABASE_URL).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.command()(server.serve)
app.add_typer(server.db_app, name="db")
app.command()(server.setup)
app.command()(demo.demo)
app.add_typer(suppliers_app, name="suppliers")
app.command()(planning.programme)
app.add_typer(planning.scorecard_app, name="scorecard")
app.add_typer(planning.risk_app, name="risk")
app.add_typer(planning.training_app, name="training")
report_app.command("sections")(report_workspace.sections)
report_app.command("write")(report_workspace.write)
report_app.command("confirm")(report_workspace.confirm)
report_app.command("open-year")(report_workspace.open_year)
app.add_typer(report_app, name="report")
app.add_typer(feedback_app, name="feedback")
app.add_typer(esg_data.data_app, name="data")
app.add_typer(targets_app, name="targets")
app.command()(esg_data.ghg)
app.command()(esg_data.quality)
app.command()(programme.rate)
app.add_typer(programme.plans_app, name="plans")
app.add_typer(programme.conduct_app, name="conduct")
app.add_typer(audits_app, name="audits")
app.add_typer(users_app, name="users")
app.add_typer(jobs_app, name="jobs")
app.add_typer(webhooks_app, name="webhooks")
app.command()(worker)
app.add_typer(policy.policy_app, name="policy")
act_from_the_command_line(app, except_for=("serve",))
