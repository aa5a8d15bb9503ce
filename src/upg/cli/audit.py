"""`upg audit`: the audits for scripts and pipelines, and the HTML report.

Each command reads from Neo4j (the same UPG_NEO4J_* settings as the API) or, with `--api URL`,
from a running upg GraphQL API; both sources map into the model's audit objects, so they print
the same bytes. Field names, formats and exit codes are documented in docs/audit-cli.md.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn, Protocol, TypeVar
from uuid import UUID

import click

from upg.bootstrap import bootstrap
from upg.cli import output
from upg.cli.api_source import ApiSource
from upg.cli.errors import CommandError, ThresholdCrossed, UpgGroup
from upg.errors import Invalid, NotFound, Unavailable, UpgError
from upg.model.audit import MilestoneAuditEntry, MilestoneClass, Ref, ScoreAudit, VanityMilestone
from upg.model.evidence import EvidencePolicy, StoredEvidence
from upg.model.nodes import Node
from upg.model.query import NodeFilter
from upg.report import AuditSnapshot
from upg.report import html as html_report
from upg.services import audits
from upg.services import evidence as evidence_service
from upg.services.evidence import EvidenceRow
from upg.services.nodes import MAX_PAGE, get_node, list_nodes
from upg.services.ports import EvidenceStore, Repository

T = TypeVar("T")

KIND_NAMES = {"PRODUCT": "product", "CUSTOMER_HEALTH_SCORE": "health score"}


class AuditSource(Protocol):
    """What the audit commands read; Neo4j (GraphSource) and the API (ApiSource) both answer."""

    async def find_by_id(self, node_id: str) -> tuple[str, Ref] | None: ...
    async def find_by_title(self, type_key: str, text: str) -> list[Ref]: ...
    async def products(self) -> list[Ref]: ...
    async def vanity_milestones(
        self, product_id: str | None, health_score_id: str | None, tag: str | None
    ) -> list[VanityMilestone]: ...
    async def health_score_audits(self) -> list[ScoreAudit]: ...
    async def unmeasured_outcomes(self) -> list[Node]: ...
    async def milestone_audit(self, product_id: str | None) -> list[MilestoneAuditEntry]: ...
    async def evidence_report(self, product_id: str | None, as_of: datetime) -> list[EvidenceRow]:
        """Evidence computed now for every claimed and observed pair (nothing is stored)."""
        ...

    async def stored_evidence(
        self, milestone_ids: Sequence[str]
    ) -> dict[str, tuple[StoredEvidence, ...]]:
        """The evidence stored on the milestones' VALIDATES edges."""
        ...


class GraphSource:
    """The audits read straight from Neo4j through the service layer.

    Without an evidence repository (the in-memory tests) no evidence is stored, and computing
    it is an error.
    """

    def __init__(
        self,
        repo: Repository,
        evidence: EvidenceStore | None = None,
        policy: EvidencePolicy | None = None,
    ) -> None:
        self._repo = repo
        self._evidence = evidence
        self._policy = policy

    async def find_by_id(self, node_id: str) -> tuple[str, Ref] | None:
        try:
            node = await get_node(self._repo, node_id)
        except NotFound:
            return None
        return node.type, Ref(node.id, node.title)

    async def find_by_title(self, type_key: str, text: str) -> list[Ref]:
        return await self._all(type_key, NodeFilter(title_contains=text))

    async def products(self) -> list[Ref]:
        return await self._all("PRODUCT", NodeFilter())

    async def _all(self, type_key: str, where: NodeFilter) -> list[Ref]:
        found: list[Ref] = []
        while True:
            page = await list_nodes(self._repo, type_key, where, [], MAX_PAGE, len(found))
            found += [Ref(node.id, node.title) for node in page.items]
            if not page.has_next or not page.items:
                return found

    async def vanity_milestones(
        self, product_id: str | None, health_score_id: str | None, tag: str | None
    ) -> list[VanityMilestone]:
        page = await audits.vanity_milestones(
            self._repo, product_id=product_id, health_score_id=health_score_id, tag=tag
        )
        return list(page.items)

    async def health_score_audits(self) -> list[ScoreAudit]:
        return await audits.health_score_audits(self._repo)

    async def unmeasured_outcomes(self) -> list[Node]:
        return list((await audits.unmeasured_outcomes(self._repo)).items)

    async def milestone_audit(self, product_id: str | None) -> list[MilestoneAuditEntry]:
        return await audits.milestone_audit(self._repo, product_id)

    async def evidence_report(self, product_id: str | None, as_of: datetime) -> list[EvidenceRow]:
        if self._evidence is None:
            raise UpgError("evidence is computed on Neo4j; this source has no account data")
        report = await evidence_service.compute(
            self._evidence, self._repo, policy=self._policy, as_of=as_of, product_id=product_id
        )
        return list(report.rows)

    async def stored_evidence(
        self, milestone_ids: Sequence[str]
    ) -> dict[str, tuple[StoredEvidence, ...]]:
        if self._evidence is None:
            return {}
        return await evidence_service.stored(self._evidence, milestone_ids)


