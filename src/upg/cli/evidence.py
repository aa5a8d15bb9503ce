"""`upg evidence`: import observed accounts and compute evidence for VALIDATES edges."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from upg.bootstrap import Upg, run
from upg.cli.errors import CommandError, ThresholdCrossed, UpgGroup
from upg.services import accounts as account_service
from upg.services import evidence
from upg.services.analytics_events import SOURCES
from upg.services.analytics_import import EventSummary, import_events, load_mapping
from upg.services.evidence import EvidenceReport, ImportSummary

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.group("evidence", cls=UpgGroup)
def evidence_group() -> None:
    """Observed accounts, and whether milestones predict the outcomes they claim."""


@evidence_group.command("import")
@click.argument("accounts", type=_FILE, required=False)
@click.argument("reached", type=_FILE, required=False)
@click.argument("achieved", type=_FILE, required=False)
@click.option(
    "--rejects",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write every rejected row (file, line, reason) to this CSV.",
)
@click.option(
    "--events",
    type=_FILE,
    help="Product-analytics events (Segment, Amplitude, Mixpanel JSON lines, or CSV).",
)
@click.option("--mapping", type=_FILE, help="TOML mapping of events to milestones and outcomes.")
@click.option(
    "--source", type=click.Choice(SOURCES), help="The events' format (default: the mapping's)."
)
def import_command(
    accounts: Path | None,
    reached: Path | None,
    achieved: Path | None,
    rejects: Path | None,
    events: Path | None,
    mapping: Path | None,
    source: str | None,
) -> None:
    """Import [ACCOUNTS [REACHED [ACHIEVED]]] from CSV (with a header) or JSON lines (.jsonl),
    and/or product-analytics --events mapped by a TOML --mapping (docs/import-export.md).

    \b
    accounts: id, name, signed_up_at, products (product ids separated by ";")
    reached:  account_id, milestone_id, at
    achieved: account_id, outcome_id, at

    Good rows are written in batches of 5,000 (one transaction each); bad rows (unknown ids,
    bad dates) are reported with their line and written nowhere. A REACHED or ACHIEVED edge
    keeps the first time, every distinct time and their count: re-importing changes nothing.
    Exit 0 when every row was accepted, 1 when some were rejected, 2 on errors.
    """
    if accounts is None and events is None:
        raise CommandError("give ACCOUNTS [REACHED [ACHIEVED]] files, --events, or both")
    if (events is None) != (mapping is None):
        raise CommandError("--events and --mapping go together")
    event_map = None if mapping is None else load_mapping(mapping)
    console = Console(stderr=True)
    started = datetime.now()

    async def work(upg: Upg) -> ImportSummary:
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("importing")

            def progress(kind: str, done: int) -> None:
                bar.update(task, description=f"{kind}: {done:,} rows")

            summary = ImportSummary()
            if accounts is not None:
                summary = await evidence.import_files(
                    upg.evidence, accounts, reached, achieved, progress
                )
            if events is not None and event_map is not None:
                found = await import_events(
                    upg.evidence,
                    events,
                    event_map,
                    source,
                    lambda done: bar.update(task, description=f"events: {done:,} read"),
                )
                _echo_events(events, found)
                summary.rejected.extend(found.rejected)
            # The new facts move routes: keep every account's route marks up to date.
            bar.update(task, description="route marks")
            await account_service.refresh(upg.accounts, upg.journey_policy)
            return summary

    summary = run(work)
    seconds = (datetime.now() - started).total_seconds()
    total = sum(summary.accepted.values())
    parts = ", ".join(f"{count:,} {kind}" for kind, count in summary.accepted.items())
    if accounts is not None:
        rate = total / max(seconds, 1e-9)
        click.echo(f"Imported {parts} in {seconds:.1f} s ({rate:,.0f} rows/s).")
    if summary.rejected:
        click.echo(f"Rejected {len(summary.rejected):,} rows:", err=True)
        for row in summary.rejected[:20]:
            click.echo(f"  {row.file}:{row.line}: {row.reason}", err=True)
        if len(summary.rejected) > 20:
            click.echo(
                f"  ... and {len(summary.rejected) - 20:,} more (--rejects FILE lists all)",
                err=True,
            )
        if rejects is not None:
            with rejects.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(["file", "line", "reason"])
                writer.writerows((r.file, r.line, r.reason) for r in summary.rejected)
        raise ThresholdCrossed(f"{len(summary.rejected):,} rows rejected")


def _echo_events(path: Path, found: EventSummary) -> None:
    click.echo(
        f"Read {found.events:,} events from {path.name} in {found.seconds:.1f} s: "
        f"{found.mapped:,} mapped, {found.skipped:,} skipped (no rule), "
        f"{len(found.rejected):,} rejected; {found.pairs['reached']:,} account-milestone and "
        f"{found.pairs['achieved']:,} account-outcome pairs merged."
    )


@evidence_group.command("compute")
@click.option("--product", "product_id", help="Only this product's milestones (id).")
@click.option(
    "--as-of", type=click.DateTime(), help="Count accounts as of this time (default: now, UTC)."
)
@click.option(
    "--dry-run", is_flag=True, help="Report without writing evidence onto VALIDATES edges."
)
def compute_command(product_id: str | None, as_of: datetime | None, dry_run: bool) -> None:
    """Compute evidence for every VALIDATES edge, store it on the edges, suggest missing ones."""
    started = datetime.now()

    async def work(upg: Upg) -> EvidenceReport:
        return await evidence.compute(
            upg.evidence,
            upg.repository,
            policy=upg.evidence_policy,
            as_of=None if as_of is None else evidence.parse_time(as_of, "as_of"),
            product_id=product_id,
            store=not dry_run,
        )

    report = run(work)
    seconds = (datetime.now() - started).total_seconds()
    claimed = [r for r in report.rows if r.claimed]
    verb = "Computed" if dry_run else "Computed and stored"
    click.echo(
        f"{verb} evidence for {len(claimed)} VALIDATES edges "
        f"({len(report.rows)} pairs tested) in {seconds:.1f} s."
    )
    for row in claimed:
        e = row.evidence
        rates = (
            "n/a"
            if e.rate_hit is None or e.rate_miss is None
            else f"{e.rate_hit:.1%} vs {e.rate_miss:.1%}"
        )
        click.echo(
            f"  {e.verdict.value:9}  {_title(row.milestone)} -> {_title(row.outcome)}"
            f"  ({rates}, n={e.table.n})"
        )
    for row in report.suggested:
        click.echo(
            f"  SUGGESTED  {_title(row.milestone)} -> {_title(row.outcome)}"
            "  (strong evidence, no VALIDATES edge)"
        )


def _title(node: object) -> str:
    return str(getattr(node, "title", "?"))
