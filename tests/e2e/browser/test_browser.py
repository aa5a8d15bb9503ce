"""What people see: the HTML report, the Browser guide and Neo4j Browser, in headless Chromium.

Screenshots land in .upg/test-artifacts/ (report.png, guide.png, neo4j-browser.png,
neo4j-browser-guide.png, neo4j-browser-vanity.png).
"""

from __future__ import annotations

import asyncio
import re
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.e2e.browser.conftest import ARTIFACTS
from tests.integration.cli.conftest import Run
from tests.live_server import serve
from upg.api.app import create_app
from upg.config import Settings
from upg.services import demo

if TYPE_CHECKING:
    from playwright.async_api import Page

WAIT_MS = 30_000


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture
def api_url(settings: Settings) -> Iterator[str]:
    """The real API app (guide included) on a free loopback port."""
    with serve(create_app(settings)) as url:
        yield url


@pytest.mark.usefixtures("demo_graph")
async def test_report_renders_with_vanity_in_red(page: Page, run: Run, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    result = await run("report", "--html", str(report))
    assert result.exit_code == 0, result.output

    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    await page.goto(report.as_uri())
    await page.wait_for_load_state("load")

    shot = ARTIFACTS / "report.png"
    data = await page.screenshot(path=str(shot), full_page=True)
    width, height = png_size(data)
    assert width >= 1000 and height > 2000, (width, height)
    assert len(data) > 50_000  # a blank page compresses to a few KB

    assert requested == [report.as_uri()]  # self-contained: nothing else is fetched
    drawn = await page.eval_on_selector_all(
        "svg.graph", "svgs => svgs.map(s => s.getBoundingClientRect().height)"
    )
    assert len(drawn) == 3 and min(drawn) > 200
    vanity = await page.eval_on_selector_all(
        "g.milestone.vanity", "groups => groups.map(g => g.dataset.title)"
    )
    assert set(vanity) == demo.VANITY_TITLES and len(vanity) == len(demo.VANITY_TITLES)
    text = await page.inner_text("body")
    for title in demo.VANITY_TITLES:
        assert title in text
    stroke = await page.eval_on_selector(
        "g.milestone.vanity rect", "r => getComputedStyle(r).stroke"
    )
    assert stroke == "rgb(198, 40, 40)"  # --vanity: red


async def test_guide_renders_in_chromium(page: Page, api_url: str) -> None:
    response = await page.goto(f"{api_url}/browser-guide")
    assert response is not None and response.ok
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = await page.request.fetch(f"{api_url}/browser-guide", method="OPTIONS")
    allowed = preflight.headers["access-control-allow-headers"]
    # Browser sometimes sends Sentry's tracing headers: a preflight refusing them fails :play.
    assert {"pragma", "cache-control", "sentry-trace", "baggage"} <= {
        h.strip() for h in allowed.split(",")
    }
    assert await page.locator("article.guide slide").count() == 10
    runnable = page.locator("pre.runnable")
    assert await runnable.count() >= 10
    texts = await runnable.all_inner_texts()
    assert any(t.startswith("// VANITY MILESTONES") for t in texts)
    assert f":style {api_url}/browser-guide?file=upg.grass" in texts
    data = await page.screenshot(path=str(ARTIFACTS / "guide.png"), full_page=True)
    assert png_size(data)[1] > 1000


async def test_neo4j_browser_loads_from_the_local_neo4j(page: Page, settings: Settings) -> None:
    url = f"http://127.0.0.1:{settings.http_port}/browser/"
    response = await page.goto(url)
    assert response is not None and response.ok, f"no Neo4j Browser at {url}"
    assert await page.title() == "Neo4j Browser"
    await page.locator("#mount [data-testid=main]").wait_for(timeout=WAIT_MS)
    await page.locator("[data-testid=password]").wait_for(timeout=WAIT_MS)  # the connect form
    await page.screenshot(path=str(ARTIFACTS / "neo4j-browser.png"))


async def _connect(page: Page, settings: Settings) -> None:
    await page.goto(f"http://127.0.0.1:{settings.http_port}/browser/")
    await page.fill("[data-testid=username]", settings.neo4j_user, timeout=WAIT_MS)
    await page.fill("[data-testid=password]", settings.neo4j_password)
    await page.click("[data-testid=connect]")
    await page.get_by_text("You are connected as user").wait_for(timeout=WAIT_MS)


async def _run_command(page: Page, command: str) -> None:
    await page.click("[data-testid=activeEditor]")
    await page.keyboard.type(command)
    await page.click("[data-testid=editor-Run]")


async def _run_block(page: Page, text: str) -> None:
    """Click a guide's runnable block (Browser puts it in the editor), then run it."""
    await page.locator("pre.runnable", has_text=text).first.click()
    await page.click("[data-testid=editor-Run]")


@pytest.mark.usefixtures("demo_graph")
async def test_guide_plays_in_neo4j_browser(page: Page, settings: Settings, api_url: str) -> None:
    await _connect(page, settings)
    # "localhost", not 127.0.0.1: Browser's built-in allowlist has it, so the guide may load
    # even before Browser has fetched the server's configured allowlist after connecting.
    guide = api_url.replace("127.0.0.1", "localhost")
    await _run_command(page, f":play {guide}/browser-guide")
    await page.get_by_text("Success milestones, health scores and outcomes").wait_for(
        timeout=WAIT_MS
    )
    assert await page.locator("[data-testid=carousel]").count() == 1
    await page.screenshot(path=str(ARTIFACTS / "neo4j-browser-guide.png"))

    await _run_block(page, ":style")
    await page.get_by_text("node.SuccessMilestone").wait_for(timeout=WAIT_MS)

    for _ in range(4):  # the vanity graph is slide 5
        await page.click("[data-testid=nextSlide]")
    await _run_block(page, "VANITY GRAPH")
    vanity_nodes = len(demo.VANITY_TITLES) + 4 + 3  # milestones, their scores, their products
    summary = page.get_by_text(re.compile(r"Displaying \d+ nodes, \d+ relationships"))
    await summary.wait_for(timeout=WAIT_MS)
    assert f"Displaying {vanity_nodes} nodes" in await summary.inner_text()
    await page.get_by_text("SuccessMilestone (6)").wait_for(timeout=WAIT_MS)
    await asyncio.sleep(2)  # let the force layout settle for the picture
    await page.screenshot(path=str(ARTIFACTS / "neo4j-browser-vanity.png"))
