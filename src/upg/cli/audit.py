"""`upg audit`: the audits for scripts and pipelines, and the HTML report.

Each command reads from Neo4j (the same UPG_NEO4J_* settings as the API) or, with `--api URL`,
from a running upg GraphQL API; both sources map into the model's audit objects, so they print
the same bytes. Field names, formats and exit codes are documented in docs/audit-cli.md. The
sources, the snapshot and the thresholds live in `upg.audit`; this module is the command line.
"""

from __future__ import annotations

import asyncio
import functools
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from upg.audit import thresholds
from upg.audit.read_charts import read_charts
from upg.audit.snapshot import snapshot
from upg.audit.source import AuditSource, resolve_optional
from upg.cli import listings, output, streaming
from upg.cli.audit_sources import api_source, neo4j_source
from upg.cli.errors import CommandError, ThresholdCrossed, UpgGroup
from upg.errors import UpgError
from upg.model.audit import MilestoneAuditEntry, MilestoneClass, ScoreAudit
from upg.report import html as html_report
from upg.services import evidence as evidence_service
from upg.services.evidence import EvidenceRow

T = TypeVar("T")

SourceOpener = Callable[[], AbstractAsyncContextManager[AuditSource]]


# Command plumbing ---------------------------------------------------------------------------


AuditError = CommandError


def _opener(ctx: click.Context, api: str | None, token: str | None) -> SourceOpener:
    given = ctx.get_parameter_source("token") is click.core.ParameterSource.COMMANDLINE
    if token and given and not api:
        raise AuditError("--token is only used with --api URL")
    if isinstance(ctx.obj, dict) and "source" in ctx.obj:
        opener: SourceOpener = ctx.obj["source"]  # tests plug a fake source in here
        return opener
    if api:
        return lambda: api_source(api, token)
    return neo4j_source


def _run(opener: SourceOpener, work: Callable[[AuditSource], Awaitable[T]]) -> T:
    async def main() -> T:
        async with opener() as source:
            return await work(source)

    try:
        return asyncio.run(main())
    except UpgError as exc:
        raise AuditError(exc.message) from None


def _emit(listing: listings.Listing, fmt: str | None, output_file: str | None, noun: str) -> None:
    chosen = output.pick_format(fmt, output_file)
    if chosen == "table" and output_file in (None, "-"):
        output.print_table(listing, sys.stdout)
        return
    _write(output.render(listing, chosen), output_file, f"{len(listing.rows)} {noun}", chosen)


def _write(text: str, target: str | None, what: str, detail: str) -> None:
    """The one place `upg audit` writes its output: stdout, or a file and a line on stderr."""
    if target is None or target == "-":
        click.echo(text, nl=False)
        return
    path = Path(target)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise AuditError(f"cannot write {path}: {exc.strerror or exc}") from None
    click.echo(f"upg: wrote {what} to {path} ({detail})", err=True)


def _check(reason: str | None) -> None:
    """Exit 1 with the reason on stderr when a threshold failed."""
    if reason is not None:
        _fail(reason)


def _fail(message: str) -> NoReturn:
    raise ThresholdCrossed(output.visible(message))


EPILOG = (
    "Exit codes: 0 ran; 1 a threshold was crossed (--fail-on-vanity, --max-vanity-share, "
    "--fail-on-refuted, --fail-below-auc); "
    "2 usage or connection error (one line on stderr). Field names: docs/audit-cli.md."
)


@click.group(cls=UpgGroup, epilog=EPILOG)
def audit() -> None:
    """Audits of the graph: vanity milestones, health scores, success gaps, milestone classes,
    evidence, backtests of health scores.

    Reads Neo4j with the UPG_NEO4J_* settings, or a running upg API with --api URL; both give
    identical output. JSON output is an object holding the rows under a key named after the
    audit, plus "count"; ndjson is one row object a line; csv has one header line.
    """


FORMAT_HELP = (
    "Output format. Default: table when stdout is a terminal, json otherwise "
    "(pipes, files, --output)."
)

SOURCE_OPTIONS: tuple[Callable[[Any], Any], ...] = (
    click.option(
        "--api",
        metavar="URL",
        help="Read from a running upg API (e.g. http://localhost:8000) instead of Neo4j.",
    ),
    click.option(
        "--token",
        metavar="TOKEN",
        envvar="UPG_TOKEN",
        show_envvar=True,
        help="API key or JWT sent to the API (Authorization: Bearer TOKEN); only with --api.",
    ),
)
OUTPUT_OPTIONS: tuple[Callable[[Any], Any], ...] = (
    click.option("--format", "-f", "fmt", type=click.Choice(output.FORMATS), help=FORMAT_HELP),
    click.option(
        "--output",
        "-o",
        "output_file",
        metavar="FILE",
        help="Write to FILE instead of stdout ('-' is stdout).",
    ),
)
PRODUCT = click.option("--product", metavar="ID|TITLE", help="Only this product's milestones.")


