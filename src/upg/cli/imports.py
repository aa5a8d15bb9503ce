"""`upg import` and `upg export`: the graph in and out as files (docs/import-export.md)."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from upg.bootstrap import Upg, run
from upg.cli.errors import ThresholdCrossed
from upg.services import accounts, exporter, importer
from upg.services.import_layout import FORMATS
from upg.services.importer import ImportPlan, ImportSummary, Rejected

_SHOWN = 20


def _bar(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )


def _write_rejects(path: Path, rejected: list[Rejected]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "line", "field", "reason"])
        writer.writerows((r.file, r.line, r.field, r.reason) for r in rejected)


def _report(files: ImportPlan, summary: ImportSummary, dry_run: bool) -> None:
    rate = summary.rows / max(summary.seconds, 1e-9)
    accepted = sum(summary.accepted.values())
    head = (
        f"{'Checked' if dry_run else 'Imported'} {summary.rows:,} rows from "
        f"{len(files.files)} files in {summary.seconds:.1f} s ({rate:,.0f} rows/s): "
        f"{accepted:,} accepted"
    )
    if dry_run:
        click.echo(f"{head}, nothing written (--dry-run).")
    else:
        click.echo(f"{head}; {summary.created:,} created, {summary.updated:,} updated.")
    for name, count in summary.accepted.items():
        click.echo(f"  {name}: {count:,}")


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row, write nothing.")
@click.option(
    "--rejects",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write every rejected row (file, line, field, reason) to this CSV.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Read only files of this format (default: .csv and .jsonl by their suffix).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 100_000),
    default=importer.BATCH,
    show_default=True,
    help="Rows per transaction.",
)
def import_command(
    paths: tuple[Path, ...], dry_run: bool, rejects: Path | None, fmt: str | None, batch_size: int
) -> None:
    """Import nodes and edges from DIR or FILES (products.csv, milestones.csv, contains.csv...).

    The layout is in docs/import-export.md. Ids may be UUIDs or your own keys. Every row is
    checked by the API's rules first; bad rows are reported with file, line, field and reason
    and written nowhere. Good rows are written in batches, one transaction each; importing the
    same files again changes nothing. Exit 0: all rows imported; 1: some rejected; 2: usage
    error (unknown file or column: nothing is written).
    """
    files = importer.plan(list(paths), fmt)
    console = Console(stderr=True)
    for path in files.ignored:
        console.print(f"ignored {path.name}: not a file of the layout", highlight=False)

    async def work(upg: Upg) -> ImportSummary:
        with _bar(console) as bar:
            task = bar.add_task("checking" if dry_run else "importing", total=files.rows)
            summary = await importer.import_plan(
                upg.graph_import,
                files,
                dry_run=dry_run,
                batch=batch_size,
                progress=lambda done: bar.advance(task, done),
            )
            if summary.accounts and not dry_run:
                # Routes follow the accounts' facts and desires: keep their marks current.
                marks = bar.add_task("route marks", total=len(summary.accounts))
                await accounts.refresh(
                    upg.accounts,
                    upg.journey_policy,
                    sorted(summary.accounts),
                    progress=lambda done: bar.update(marks, completed=done),
                )
            return summary

    summary = run(work)
    _report(files, summary, dry_run)
    if rejects is not None:
        _write_rejects(rejects, summary.rejected)
    if summary.rejected:
        click.echo(f"Rejected {len(summary.rejected):,} rows:", err=True)
        for row in summary.rejected[:_SHOWN]:
            click.echo(f"  {row.file}:{row.line}: {row.field}: {row.reason}", err=True)
        if len(summary.rejected) > _SHOWN:
            more = len(summary.rejected) - _SHOWN
            click.echo(f"  ... and {more:,} more (--rejects FILE lists all)", err=True)
        raise ThresholdCrossed(f"{len(summary.rejected):,} rows rejected")


@click.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
def export_command(folder: Path, fmt: str) -> None:
    """Write the graph into FOLDER as layout files that `upg import` reads back."""
    console = Console(stderr=True)

    async def work(upg: Upg) -> dict[str, int]:
        with _bar(console) as bar:
            task = bar.add_task("exporting", total=None)
            return await exporter.export(
                upg.graph_export, folder, fmt, progress=lambda done: bar.advance(task, done)
            )

    began = time.monotonic()
    counts = run(work)
    seconds = time.monotonic() - began
    total = sum(counts.values())
    click.echo(
        f"Exported {total:,} rows into {folder} in {seconds:.1f} s "
        f"({total / max(seconds, 1e-9):,.0f} rows/s):"
    )
    for name, count in counts.items():
        click.echo(f"  {name}: {count:,}")
