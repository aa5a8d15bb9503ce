"""`upg audit --api URL` against the real API on the demo graph: the same bytes as from Neo4j."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.integration.cli.conftest import Run
from tests.live_server import serve
from upg.api.app import create_app
from upg.config import Settings

pytestmark = pytest.mark.usefixtures("demo_graph")


@pytest.fixture
def api_url(settings: Settings) -> Iterator[str]:
    with serve(create_app(settings)) as url:
        yield url


SCOPES = [
    ("vanity",),
    ("vanity", "--product", "DocFlow"),
    ("vanity", "--product", "lumen analytics"),
    ("vanity", "--score", "CRM adoption health"),
    ("vanity", "--tag", "onboarding"),
    ("vanity", "--product", "PipeMail", "--tag", "engagement"),
    ("scores",),
    ("outcomes",),
    ("milestones",),
    ("milestones", "--product", "PipeMail"),
]


@pytest.mark.parametrize("fmt", ["json", "csv", "ndjson", "table"])
async def test_both_sources_print_the_same(run: Run, api_url: str, fmt: str) -> None:
    for args in SCOPES:
        from_neo4j = await run(*args, "--format", fmt)
        from_api = await run(*args, "--format", fmt, "--api", api_url)
        assert from_neo4j.exit_code == from_api.exit_code == 0, (args, from_api.output)
        assert from_api.stdout == from_neo4j.stdout, args
        assert from_api.stdout.strip()


async def test_both_sources_draw_the_same_report(run: Run, api_url: str, tmp_path: Path) -> None:
    from_neo4j, from_api = tmp_path / "neo4j.html", tmp_path / "api.html"
    assert (await run("report", "--html", str(from_neo4j))).exit_code == 0
    result = await run("report", "--html", str(from_api), "--api", f"{api_url}/graphql")
    assert result.exit_code == 0, result.output
    assert from_api.read_bytes() == from_neo4j.read_bytes()


async def test_thresholds_and_errors_through_the_api(run: Run, api_url: str) -> None:
    assert (await run("vanity", "--fail-on-vanity", "--api", api_url)).exit_code == 1
    assert (await run("scores", "--max-vanity-share", "0.2", "--api", api_url)).exit_code == 1
    assert (await run("scores", "--max-vanity-share", "0.5", "--api", api_url)).exit_code == 0
    unknown = await run("vanity", "--product", "Nope", "--api", api_url)
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("upg: error: no product titled 'Nope'")


async def test_a_bad_token_is_refused_with_the_reason(run: Run, api_url: str) -> None:
    refused = await run("vanity", "--api", api_url, "--token", "upg_not-a-real-key")
    assert refused.exit_code == 2
    assert "HTTP 401" in refused.stderr
    assert "not recognised or has been revoked" in refused.stderr
    assert refused.stdout == ""


async def test_the_api_serves_the_browser_guide_with_cors(api_url: str) -> None:
    origin = {"Origin": "http://localhost:7474"}
    async with httpx.AsyncClient(base_url=api_url) as http:
        page = await http.get("/browser-guide", headers=origin)
        preflight = await http.options(
            "/browser-guide",
            headers={
                **origin,
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "pragma,cache-control",
            },
        )
        grass = await http.get("/browser-guide?file=upg.grass", headers=origin)
    assert page.status_code == 200 and page.text.startswith('<article class="guide">')
    assert page.headers["access-control-allow-origin"] == "*"
    assert preflight.status_code == 204
    assert "pragma" in preflight.headers["access-control-allow-headers"]
    assert grass.status_code == 200 and "node.Product" in grass.text
