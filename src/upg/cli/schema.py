"""`upg schema export`: write the live GraphQL schema (SDL) to graphql/schema.graphql."""

from __future__ import annotations

from pathlib import Path

import click

from upg.cli.errors import ThresholdCrossed, UpgGroup

DEFAULT_PATH = Path("graphql") / "schema.graphql"


@click.group(cls=UpgGroup)
def schema() -> None:
    """The GraphQL schema (SDL), generated from the code and never edited by hand."""


@schema.command("export")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_PATH,
    show_default=True,
    help="Where the SDL goes.",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the file differs.")
def export(output: Path, check: bool) -> None:
    """Write the SDL (or, with --check, fail when the file is out of date)."""
    from upg.api.schema import sdl

    text = sdl()
    if check:
        current = output.read_text(encoding="utf-8") if output.is_file() else None
        if current != text:
            raise ThresholdCrossed(
                f"{output} differs from the live schema: run `upg schema export`."
            )
        click.echo(f"{output} is up to date.")
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {output}.")
