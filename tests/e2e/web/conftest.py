"""The web app (web/) in headless Chromium against the real server and Neo4j.

The app is built first when web/dist is missing or stale (scripts/build-web: npm ci + vite
build; CI runs on a clean clone), then served by the real API app (`upg.api.app.create_app`) on
a free port. The graph is the demo with a synthetic cohort whose evidence was computed and
stored (the second-editor milestone VALIDATED, 58.9% vs 8.8%).
"""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.auth import jwt_for
from tests.e2e.browser.conftest import ARTIFACTS, page
from tests.live_server import serve
from upg.api.app import create_app
from upg.bootstrap import Upg
from upg.config import Settings
from upg.services import cohort, demo
from upg.services import evidence as evidence_service
from upg.services.cohort_journeys import JourneySummary, load_journeys, per_kind_for

if TYPE_CHECKING:
    from playwright.async_api import ConsoleMessage, Page

__all__ = ["ARTIFACTS", "Browser", "page"]

REPO = Path(__file__).resolve().parents[3]
AS_OF = datetime(2026, 11, 23, tzinfo=UTC)
ACCOUNTS = 10_000
SEED = 1
WAIT_MS = 20_000


@pytest.fixture(scope="session")
def web_dist() -> Path:
    """web/dist, built now if missing or older than its sources."""
    built = subprocess.run(
        [str(REPO / "scripts" / "build-web")], capture_output=True, text=True, check=False
    )
    if built.returncode != 0:
        pytest.fail(f"building the web app failed:\n{built.stdout}\n{built.stderr}")
    dist = REPO / "web" / "dist"
    assert (dist / "index.html").is_file()
    return dist


@pytest.fixture
def app_url(settings: Settings, web_dist: Path) -> Iterator[str]:
    """The real app (API and web app) on a free loopback port."""
    with serve(create_app(settings)) as url:
        yield url


@pytest.fixture
async def demo_graph(container: Upg) -> None:
    """The demo graph alone (no accounts, so no evidence)."""
    await demo.load_demo(container.repository)


@pytest.fixture
async def cohort_graph(container: Upg) -> None:
    """The demo graph and the demo cohort (`upg demo cohort`: 10,000 accounts, seed 1), its
    evidence computed and stored."""
    summary = await cohort.load_cohort(
        container.evidence, container.repository, ACCOUNTS, seed=SEED, as_of=AS_OF
    )
    assert summary.rejected == []
    await evidence_service.compute(
        container.evidence,
        container.repository,
        policy=container.evidence_policy,
        as_of=AS_OF,
        store=True,
    )


@pytest.fixture
async def journeys_graph(container: Upg, cohort_graph: None) -> JourneySummary:
    """What `upg demo cohort` loads: the cohort above, then journey accounts with a known route
    status (stalled, behind, on track, arrived, expanding) naming their destinations, and the
    route marks of every account (the status filter reads them). Journeys are planned as of now:
    routes are computed as of now."""
    return await load_journeys(
        container.accounts,
        container.evidence,
        SEED,
        datetime.now(UTC),
        per_kind_for(ACCOUNTS),
        container.journey_policy,
    )


@dataclass
class Browser:
    """A page of the app, signed in (or not), that records console errors."""

    page: Page
    url: str
    settings: Settings
    errors: list[str] = field(default_factory=list)

    async def open(self, path: str) -> None:
        response = await self.page.goto(self.url + path)
        assert response is not None and response.ok, path

    async def sign_in(self, role: str) -> None:
        await self.page.fill("#api-key", jwt_for(self.settings, role, subject=f"web-{role}"))
        await self.page.click("text=Sign in")
        await self.page.get_by_text("Signed in with an API key").wait_for(timeout=WAIT_MS)
        # Anonymous read is off: the page's first request, sent before signing in, was refused
        # 401 (Chromium logs that); nothing after signing in may be.
        self.errors = [e for e in self.errors if "status of 401" not in e]

    async def shot(self, name: str) -> None:
        await self.page.screenshot(path=str(ARTIFACTS / name), full_page=True)

    def assert_no_console_errors(self, *expected: str) -> None:
        """No console error but those holding one of `expected` (a refused request's status)."""
        unexpected = [e for e in self.errors if not any(x in e for x in expected)]
        assert unexpected == [], unexpected


@pytest.fixture
async def browser(page: Page, app_url: str, settings: Settings) -> AsyncIterator[Browser]:
    session = Browser(page, app_url, settings)

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            session.errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: session.errors.append(f"page error: {error}"))
    page.set_default_timeout(WAIT_MS)
    yield session