SourceOpener = Callable[[], AbstractAsyncContextManager[AuditSource]]


@asynccontextmanager
async def neo4j_source() -> AsyncIterator[AuditSource]:
    """A GraphSource on a fresh driver; one line naming the URI when Neo4j cannot be reached."""
    async with bootstrap(batch=True) as upg:
        try:
            await upg.repository.ping()
        except Unavailable as exc:
            raise Unavailable(
                f"cannot reach Neo4j at {upg.settings.neo4j_uri}: {exc.message}"
            ) from None
        yield GraphSource(upg.repository, upg.evidence, upg.evidence_policy)


@asynccontextmanager
async def api_source(url: str, token: str | None) -> AsyncIterator[AuditSource]:
    async with ApiSource(url, token) as source:
        yield source


async def resolve(source: AuditSource, type_key: str, value: str) -> Ref:
    """The node `value` names: an id, or a title matched exactly (ignoring case)."""
    kind = KIND_NAMES[type_key]
    value = value.strip()
    if _is_uuid(value):
        found = await source.find_by_id(str(UUID(value)))
        if found is None or found[0] != type_key:
            raise NotFound(f"no {kind} with id {value}")
        return found[1]
    matches = [
        ref
        for ref in await source.find_by_title(type_key, value)
        if ref.title.casefold() == value.casefold()
    ]
    if not matches:
        raise NotFound(f"no {kind} titled {value!r} (pass its exact title or its id)")
    if len(matches) > 1:
        ids = ", ".join(ref.id for ref in matches)
        raise Invalid(f"{len(matches)} {kind}s are titled {value!r} ({ids}); pass the id instead")
    return matches[0]


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


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


def pick_format(fmt: str | None, output_file: str | None) -> output.Format:
    """The format asked for, else table for a person at a terminal and json for anything else."""
    if fmt is not None:
        return output.FORMAT_NAMED[fmt]
    to_terminal = output_file in (None, "-") and sys.stdout.isatty()
    return "table" if to_terminal else "json"


def _emit(listing: output.Listing, fmt: str | None, output_file: str | None, noun: str) -> None:
    chosen = pick_format(fmt, output_file)
    if output_file is None or output_file == "-":
        if chosen == "table":
            output.print_table(listing, sys.stdout)
        else:
            click.echo(output.render(listing, chosen), nl=False)
        return
    path = Path(output_file)
    try:
        path.write_text(output.render(listing, chosen), encoding="utf-8")
    except OSError as exc:
        raise AuditError(f"cannot write {path}: {exc.strerror or exc}") from None
    click.echo(f"upg: wrote {len(listing.rows)} {noun} to {path} ({chosen})", err=True)


def _fail(message: str) -> NoReturn:
    raise ThresholdCrossed(message)


FORMAT_HELP = (
    "Output format. Default: table when stdout is a terminal, json otherwise "
    "(pipes, files, --output)."
)


def source_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--api and --token: where the data comes from."""
    command = click.option(
        "--token",
        metavar="TOKEN",
        envvar="UPG_TOKEN",
        show_envvar=True,
        help="API key or JWT sent to the API (Authorization: Bearer TOKEN); only with --api.",
    )(command)
    return click.option(
        "--api",
        metavar="URL",
        help="Read from a running upg API (e.g. http://localhost:8000) instead of Neo4j.",
    )(command)


def output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--format and --output."""
    command = click.option(
        "--output",
        "-o",
        "output_file",
        metavar="FILE",
        help="Write to FILE instead of stdout ('-' is stdout).",
    )(command)
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(output.FORMATS),
        help=FORMAT_HELP,
    )(command)


