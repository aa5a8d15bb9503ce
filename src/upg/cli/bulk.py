"""`upg db import-bulk DIR`: a first load of an empty local database with neo4j-admin."""

from __future__ import annotations

from pathlib import Path

import click

from upg.bootstrap import run
from upg.cli.errors import CommandError
from upg.config import load_settings
from upg.graph.bulk import held_nodes
from upg.graph.migrations import adopt
from upg.localdb import LocalNeo4j
from upg.localdb.bulk_import import bulk_import


@click.command("import-bulk")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def import_bulk(directory: Path) -> None:
    """Load DIR (the `upg import` layout, docs/import-export.md) into an EMPTY local database.

    Uses `neo4j-admin database import full`: the command stops the local Neo4j, imports,
    starts it again and creates the schema the migrations leave (recording them applied).
    Every row is checked first; one bad row refuses the whole import (the server is started
    again, unchanged). A database holding any node is refused (use `upg import`).
    """
    settings = load_settings()
    if settings.uri_is_external:
        raise CommandError(
            f"UPG_NEO4J_URI is set ({settings.neo4j_uri}): a bulk import needs the local Neo4j "
            "upg manages (it stops and restarts it); use `upg import` for another Neo4j"
        )
    local = LocalNeo4j(settings, progress=click.echo)
    click.echo("Stopping the local Neo4j for the import; it is started again afterwards.")

    def held() -> int:
        return run(lambda upg: held_nodes(upg.driver, upg.database), local.settings)

    def apply() -> list[str]:
        return run(lambda upg: adopt(upg.driver, upg.database), local.settings)

    report = bulk_import(local, directory, held, apply)
    counts = ", ".join(f"{count:,} {name}" for name, count in report.counts.items())
    phases = ", ".join(f"{name} {secs:.1f} s" for name, secs in report.seconds.items())
    click.echo(f"Imported {counts}.")
    click.echo(f"Migrations recorded: {len(report.migrations)}. Timings: {phases}.")
    click.echo(
        f"{report.entities:,} entities in {report.total_s:.1f} s: {report.rate:,.0f} entities/s."
    )
