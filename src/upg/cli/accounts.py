"""`upg accounts`: where each customer stands on the road to its desired outcomes.

`list` and `show` print through the audit CLI's writer (`upg.cli.output`: table, json, csv,
ndjson) with its exit codes (0 ran, 2 usage or connection error); `refresh` recomputes the
route marks kept on accounts (what `--status` filters by); `import-desires` reads a desires file.
"""

from __future__ import annotations

import csv
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from upg.bootstrap import Upg, run
from upg.cli import output
from upg.cli.account_rows import account_row, accounts_listing, route_listing
from upg.cli.errors import CommandError, ThresholdCrossed, UpgGroup
from upg.model.account_query import AccountFilter, HealthBand, HealthFilter
from upg.model.journey import Play, RouteStatus
from upg.services import accounts as service
from upg.services.accounts import AccountView, DesireImport
from upg.services.evidence import parse_time
from upg.services.nodes import MAX_PAGE, parse_id

_STATUS = {s.value.lower().replace("_", "-"): s for s in RouteStatus}


@click.group("accounts", cls=UpgGroup)
def accounts() -> None:
    """Accounts on their journey: routes, statuses, desired outcomes."""


def _moment(as_of: datetime | None) -> datetime:
    return service.now_utc() if as_of is None else parse_time(as_of, "as_of")


def _emit(rows: Any, fmt: str | None, output_file: str | None) -> None:
    chosen = output.pick_format(fmt, output_file)
    if chosen == "table" and output_file in (None, "-"):
        output.print_table(rows, sys.stdout)
        return
    text = output.render(rows, chosen)
    if output_file in (None, "-"):
        click.echo(text, nl=False)
        return
    path = Path(str(output_file))
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
    click.echo(f"upg: wrote {len(rows.rows)} rows to {path} ({chosen})", err=True)


FORMAT = click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(output.FORMATS),
    help="table at a terminal, json otherwise (pipes, files, --output).",
)
OUTPUT = click.option("--output", "-o", "output_file", help="Write to this file ('-': stdout).")
AS_OF = click.option(
    "--as-of", type=click.DateTime(), help="See routes as of this time (default: now, UTC)."
)


@accounts.command("list")
@click.option("--status", type=click.Choice(sorted(_STATUS)), help="Route status (kept marks).")
@click.option("--product", "product_id", help="Accounts using this product (id).")
@click.option(
    "--play", type=click.Choice([p.value for p in Play]), help="Reached such a milestone."
)
@click.option("--within", type=click.IntRange(1, 3650), help="... in the last this many days.")
@click.option("--signed-up-from", type=click.DateTime(), help="Signed up at or after.")
@click.option("--signed-up-before", type=click.DateTime(), help="Signed up before.")
@click.option("--score", "score_id", help="Health score (id) of --band / --min / --max.")
@click.option(
    "--band",
    type=click.Choice([b.value.lower() for b in HealthBand]),
    help="Its value now: low < 40 <= medium < 70 <= high.",
)
@click.option("--min", "score_min", type=click.FloatRange(0, 100), help="Its value at least.")
@click.option("--max", "score_max", type=click.FloatRange(0, 100), help="Its value at most.")
@click.option("--oldest-first", is_flag=True, help="Oldest sign-up first (default: newest).")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@AS_OF
@FORMAT
@OUTPUT
def list_command(
    status: str | None,
    product_id: str | None,
    play: str | None,
    within: int | None,
    signed_up_from: datetime | None,
    signed_up_before: datetime | None,
    score_id: str | None,
    band: str | None,
    score_min: float | None,
    score_max: float | None,
    oldest_first: bool,
    limit: int,
    as_of: datetime | None,
    fmt: str | None,
    output_file: str | None,
) -> None:
    """List accounts with their route status, next milestone and suggested next step.

    \b
    Rows: {id, name, signed_up_at, status, products: [id], routes,
           next_milestone: {id, title, due_at} | null, suggested_next: {id, title} | null}
    Exit codes: 0 ran; 2 usage or connection error.
    """
    moment = _moment(as_of)
    where = AccountFilter(
        product_id=parse_id(product_id, "product") if product_id else None,
        status=_STATUS[status] if status else None,
        signed_up_from=parse_time(signed_up_from, "signed_up_from") if signed_up_from else None,
        signed_up_before=(
            parse_time(signed_up_before, "signed_up_before") if signed_up_before else None
        ),
        play=Play(play) if play else None,
        reached_within_days=within,
        health=_health(score_id, band, score_min, score_max),
    )

    async def work(upg: Upg) -> list[AccountView]:
        found: list[AccountView] = []
        while len(found) < limit:
            page = await service.list_accounts(
                upg.accounts,
                where,
                newest_first=not oldest_first,
                first=min(MAX_PAGE, limit - len(found)),
                skip=len(found),
                now=moment,
                policy=upg.journey_policy,
            )
            found.extend(page.items)
            if not page.has_next:
                break
        return found

    views = run(work)
    _emit(accounts_listing([account_row(v) for v in views]), fmt, output_file)


