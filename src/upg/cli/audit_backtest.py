"""`upg audit backtest`: does each health score predict its outcome?

The same output formats, writer, sources and exit codes as the other audits (upg.cli.audit):
0 ran, 1 --fail-below-auc crossed, 2 usage or connection error. It reads Neo4j, or with
`--api URL` a running upg API: one `healthScoreBacktest` request per score (the API allows one
backtest per request), mapped to the same rows (`upg.audit.api_backtest`).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import click

from upg.audit.api_backtest import Row, api_backtests
from upg.audit.api_source import ApiSource
from upg.audit.graph_source import GraphSource
from upg.audit.source import resolve_optional
from upg.cli.audit import OUTPUT_OPTIONS, SOURCE_OPTIONS, AuditError, _check, _emit
from upg.cli.audit_sources import api_source, connected
from upg.cli.backtest_listing import backtest_row, below_auc, rows_listing
from upg.errors import UpgError
from upg.model.backtest import BacktestPolicy
from upg.services import backtest as service
from upg.services.evidence import parse_time
from upg.services.nodes import parse_id


def _moment(value: datetime | None, name: str) -> datetime | None:
    return None if value is None else parse_time(value, name)


async def _from_api(
    url: str,
    token: str | None,
    score: str | None,
    outcome: str | None,
    as_of: datetime,
    landmark: datetime | None,
    policy: BacktestPolicy,
) -> list[Row]:
    async with api_source(url, token) as source:
        score_id = await resolve_optional(source, "CUSTOMER_HEALTH_SCORE", score)
        outcome_id = None if outcome is None else parse_id(outcome, "--outcome")
        if score_id is None and outcome_id is not None:
            raise AuditError("--outcome needs --score (each score has its own outcome)")
        assert isinstance(source, ApiSource)
        return await api_backtests(
            source, score_id, outcome_id, as_of, landmark, policy.horizon_days
        )


async def _from_graph(
    score: str | None,
    outcome: str | None,
    as_of: datetime,
    landmark: datetime | None,
    policy: BacktestPolicy,
) -> list[Row]:
    return [backtest_row(b) for b in await _backtests(score, outcome, as_of, landmark, policy)]


async def _backtests(
    score: str | None,
    outcome: str | None,
    as_of: datetime,
    landmark: datetime | None,
    policy: BacktestPolicy,
) -> list[service.Backtest]:
    async with connected() as upg:
        window = upg.evidence_policy.default_window_days
        score_id = await resolve_optional(
            GraphSource(upg.repository), "CUSTOMER_HEALTH_SCORE", score
        )
        outcome_id = None if outcome is None else parse_id(outcome, "--outcome")
        if score_id is None:
            if outcome_id is not None:
                raise AuditError("--outcome needs --score (each score has its own outcome)")
            return await service.backtests(
                upg.backtest, upg.repository, policy=policy, as_of=as_of, default_window_days=window
            )
        found = await service.backtest(
            upg.backtest,
            upg.repository,
            score_id,
            outcome_id,
            policy=policy,
            as_of=as_of,
            landmark=landmark,
            default_window_days=window,
        )
        return [found]


@click.command(
    "backtest",
    epilog="Exit codes: 0 ran; 1 --fail-below-auc crossed; 2 usage or "
    "connection error. Fields and thresholds: docs/backtest.md.",
)
@click.option(
    "--score",
    metavar="ID|TITLE",
    help="Only this health score (default: every score "
    "that counts a milestone validating an outcome).",
)
@click.option(
    "--outcome",
    metavar="ID",
    help="Test against this outcome (with --score; default: "
    "the outcome most of the score's weight validates).",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(),
    metavar="DATE",
    help="The data's 'now' (UTC; default: now): horizons must have closed by then.",
)
@click.option(
    "--landmark",
    type=click.DateTime(),
    metavar="DATE",
    help="Score every account "
    "as of this date (with --score; default: each account's sign-up + the score's "
    "longest window).",
)
@click.option(
    "--horizon-days",
    type=click.IntRange(1, 3650),
    default=BacktestPolicy.horizon_days,
    show_default=True,
    help="Days after the landmark within which the outcome counts.",
)
@click.option(
    "--fail-below-auc",
    type=click.FloatRange(0.0, 1.0),
    metavar="AUC",
    help="Exit 1 when a score's AUC (as weighted today) is below AUC, e.g. 0.7.",
)
def backtest(
    score: str | None,
    outcome: str | None,
    as_of: datetime | None,
    landmark: datetime | None,
    horizon_days: int,
    fail_below_auc: float | None,
    fmt: str | None,
    output_file: str | None,
    api: str | None,
    token: str | None,
) -> None:
    """Backtest health scores: score every account at a landmark, see who reached the outcome.

    \b
    Per score: AUC with a 95% interval (DeLong) as weighted today, without its vanity
    milestones and with evidence-suggested weights; top-decile lift; Brier score of the
    calibrated score; an out-of-time check; verdict PREDICTIVE, WEAK, NOT_PREDICTIVE or
    UNTESTED.
    JSON: {"backtests": [row...], "count": N}, a row being
      {score_id, score, outcome_id, outcome, as_of, landmark, horizon_days, n, positives,
       base_rate, verdict, auc, auc_low, auc_high, auc_without_vanity, auc_suggested,
       vanity_auc_difference, vanity_changes_auc, out_of_time_auc, out_of_time_auc_suggested,
       lift, brier, brier_reference, variants: [...]}
    """
    if landmark is not None and score is None:
        raise AuditError("--landmark needs --score")
    moment = _moment(as_of, "as_of") or datetime.now(UTC).replace(microsecond=0)
    policy = BacktestPolicy(horizon_days=horizon_days)
    given = click.get_current_context().get_parameter_source("token")
    if token and given is click.core.ParameterSource.COMMANDLINE and not api:
        raise AuditError("--token is only used with --api URL")
    at = _moment(landmark, "landmark")
    try:
        found = asyncio.run(
            _from_api(api, token, score, outcome, moment, at, policy)
            if api
            else _from_graph(score, outcome, moment, at, policy)
        )
    except UpgError as exc:
        raise AuditError(exc.message) from None
    listing = rows_listing(found)
    _emit(listing, fmt, output_file, "backtests")
    if fail_below_auc is not None:
        _check(below_auc(listing.rows, fail_below_auc))


for _option in reversed((*OUTPUT_OPTIONS, *SOURCE_OPTIONS)):
    backtest = _option(backtest)