EPILOG = (
    "Exit codes: 0 ran; 1 a threshold was crossed (--fail-on-vanity, --max-vanity-share, "
    "--fail-on-refuted); "
    "2 usage or connection error (one line on stderr). Field names: docs/audit-cli.md."
)


@click.group(cls=UpgGroup, epilog=EPILOG)
def audit() -> None:
    """Audits of the graph: vanity milestones, health scores, success gaps, milestone classes,
    evidence.

    Reads Neo4j with the UPG_NEO4J_* settings, or a running upg API with --api URL; both give
    identical output. JSON output is an object holding the rows under a key named after the
    audit, plus "count"; ndjson is one row object a line; csv has one header line.
    """


@audit.command()
@click.option("--product", metavar="ID|TITLE", help="Only this product's milestones.")
@click.option("--score", metavar="ID|TITLE", help="Only milestones this health score counts.")
@click.option("--tag", metavar="TAG", help="Only milestones with this tag.")
@click.option("--fail-on-vanity", is_flag=True, help="Exit 1 when any vanity milestone is listed.")
@output_options
@source_options
@click.pass_context
def vanity(
    ctx: click.Context,
    product: str | None,
    score: str | None,
    tag: str | None,
    fail_on_vanity: bool,
    fmt: str | None,
    output_file: str | None,
    api: str | None,
    token: str | None,
) -> None:
    """Vanity milestones: they feed a health score but validate no outcome.

    \b
    JSON: {"vanity_milestones": [row...], "count": N}, a row being
      {id, title, milestone_type, status, tags: [str],
       products: [{id, title}], scores: [{id, title, weight}], weight}
    weight: the milestone's weight summed over every score that counts it.
    """

    async def work(source: AuditSource) -> list[VanityMilestone]:
        product_id = (await resolve(source, "PRODUCT", product)).id if product else None
        score_id = (await resolve(source, "CUSTOMER_HEALTH_SCORE", score)).id if score else None
        return await source.vanity_milestones(product_id, score_id, tag)

    items = _run(_opener(ctx, api, token), work)
    _emit(output.vanity_listing(items), fmt, output_file, "vanity milestones")
    if fail_on_vanity and items:
        _fail(f"{len(items)} vanity milestone(s) found (--fail-on-vanity)")


@audit.command()
@click.option(
    "--max-vanity-share",
    type=click.FloatRange(0.0, 1.0),
    metavar="SHARE",
    help="Exit 1 when a score's vanity share (0..1) is above SHARE, e.g. 0.2.",
)
@output_options
@source_options
@click.pass_context
def scores(
    ctx: click.Context,
    max_vanity_share: float | None,
    fmt: str | None,
    output_file: str | None,
    api: str | None,
    token: str | None,
) -> None:
    """Every health score with its total weight, vanity weight and vanity share.

    \b
    JSON: {"health_scores": [row...], "count": N}, a row being
      {id, title, total_weight, vanity_weight, vanity_share,
       vanity_milestones: [{id, title, weight}]}
    vanity_share = vanity_weight / total_weight, from 0 to 1 (0 for an empty score).
    """
    found = _run(_opener(ctx, api, token), lambda source: source.health_score_audits())
    listing = output.score_listing(found, max_vanity_share)
    _emit(listing, fmt, output_file, "health scores")
    if max_vanity_share is not None:
        over = [row for row in listing.rows if row["vanity_share"] > max_vanity_share]
        if over:
            names = ", ".join(
                f"{row['title']} ({output.percent(row['vanity_share'])})" for row in over
            )
            _fail(
                f"{len(over)} health score(s) above vanity share "
                f"{output.percent(max_vanity_share)}: {names}",
            )


@audit.command()
@output_options
@source_options
@click.pass_context
def outcomes(
    ctx: click.Context,
    fmt: str | None,
    output_file: str | None,
    api: str | None,
    token: str | None,
) -> None:
    """Unmeasured outcomes: outcomes no milestone validates (success gaps).

    \b
    JSON: {"unmeasured_outcomes": [row...], "count": N}, a row being
      {id, title, status, tags: [str]}
    """
    found = _run(_opener(ctx, api, token), lambda source: source.unmeasured_outcomes())
    _emit(output.outcome_listing(found), fmt, output_file, "unmeasured outcomes")