def _health(
    score_id: str | None, band: str | None, low: float | None, high: float | None
) -> HealthFilter | None:
    if score_id is None:
        if band is not None or low is not None or high is not None:
            raise click.UsageError("--band, --min and --max need --score")
        return None
    return HealthFilter(
        score_id=parse_id(score_id, "score"),
        band=HealthBand(band.upper()) if band else None,
        min=low,
        max=high,
    )


@accounts.command("show")
@click.argument("account_id")
@AS_OF
@FORMAT
@OUTPUT
def show_command(
    account_id: str, as_of: datetime | None, fmt: str | None, output_file: str | None
) -> None:
    """Show one account's routes, one row per milestone on each route.

    \b
    Rows: {outcome: {id, title}, route_status, since, step, milestone: {id, title},
           state (REACHED/DUE/OVERDUE), due_at, reached_at, play, next, suggested}
    Exit codes: 0 ran; 2 no such account, usage or connection error.
    """
    moment = _moment(as_of)

    async def work(upg: Upg) -> tuple[AccountView | None, dict[str, str]]:
        view = await service.get_account(upg.accounts, account_id, moment, upg.journey_policy)
        if view is None:
            return None, {}
        nodes = await upg.repository.get_nodes(sorted({r.outcome_id for r in view.routes}))
        return view, {node_id: node.title for node_id, node in nodes.items()}

    view, titles = run(work)
    if view is None:
        raise CommandError(f"no account with id {account_id}")
    _emit(route_listing(view, titles), fmt, output_file)


@accounts.command("refresh")
def refresh_command() -> None:
    """Recompute the route marks kept on every account (what --status filters by).

    Run it after changing milestones' windows, target dates or validations; imports,
    desired-outcome changes and `upg demo cohort` keep the marks of the accounts they touch.
    """

    def progress(done: int) -> None:
        click.echo(f"\r{done:,} accounts", nl=False, err=True)

    count = run(lambda upg: service.refresh(upg.accounts, upg.journey_policy, progress=progress))
    click.echo("", err=True)
    click.echo(f"Route marks kept on {count:,} accounts.")


@accounts.command("import-desires")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--rejects",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write every rejected row (file, line, reason) to this CSV.",
)
def import_desires_command(path: Path, rejects: Path | None) -> None:
    """Import desired outcomes from CSV (with a header) or JSON lines: account_id, outcome_id,
    since. A pair imported again keeps its first `since`. Exit 0 when every row was accepted,
    1 when some were rejected, 2 on errors."""
    summary: DesireImport = run(
        lambda upg: service.import_desires(upg.accounts, upg.evidence, path, upg.journey_policy)
    )
    rejected = summary.rejected or []
    click.echo(f"Imported {summary.accepted:,} desired outcomes.")
    if rejected:
        for row in rejected[:20]:
            click.echo(f"  {row.file}:{row.line}: {row.reason}", err=True)
        if rejects is not None:
            with rejects.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(["file", "line", "reason"])
                writer.writerows((r.file, r.line, r.reason) for r in rejected)
        raise ThresholdCrossed(f"{len(rejected):,} rows rejected")
