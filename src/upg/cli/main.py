"""The one `upg` entry point: registers each command group from its own module."""

from __future__ import annotations

import logging
import sys

import click

from upg import __version__
from upg.cli.accounts import accounts
from upg.cli.audit import audit
from upg.cli.bulk import import_bulk
from upg.cli.db import db
from upg.cli.demo import demo
from upg.cli.errors import EXIT_ERROR, CommandError, UpgGroup
from upg.cli.evidence import evidence_group
from upg.cli.imports import export_command, import_command
from upg.cli.schema import schema
from upg.cli.serve import serve
from upg.cli.token import token
from upg.config import load_settings
from upg.observability import logs


@click.group(cls=UpgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="upg")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Log what upg does (debug level) to stderr, as UPG_LOG_FORMAT says (text or json).",
)
def cli(verbose: bool) -> None:
    """upg: success milestones, health scores and outcomes on Neo4j."""
    if verbose:
        # The API's logger setup, at debug level: one format for every upg log line.
        logs.setup(load_settings().log_format, logging.DEBUG)


cli.add_command(accounts)
cli.add_command(db)
# A db subcommand (it stops and restarts the local server); its own module keeps db.py small.
db.add_command(import_bulk)
cli.add_command(demo)
cli.add_command(audit)
cli.add_command(evidence_group)
cli.add_command(import_command)
cli.add_command(export_command)
cli.add_command(schema)
cli.add_command(serve)
cli.add_command(token)


def main() -> None:
    """Console-script entry: a failing command prints one line on stderr and exits 1 (a
    threshold crossed) or 2 (a usage or connection error); see upg.cli.errors."""
    try:
        code = cli.main(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        # click's own (bad option, missing file) are usage errors: 2, as documented.
        sys.exit(exc.exit_code if isinstance(exc, CommandError) else EXIT_ERROR)
    except click.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