@audit.command()
@click.option("--product", metavar="ID|TITLE", help="Only this product's milestones.")
@click.option("--fail-on-vanity", is_flag=True, help="Exit 1 when any milestone is VANITY.")
@output_options
@source_options
@click.pass_context
def milestones(
    ctx: click.Context,
    product: str | None,
    fail_on_vanity: bool,
    fmt: str | None,
    output_file: str | None,
    api: str | None,
    token: str | None,
) -> None:
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

    async def work(source: AuditSource) -> list[MilestoneAuditEntry]:
        product_id = (await resolve(source, "PRODUCT", product)).id if product else None
        return await source.milestone_audit(product_id)

    entries = _run(_opener(ctx, api, token), work)
    _emit(output.milestone_listing(entries), fmt, output_file, "milestones")
    vanity_count = sum(e.classification is MilestoneClass.VANITY for e in entries)
    if fail_on_vanity and vanity_count:
        _fail(f"{vanity_count} vanity milestone(s) found (--fail-on-vanity)")


@audit.command()
@click.option("--product", metavar="ID|TITLE", help="Only this product's milestones.")
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(),
    metavar="DATE",
    help="Count accounts as of this date or time (UTC; default: now).",
)
@click.option(
    "--fail-on-refuted",
    is_flag=True,
    help="Exit 1 when the evidence refutes a VALIDATES edge (vanity by evidence).",
)
@output_options
@source_options
@click.pass_context
def evidence(
    ctx: click.Context,
    product: str | None,
    as_of: datetime | None,
    fail_on_refuted: bool,
    fmt: str | None,
    output_file: str | None,
    api: str | None,
    token: str | None,
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
        product_id = (await resolve(source, "PRODUCT", product)).id if product else None
        return await source.evidence_report(product_id, moment)

    rows = _run(_opener(ctx, api, token), work)
    listing = output.evidence_listing(rows, moment)
    _emit(listing, fmt, output_file, "evidence pairs")
    refuted = [row for row in rows if evidence_service.is_vanity_by_evidence(row)]
    if fail_on_refuted and refuted:
        names = ", ".join(
            f"{pair['milestone']} -> {pair['outcome']}"
            for pair in listing.extra["vanity_by_evidence"]
        )
        _fail(f"{len(refuted)} VALIDATES edge(s) refuted by evidence (--fail-on-refuted): {names}")


async def snapshot(source: AuditSource) -> AuditSnapshot:
    """Everything the report draws, read from one source (evidence as stored, not computed)."""
    milestones = tuple(await source.milestone_audit(None))
    stored = await source.stored_evidence([e.milestone.id for e in milestones])
    return AuditSnapshot(
        products=tuple(await source.products()),
        milestones=milestones,
        scores=tuple(await source.health_score_audits()),
        unmeasured=tuple(await source.unmeasured_outcomes()),
        evidence=tuple(item for items in stored.values() for item in items),
    )


@audit.command()
@click.option(
    "--html",
    "html_file",
    required=True,
    metavar="FILE",
    help="Where to write the report ('-' for stdout).",
)
@click.option("--title", default="upg audit report", show_default=True, help="Page title.")
@click.option("--fail-on-vanity", is_flag=True, help="Exit 1 when the report shows vanity.")
@source_options
@click.pass_context
def report(
    ctx: click.Context,
    html_file: str,
    title: str,
    fail_on_vanity: bool,
    api: str | None,
    token: str | None,
) -> None:
    """A self-contained HTML report: a picture per product, the scores, the success gaps.

    Product -> milestones -> outcomes and scores, vanity milestones in red. The page holds its
    CSS and SVG inline and fetches nothing, so it can be mailed or archived as a CI artefact.
    """
    found = _run(_opener(ctx, api, token), snapshot)
    page = html_report.render(found, title=title)
    if html_file == "-":
        click.echo(page, nl=False)
    else:
        path = Path(html_file)
        try:
            path.write_text(page, encoding="utf-8")
        except OSError as exc:
            raise AuditError(f"cannot write {path}: {exc.strerror or exc}") from None
        click.echo(
            f"upg: wrote the report to {path} ({len(found.products)} products, "
            f"{len(found.vanity)} vanity milestones)",
            err=True,
        )
    if fail_on_vanity and found.vanity:
        _fail(f"{len(found.vanity)} vanity milestone(s) found (--fail-on-vanity)")