@dataclass(frozen=True)
class Invocation:
    """What every audit command is given: where it reads, and how and where it prints."""

    opener: SourceOpener
    fmt: str | None = None
    output_file: str | None = None

    def read(self, work: Callable[[AuditSource], Awaitable[T]]) -> T:
        return _run(self.opener, work)

    def emit(self, listing: listings.Listing, noun: str) -> None:
        _emit(listing, self.fmt, self.output_file, noun)

    async def stream(
        self,
        items: AsyncIterator[T],
        to_row: Callable[[T], listings.Row],
        shape: listings.Listing,
        noun: str,
    ) -> int:
        """Print the items' rows as they come (constant memory at any size); how many."""
        chosen = output.pick_format(self.fmt, self.output_file)
        target = streaming.Target(self.output_file, AuditError)
        return await streaming.write_to(items, to_row, shape, chosen, target, noun)


async def _seen(items: AsyncIterator[T], see: Callable[[T], None]) -> AsyncIterator[T]:
    """The items, each shown to `see` on its way (a threshold counting what streams past)."""
    async for item in items:
        see(item)
        yield item


Option = Callable[[Callable[..., Any]], Callable[..., Any]]


def audit_command(*options: Option, prints: bool = True) -> Callable[[Callable[..., None]], Any]:
    """`@audit.command()` with OPTIONS, then --format/--output (when it `prints` a listing) and
    --api/--token; the function gets an `Invocation` first, then its own options."""

    def make(body: Callable[..., None]) -> click.Command:
        @functools.wraps(body)
        def command(
            ctx: click.Context,
            api: str | None,
            token: str | None,
            fmt: str | None = None,
            output_file: str | None = None,
            **given: Any,
        ) -> None:
            body(Invocation(_opener(ctx, api, token), fmt, output_file), **given)

        decorated: Callable[..., Any] = click.pass_context(command)
        shared = (*options, *(OUTPUT_OPTIONS if prints else ()), *SOURCE_OPTIONS)
        for option in reversed(shared):
            decorated = option(decorated)
        return audit.command()(decorated)

    return make


@audit_command(
    PRODUCT,
    click.option("--score", metavar="ID|TITLE", help="Only milestones this health score counts."),
    click.option("--tag", metavar="TAG", help="Only milestones with this tag."),
    click.option(
        "--fail-on-vanity", is_flag=True, help="Exit 1 when any vanity milestone is listed."
    ),
)
def vanity(
    run: Invocation, product: str | None, score: str | None, tag: str | None, fail_on_vanity: bool
) -> None:
    """Vanity milestones: they feed a health score but validate no outcome.

    \b
    JSON: {"vanity_milestones": [row...], "count": N}, a row being
      {id, title, milestone_type, status, tags: [str],
       products: [{id, title}], scores: [{id, title, weight}], weight}
    weight: the milestone's weight summed over every score that counts it.
    """

    async def work(source: AuditSource) -> int:
        product_id = await resolve_optional(source, "PRODUCT", product)
        score_id = await resolve_optional(source, "CUSTOMER_HEALTH_SCORE", score)
        rows = source.vanity_stream(product_id, score_id, tag)
        shape = listings.vanity_listing(())
        return await run.stream(rows, listings.vanity_row, shape, "vanity milestones")

    count = run.read(work)
    if fail_on_vanity:
        _check(thresholds.vanity_found(count))


@audit_command(
    click.option(
        "--max-vanity-share",
        type=click.FloatRange(0.0, 1.0),
        metavar="SHARE",
        help="Exit 1 when a score's vanity share (0..1) is above SHARE, e.g. 0.2.",
    )
)
def scores(run: Invocation, max_vanity_share: float | None) -> None:
    """Every health score with its total weight, vanity weight and vanity share.

    \b
    JSON: {"health_scores": [row...], "count": N}, a row being
      {id, title, total_weight, vanity_weight, vanity_share,
       vanity_milestones: [{id, title, weight}]}
    vanity_share = vanity_weight / total_weight, from 0 to 1 (0 for an empty score).
    """
    over: list[ScoreAudit] = []

    def see(audit: ScoreAudit) -> None:
        if max_vanity_share is not None and audit.vanity_share > max_vanity_share:
            over.append(audit)

    shape = listings.score_listing((), max_vanity_share)
    run.read(
        lambda source: run.stream(
            _seen(source.score_stream(), see), listings.score_row, shape, "health scores"
        )
    )
    if max_vanity_share is not None:
        _check(thresholds.scores_over(over, max_vanity_share))


