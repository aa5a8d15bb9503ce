"""`upg evidence`: import observed accounts and compute evidence for VALIDATES edges."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from upg.bootstrap import Upg, run
from upg.cli.errors import ThresholdCrossed, UpgGroup
from upg.services import accounts as account_service
from upg.services import evidence
from upg.services.evidence import EvidenceReport, ImportSummary

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.group("evidence", cls=UpgGroup)
def evidence_group() -> None:
    """Observed accounts, and whether milestones predict the outcomes they claim."""


@evidence_group.command("import")
@click.argument("accounts", type=_FILE)
@click.argument("reached", type=_FILE, required=False)
@click.argument("achieved", type=_FILE, required=False)
@click.option(
    "--rejects",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write every rejected row (file, line, reason) to this CSV.",
)
def import_command(
    accounts: Path, reached: Path | None, achieved: Path | None, rejects: Path | None
) -> None:
    """Import ACCOUNTS [REACHED [ACHIEVED]] from CSV (with a header) or JSON lines (.jsonl).

    \b
    accounts: id, name, signed_up_at, products (product ids separated by ";")
    reached:  account_id, milestone_id, at
    achieved: account_id, outcome_id, at

    Good rows are written in batches of 5,000 (one transaction each); bad rows (unknown ids,
    bad dates) are reported with their line and written nowhere. Re-importing changes nothing.
    Exit 0 when every row was accepted, 1 when some were rejected, 2 on errors.
    """
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

            summary = await evidence.import_files(
                upg.evidence, accounts, reached, achieved, progress
            )
            # The new facts move routes: keep every account's route marks up to date.
            bar.update(task, description="route marks")
            await account_service.refresh(upg.accounts, upg.journey_policy)
            return summary

    summary = run(work)
    seconds = (datetime.now() - started).total_seconds()
    total = sum(summary.accepted.values())
    parts = ", ".join(f"{count:,} {kind}" for kind, count in summary.accepted.items())
    click.echo(f"Imported {parts} in {seconds:.1f} s ({total / max(seconds, 1e-9):,.0f} rows/s).")
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
