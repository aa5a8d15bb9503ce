"""The report's backtest and activation charts: drawn from model results, escaped, no script."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np

from tests.unit.cli.test_report_html import parse
from tests.unit.fakes import InMemoryRepository
from upg.audit.charts import Charts, CohortPoint, ProductStatuses, TrendChart, score_chart
from upg.audit.graph_source import GraphSource
from upg.audit.snapshot import snapshot
from upg.model.backtest import Population, backtest
from upg.model.health_values import ScoreDefinition, ScoredMilestone
from upg.report.html import render
from upg.services import backtest as service

AS_OF = datetime(2026, 11, 23, tzinfo=UTC)
SCORE = ScoreDefinition(
    "s1",
    "<script>alert(1)</script> score",
    (
        ScoredMilestone("m1", "Aha", 5.0, 3, vanity=False, validated=True),
        ScoredMilestone("m2", "Profile", 1.0, 14, vanity=True, validated=False),
    ),
)


def charts() -> Charts:
    rng = np.random.default_rng(3)
    hits = rng.random((3000, 2)) < 0.5
    labels = rng.random(3000) < np.where(hits[:, 0], 0.5, 0.1)
    result = backtest(SCORE, Population(hits, labels, rng.random(3000)))
    found = service.Backtest(result, "o1", "Trial converts", AS_OF, None, 90)
    trend = TrendChart(
        "m1",
        "Aha",
        3,
        "Trial converts",
        tuple(
            CohortPoint(date(2026, month, 1), 100, 0.31 if month < 6 else 0.46, 1.5, 0.2)
            for month in range(1, 11)
        ),
    )
    return Charts(AS_OF, (score_chart(found),), (trend,))


async def test_roc_calibration_and_trend_are_drawn_and_escaped() -> None:
    page = render(await snapshot(GraphSource(InMemoryRepository())), charts=charts())
    parsed = parse(page)
    lines = [attrs.get("class") or "" for tag, attrs in parsed.tags if tag == "polyline"]
    assert sum(c.startswith("roc") for c in lines) == 3
    assert "reach" in lines and "outcome" in lines
    assert sum(1 for tag, _ in parsed.tags if tag == "circle") >= 10 + 2  # trend + deciles
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert not any(tag == "script" for tag, _ in parsed.tags)
    assert 'class="bt-verdict PREDICTIVE"' in page or 'class="bt-verdict WEAK"' in page


async def test_without_charts_the_report_is_unchanged() -> None:
    page = render(await snapshot(GraphSource(InMemoryRepository())))
    assert "Health score backtests" not in page


async def test_route_statuses_by_product_are_a_table_with_the_late_share() -> None:
    statuses = (
        ProductStatuses("p1", "<b>DocFlow</b>", (50, 30, 10, 10)),
        ProductStatuses("p2", "PipeMail", (0, 0, 0, 4)),
    )
    found = Charts(AS_OF, statuses=statuses)
    page = render(await snapshot(GraphSource(InMemoryRepository())), charts=found)
    assert "Route statuses by product (2)" in page
    section = page[page.index('id="routes"') :]
    assert "&lt;b&gt;DocFlow&lt;/b&gt;" in section and "<b>DocFlow" not in section
    doc = section[section.index('data-id="p1"') : section.index('data-id="p2"')]
    cells = [c.split("<")[0] for c in doc.split('<td class="num">')[1:]]
    assert cells == ["100", "50", "30", "10", "10"]
    assert "width: 40.0%" in doc and "40" in doc.split("</span>")[-1]
    pipemail = section[section.index('data-id="p2"') :]
    assert "width: 0.0%" in pipemail
    empty = render(await snapshot(GraphSource(InMemoryRepository())), charts=Charts(AS_OF))
    assert "No route status" in empty