@audit_command()
def outcomes(run: Invocation) -> None:
    """Unmeasured outcomes: outcomes no milestone validates (success gaps).

    \b
    JSON: {"unmeasured_outcomes": [row...], "count": N}, a row being
      {id, title, status, tags: [str]}
    """
    found = run.read(lambda source: source.unmeasured_outcomes())
    run.emit(listings.outcome_listing(found), "unmeasured outcomes")


@audit_command(
    PRODUCT,
    click.option("--fail-on-vanity", is_flag=True, help="Exit 1 when any milestone is VANITY."),
)
def milestones(run: Invocation, product: str | None, fail_on_vanity: bool) -> None:
    """Every milestone with its class: VALIDATED, VANITY, UNTRACKED or ORPHAN.

    \b
    VALIDATED  feeds a health score and validates an outcome
    VANITY     feeds a health score but validates no outcome
    UNTRACKED  validates an outcome but no score counts it
    ORPHAN     neither
    JSON: {"milestones": [row...], "count": N}, a row being
      {id, title, classification, milestone_type, status, tags: [str],
       products: [{id, title}], scores: [{id, title, weight}], outcomes: [{id, title}]}
    """

    vanity = [0]

    def see(entry: MilestoneAuditEntry) -> None:
        vanity[0] += entry.classification is MilestoneClass.VANITY

    async def work(source: AuditSource) -> int:
        entries = source.milestone_stream(await resolve_optional(source, "PRODUCT", product))
        shape = listings.milestone_listing(())
        return await run.stream(_seen(entries, see), listings.milestone_row, shape, "milestones")

    run.read(work)
    if fail_on_vanity:
        _check(thresholds.vanity_found(vanity[0]))


@audit_command(
    PRODUCT,
    click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(),
        metavar="DATE",
        help="Count accounts as of this date or time (UTC; default: now).",
    ),
    click.option(
        "--fail-on-refuted",
        is_flag=True,
        help="Exit 1 when the evidence refutes a VALIDATES edge (vanity by evidence).",
    ),
)
def evidence(
    run: Invocation, product: str | None, as_of: datetime | None, fail_on_refuted: bool
) -> None:
    """Evidence: does reaching each milestone predict the outcome it claims to validate?

    Computed now from the accounts in the graph (`upg evidence import`), for every VALIDATES
    edge and every observed pair; nothing is stored (`upg evidence compute` stores it).

    \b
    JSON: {"evidence": [row...], "suggested": [row...], "vanity_by_evidence": [row...],
           "as_of": "...", "count": N}, a row being
      {milestone_id, milestone, outcome_id, outcome, claimed, verdict, n, rate_hit,
       rate_miss, risk_difference, odds_ratio, adjusted_p, phi, strength}
    verdict: VALIDATED, REFUTED or UNPROVEN. suggested: VALIDATED pairs no edge claims;
    vanity_by_evidence: claimed pairs the data refute.
    """
    moment = evidence_service.parse_time(as_of or datetime.now(UTC).replace(microsecond=0), "as_of")

    async def work(source: AuditSource) -> list[EvidenceRow]:
        product_id = await resolve_optional(source, "PRODUCT", product)
        return await source.evidence_report(product_id, moment)

    rows = run.read(work)
    run.emit(listings.evidence_listing(rows, moment), "evidence pairs")
    if fail_on_refuted:
        _check(thresholds.refuted_claims(rows))


@audit_command(
    click.option(
        "--html",
        "html_file",
        required=True,
        metavar="FILE",
        help="Where to write the report ('-' for stdout).",
    ),
    click.option("--title", default="upg audit report", show_default=True, help="Page title."),
    click.option("--fail-on-vanity", is_flag=True, help="Exit 1 when the report shows vanity."),
    prints=False,
)
def report(run: Invocation, html_file: str, title: str, fail_on_vanity: bool) -> None:
    """A self-contained HTML report: a picture per product, the scores, the success gaps, and
    each score's backtest (ROC curve, calibration) and activation trends.

    Product -> milestones -> outcomes and scores, vanity milestones in red. The page holds its
    CSS and SVG inline and fetches nothing, so it can be mailed or archived as a CI artefact.
    """
    moment = datetime.now(UTC).replace(microsecond=0)  # one moment for both sources
    found = run.read(snapshot)
    charts = run.read(lambda source: read_charts(source, moment))
    counts = f"{len(found.products)} products, {len(found.vanity)} vanity milestones"
    page = html_report.render(found, title=title, charts=charts)
    _write(page, html_file, "the report", counts)
    if fail_on_vanity:
        _check(thresholds.vanity_found(len(found.vanity)))


# Registered last: it reuses this module's writer, checks and output options.
from upg.cli.audit_backtest import backtest as _backtest  # noqa: E402

audit.add_command(_backtest)
