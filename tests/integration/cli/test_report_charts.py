"""The report's backtests and activation trends: drawn from Neo4j and from the API alike."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.integration.cli.conftest import Run
from tests.live_server import serve
from upg.api.app import create_app
from upg.bootstrap import Upg
from upg.config import Settings
from upg.services import accounts, cohort, demo


@pytest.fixture
def api_url(settings: Settings) -> Iterator[str]:
    with serve(create_app(settings)) as url:
        yield url


@pytest.fixture
async def cohort_graph(container: Upg) -> None:
    summary = await cohort.load_cohort(
        container.evidence,
        container.repository,
        2500,
        seed=12,
        as_of=datetime(2026, 11, 23, tzinfo=UTC),
    )
    assert summary.rejected == []
    # As `upg demo cohort` and `upg evidence import` do: the route marks the statuses read.
    await accounts.refresh(container.accounts, container.journey_policy)


@pytest.mark.usefixtures("cohort_graph")
async def test_roc_calibration_and_trends_the_same_from_both_sources(
    run: Run, api_url: str, tmp_path: Path
) -> None:
    from_neo4j, from_api = tmp_path / "neo4j.html", tmp_path / "api.html"
    assert (await run("report", "--html", str(from_neo4j))).exit_code == 0
    result = await run("report", "--html", str(from_api), "--api", api_url)
    assert result.exit_code == 0, result.output
    page = from_neo4j.read_text()
    assert from_api.read_text() == page

    card = re.search(
        rf'<section class="card backtest" data-id="{demo.TRIAL_HEALTH.id}">(.*?)</section>',
        page,
        flags=re.S,
    )
    assert card is not None
    trial = card.group(1)
    assert 'class="bt-verdict PREDICTIVE"' in trial
    assert trial.count('<polyline class="roc') == 3  # one curve per variant
    assert 'aria-label="Calibration of Trial health"' in trial
    assert trial.count("<circle") >= 2  # deciles (ties share one)
    # Nobody renews in the cohort: untested, no chart.
    renewal = re.search(
        rf'class="card backtest" data-id="{demo.RENEWAL_RISK.id}">(.*?)</section>', page, flags=re.S
    )
    assert renewal is not None and "UNTESTED" in renewal.group(1)
    assert "<polyline" not in renewal.group(1)

    trend = re.search(
        rf'<section class="card trend" data-id="{demo.SECOND_EDITOR.id}">(.*?)</section>',
        page,
        flags=re.S,
    )
    assert trend is not None
    assert '<polyline class="reach"' in trend.group(1)
    assert '<polyline class="outcome"' in trend.group(1)
    routes = re.search(r'<section class="card routes">(.*?)</section>', page, flags=re.S)
    assert routes is not None
    row = re.search(rf'<tr data-id="{demo.DOCFLOW.id}">(.*?)</tr>', routes.group(1))
    assert row is not None
    total, *counts = (int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row.group(1)))
    # The cohort's DocFlow accounts, each counted under exactly one status.
    assert total == sum(counts) > 0 and len(counts) == 4


async def test_a_graph_without_accounts_says_so(container: Upg, run: Run, tmp_path: Path) -> None:
    await demo.load_demo(container.repository)
    target = tmp_path / "report.html"
    assert (await run("report", "--html", str(target))).exit_code == 0
    page = target.read_text()
    assert "No activation trend" in page
    # Scores are backtested (their milestones validate outcomes) but no account is counted.
    assert 'class="bt-verdict UNTESTED"' in page
